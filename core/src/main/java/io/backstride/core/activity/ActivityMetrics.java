package io.backstride.core.activity;

import static io.backstride.core.activity.MetricRules.RUNNING_MEDIAN_SPEED_MPS;

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
    Distance d = s.distance();
    return new ActivityMetrics(
        s.track().startTime(),
        s.track().lastTime(),
        s.track().sampleCount(),
        d.distanceM(),
        d.movingDistanceM(),
        d.movingTimeS(),
        s.elevation().totalAscentM(),
        s.elevation().totalDescentM(),
        s.elevation().downhillDistanceM(),
        d.averageMovingSpeedMps(),
        s.speedBands().medianSpeedMps(d.movingTimeS()),
        s.speedBands().distanceM(),
        s.averages().heartRate().value(),
        s.averages().cadence().value(),
        s.averages().verticalOscillation().value());
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
}
