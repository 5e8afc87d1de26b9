package io.backstride.core.activity;

import static io.backstride.core.activity.MetricRules.RUNNING_MEDIAN_SPEED_MPS;
import static io.backstride.core.activity.MetricRules.SPEED_BAND_MPS;

import io.backstride.core.Sport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one activity amounts to, as RULES.md defines it.
 *
 * @param descentM smoothed elevation lost (the downhill load when the activity is a run)
 * @param downhillDistanceM moving distance at a grade of -3% or steeper
 * @param bandDistanceM moving distance per 0.25 m/s speed band, from 0 m/s up
 * @param medianMovingSpeedMps the time-weighted median of the moving speed
 */
public record ActivityMetrics(
    Instant startTime,
    Instant endTime,
    int sampleCount,
    double distanceM,
    double movingDistanceM,
    double movingTimeS,
    double ascentM,
    double descentM,
    double downhillDistanceM,
    double avgMovingSpeedMps,
    double medianMovingSpeedMps,
    List<Double> bandDistanceM,
    Double avgHeartRateBpm,
    Double avgCadenceSpm,
    Double avgVerticalOscillationMm) {

  static ActivityMetrics of(ActivityState s) {
    return new ActivityMetrics(
        s.startTime(),
        s.lastTime(),
        s.sampleCount(),
        s.distanceM(),
        s.movingDistanceM(),
        s.movingTimeS(),
        s.totalAscentM(),
        s.totalDescentM(),
        s.downhillDistanceM(),
        s.movingTimeS() > 0 ? s.movingDistanceM() / s.movingTimeS() : 0,
        medianSpeed(s.bandTimeS(), s.movingTimeS()),
        s.bandDistanceM(),
        average(s.heartRateSum(), s.heartRateCount()),
        average(s.cadenceSum(), s.cadenceCount()),
        average(s.verticalOscillationSum(), s.verticalOscillationCount()));
  }

  /** The declared sport, or running when the median moving speed says so. */
  public Sport sport(Optional<Sport> declared) {
    if (declared.isPresent()) {
      return declared.get();
    }
    if (movingTimeS == 0) {
      return Sport.OTHER;
    }
    return medianMovingSpeedMps >= RUNNING_MEDIAN_SPEED_MPS ? Sport.RUNNING : Sport.WALKING;
  }

  public Duration duration() {
    return startTime == null ? Duration.ZERO : Duration.between(startTime, endTime);
  }

  private static double medianSpeed(List<Double> bandTimeS, double movingTimeS) {
    double half = movingTimeS / 2;
    double seen = 0;
    for (int band = 0; band < bandTimeS.size(); band++) {
      seen += bandTimeS.get(band);
      if (seen >= half && seen > 0) {
        return (band + 0.5) * SPEED_BAND_MPS; // the middle of the band holding the median
      }
    }
    return 0;
  }

  private static Double average(double sum, int count) {
    return count == 0 ? null : sum / count;
  }
}
