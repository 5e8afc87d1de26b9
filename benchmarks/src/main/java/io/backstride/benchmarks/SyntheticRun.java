package io.backstride.benchmarks;

import io.backstride.core.Sample;
import io.backstride.core.activity.Geo;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A made-up run recorded at one point a second: out and up a hill, back down the same road, with
 * barometric jitter, heart rate and cadence. The same points can be written as GPX with or without
 * Garmin's TrackPointExtension, or handed over as samples, so that every benchmark reads the same
 * run whatever form it needs.
 *
 * @param points the recorded points, in time order
 */
public record SyntheticRun(List<Point> points) {

  /** One recorded point; cadence in strides per minute (one foot), as Garmin's extension has it. */
  public record Point(Instant time, double lat, double lon, double ele, int hr, int cad) {}

  /** An ~8 km run at 3 m/s: 2,600 points, about the size of a typical GPX upload. */
  public static final int TYPICAL_SECONDS = 2_600;

  /**
   * A run of {@code seconds} points from {@code start}, half up {@code climbM} and half down; the
   * seed fixes the noise so that every benchmark run reads identical bytes.
   */
  public static SyntheticRun hill(Instant start, int seconds, double climbM, long seed) {
    Random random = new Random(seed);
    double speed = 2.9 + random.nextDouble() * 0.3;
    double length = seconds * speed;
    double half = length / 2;
    List<Point> points = new ArrayList<>(seconds);
    for (int t = 0; t < seconds; t++) {
      double d = t * speed;
      double along = d <= half ? d : length - d; // out and back on the same road
      double[] p = Geo.offset(46.05, 14.50, along, 0);
      double ele = 210 + climbM * along / half + (random.nextDouble() - 0.5) * 0.6;
      int hr = 140 + (int) (20 * along / half) + random.nextInt(5);
      int cad = 84 + random.nextInt(4);
      points.add(new Point(start.plusSeconds(t), p[0], p[1], ele, hr, cad));
    }
    return new SyntheticRun(List.copyOf(points));
  }

  /** The points as backstride's samples, cadence in steps per minute (both feet). */
  public List<Sample> samples() {
    List<Sample> samples = new ArrayList<>(points.size());
    for (Point p : points) {
      samples.add(
          new Sample(p.time(), p.lat(), p.lon(), p.ele(), null, null, p.hr(), 2.0 * p.cad(), null));
    }
    return samples;
  }

  /**
   * The run as a GPX 1.1 file. With {@code extensions}, every point carries heart rate and cadence
   * in Garmin's TrackPointExtension v1, laid out as a Garmin watch exports it; without, only
   * position, elevation and time, as a phone app or GPSBabel writes.
   */
  public byte[] gpx(boolean extensions) {
    StringBuilder gpx = new StringBuilder(points.size() * (extensions ? 260 : 130));
    gpx.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<gpx version=\"1.1\" creator=\"backstride benchmarks\"")
        .append(" xmlns=\"http://www.topografix.com/GPX/1/1\"");
    if (extensions) {
      gpx.append(" xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\"");
    }
    gpx.append(">\n <trk>\n  <name>Hill run</name>\n  <type>running</type>\n  <trkseg>\n");
    for (Point p : points) {
      gpx.append("   <trkpt lat=\"")
          .append(round(p.lat(), 7))
          .append("\" lon=\"")
          .append(round(p.lon(), 7))
          .append("\">\n    <ele>")
          .append(round(p.ele(), 1))
          .append("</ele>\n    <time>")
          .append(DateTimeFormatter.ISO_INSTANT.format(p.time()))
          .append("</time>\n");
      if (extensions) {
        gpx.append("    <extensions>\n     <gpxtpx:TrackPointExtension>\n      <gpxtpx:hr>")
            .append(p.hr())
            .append("</gpxtpx:hr>\n      <gpxtpx:cad>")
            .append(p.cad())
            .append("</gpxtpx:cad>\n     </gpxtpx:TrackPointExtension>\n    </extensions>\n");
      }
      gpx.append("   </trkpt>\n");
    }
    gpx.append("  </trkseg>\n </trk>\n</gpx>\n");
    return gpx.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String round(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
  }
}
