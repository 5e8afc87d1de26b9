package io.backstride.alerts.scenarios;

import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.core.activity.ActivityMetrics;
import io.backstride.core.activity.ActivityState;
import io.backstride.core.load.ActivityLoad;
import io.backstride.core.load.DailyLoad;
import io.backstride.core.load.Trend;
import io.backstride.core.load.TrendCalculator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * A made-up athlete whose activities go through the real per-activity metrics of {@code core}
 * (samples at 1 Hz: positions, barometric or noisy altitude, or a treadmill's speed only) and the
 * real daily loads and trends, as the streams application computes them. Activities are kept by id,
 * as the summaries table does: an upload with a known id replaces the earlier one.
 */
final class GeneratedAthlete {
  /** How the watch records. */
  enum Device {
    /** Positions and smooth barometric altitude. */
    BAROMETRIC,
    /** Positions and GPS altitude with several metres of noise on every sample. */
    NOISY_ALTITUDE,
    /** No positions, no altitude: the device's speed only. */
    TREADMILL
  }

  /** One activity to upload. */
  record Activity(
      LocalDate date,
      double distanceM,
      double speedMps,
      double climbM,
      Device device,
      Optional<Sport> declared) {

    static Activity run(LocalDate date, double distanceM, double speedMps, double climbM) {
      return new Activity(
          date, distanceM, speedMps, climbM, Device.BAROMETRIC, Optional.of(Sport.RUNNING));
    }

    Activity on(Device d) {
      return new Activity(date, distanceM, speedMps, climbM, d, declared);
    }

    Activity as(Optional<Sport> sport) {
      return new Activity(date, distanceM, speedMps, climbM, device, sport);
    }
  }

  private final Random random;
  private final Map<String, ActivityLoad> runs = new HashMap<>();

  GeneratedAthlete(long seed) {
    this.random = new Random(seed);
  }

  /** Uploads an activity under an id; a known id replaces the earlier upload. */
  void upload(String activityId, Activity a) {
    ActivityMetrics m = ActivityState.empty().plus(samples(a)).metrics();
    if (m.sport(a.declared()) != Sport.RUNNING) {
      runs.remove(activityId); // walks and hikes are kept apart from the run load
      return;
    }
    runs.put(
        activityId,
        new ActivityLoad(
            a.date(),
            m.distanceM(),
            m.movingDistanceM(),
            m.movingTimeS(),
            m.descentM(),
            m.bandDistanceM()));
  }

  /** The descent that core measured for an activity id (for checking the generator). */
  double descentOf(String activityId) {
    return runs.get(activityId).descentM();
  }

  /** The trend of every day from the first run to {@code last}. */
  List<Trend> trends(LocalDate last) {
    TreeMap<LocalDate, DailyLoad> loads = new TreeMap<>();
    runs.values().forEach(r -> loads.merge(r.date(), DailyLoad.EMPTY.plus(r), (x, y) -> x.plus(r)));
    LocalDate first = loads.firstKey();
    List<Trend> trends = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      trends.add(TrendCalculator.trendOn(d, first, loads));
    }
    return trends;
  }

  /** An out-and-back at an even pace, 1 Hz: up the hill for the first half, down for the second. */
  private List<Sample> samples(Activity a) {
    Instant start = a.date().atTime(7, 0).toInstant(ZoneOffset.UTC);
    int seconds = (int) Math.round(a.distanceM() / a.speedMps());
    double metresPerDegreeLon = 111_320 * Math.cos(Math.toRadians(46));
    List<Sample> samples = new ArrayList<>(seconds + 1);
    for (int s = 0; s <= seconds; s++) {
      double d = s * a.speedMps();
      double half = a.distanceM() / 2;
      double along = d <= half ? d : a.distanceM() - d; // back the way it came
      double elevation = 400 + a.climbM() * Math.min(d, a.distanceM() - d) / half;
      Instant t = start.plusSeconds(s);
      switch (a.device()) {
        case BAROMETRIC ->
            samples.add(
                Sample.at(t, 46.0, 7.0 + along / metresPerDegreeLon, elevation + jitter(0.2)));
        case NOISY_ALTITUDE ->
            samples.add(
                Sample.at(t, 46.0, 7.0 + along / metresPerDegreeLon, elevation + jitter(2.5)));
        case TREADMILL ->
            samples.add(new Sample(t, null, null, null, a.speedMps(), d, null, null, null));
      }
    }
    return samples;
  }

  private double jitter(double sd) {
    return random.nextGaussian() * sd;
  }
}
