package io.backstride.cli;

import io.backstride.core.activity.Geo;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A made-up athlete's last seven weeks as GPX files: three 8 km runs a week over a hill, steady for
 * six weeks, then the same distance with three times the downhill in the last week, which is the
 * ramp the physiotherapist warns about.
 */
public final class DemoHistory {
  public static final int WEEKS = 7;
  public static final double RUN_DISTANCE_M = 8000;
  public static final double USUAL_CLIMB_M = 50;
  public static final double RAMP_CLIMB_M = 150;

  /** One generated run. */
  public record DemoRun(LocalDate date, double distanceM, double climbM, String gpx) {}

  /** Each run starts at this time (UTC) and is over within the hour. */
  static final LocalTime START = LocalTime.of(7, 0);

  /**
   * When the runs start at {@code now}: at {@link #START}, unless today's run would then not have
   * happened yet; before 08:00 UTC they start at midnight. A run hours ahead of the clock would
   * carry timestamps the broker refuses (more than an hour in the future, {@code
   * log.message.timestamp.after.max.ms}), which stopped the demo between midnight and breakfast; a
   * run from midnight is at most 48 minutes ahead. The last run stays today's, so its alert is
   * fresh enough to be emailed.
   */
  public static LocalTime startAt(Instant now) {
    LocalTime time = LocalDateTime.ofInstant(now, ZoneOffset.UTC).toLocalTime();
    return time.isBefore(START.plusHours(1)) ? LocalTime.MIDNIGHT : START;
  }

  /**
   * The runs, oldest first, the last one on {@code lastDay}: weeks of
   * Monday-Wednesday-Saturday-like runs (days 0, 2, 5), with the last week's runs on days 1, 3 and
   * 5 so that the ramp shows in the last few days.
   */
  public static List<DemoRun> runs(LocalDate lastDay, long seed) {
    return runs(lastDay, START, seed);
  }

  /** The runs, each starting at {@code start} (UTC) on its day. */
  public static List<DemoRun> runs(LocalDate lastDay, LocalTime start, long seed) {
    Random random = new Random(seed);
    LocalDate first = lastDay.minusDays(7L * (WEEKS - 1) + 5);
    List<DemoRun> runs = new ArrayList<>();
    for (int week = 0; week < WEEKS; week++) {
      boolean ramp = week == WEEKS - 1;
      for (int day : ramp ? new int[] {1, 3, 5} : new int[] {0, 2, 5}) {
        LocalDate date = first.plusDays(7L * week + day);
        double climb = ramp ? RAMP_CLIMB_M : USUAL_CLIMB_M;
        double speed = 2.9 + random.nextDouble() * 0.3;
        runs.add(new DemoRun(date, RUN_DISTANCE_M, climb, gpx(date, start, speed, climb, random)));
      }
    }
    return runs;
  }

  /** A run starting at {@link #START}. */
  static String gpx(LocalDate date, double speedMps, double climbM, Random random) {
    return gpx(date, START, speedMps, climbM, random);
  }

  /**
   * A GPX 1.1 track at one sample a second: out and up the hill for half the distance, back down
   * for the other half, with a little barometric jitter.
   */
  static String gpx(
      LocalDate date, LocalTime startTime, double speedMps, double climbM, Random random) {
    Instant start = date.atTime(startTime).toInstant(ZoneOffset.UTC);
    int seconds = (int) (RUN_DISTANCE_M / speedMps);
    double half = RUN_DISTANCE_M / 2;
    StringBuilder gpx = new StringBuilder(seconds * 120);
    gpx.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<gpx version=\"1.1\" creator=\"backstride demo\"")
        .append(" xmlns=\"http://www.topografix.com/GPX/1/1\">\n")
        .append("<trk><name>Hill run ")
        .append(date)
        .append("</name><type>running</type><trkseg>\n");
    for (int t = 0; t <= seconds; t++) {
      double d = t * speedMps;
      double along = d <= half ? d : RUN_DISTANCE_M - d; // out and back on the same road
      double elevation = 210 + climbM * along / half + (random.nextDouble() - 0.5) * 0.6;
      double[] p = Geo.offset(46.05, 14.50, along, 0);
      gpx.append(
          String.format(
              Locale.ROOT,
              "<trkpt lat=\"%.7f\" lon=\"%.7f\"><ele>%.1f</ele><time>%s</time></trkpt>\n",
              p[0],
              p[1],
              elevation,
              DateTimeFormatter.ISO_INSTANT.format(start.plusSeconds(t))));
    }
    gpx.append("</trkseg></trk>\n</gpx>\n");
    return gpx.toString();
  }

  private DemoHistory() {}
}
