package io.backstride.core.activity;

import io.backstride.core.Sport;
import io.backstride.core.load.RunLoad;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one finished activity amounts to, as the streams stage publishes it and the training load
 * reads it back: its metrics with the sport decided.
 *
 * @param descentM smoothed elevation lost while moving (the downhill load of a run)
 * @param downhillDistanceM moving distance at a grade of -3% or steeper
 * @param bandDistanceM moving distance per {@link MetricRules#SPEED_BAND_MPS} speed band from 0 m/s
 *     up, without empty bands at the top end (they carry nothing and are not sent)
 */
public record ActivitySummary(
    String athleteId,
    String activityId,
    Sport sport,
    String source,
    Instant startTime,
    Instant endTime,
    int sampleCount,
    double distanceM,
    double movingTimeS,
    double movingDistanceM,
    double ascentM,
    double descentM,
    double downhillDistanceM,
    double avgMovingSpeedMps,
    List<Double> bandDistanceM,
    Double avgHeartRateBpm,
    Double avgCadenceSpm,
    Double avgVerticalOscillationMm) {

  public ActivitySummary {
    List<Double> bands = new ArrayList<>(bandDistanceM);
    while (!bands.isEmpty() && !(bands.get(bands.size() - 1) > 0)) {
      bands.remove(bands.size() - 1);
    }
    bandDistanceM = List.copyOf(bands);
  }

  /** The summary of an activity whose sport has been decided ({@link ActivityMetrics#sport}). */
  public static ActivitySummary of(
      String athleteId, String activityId, Sport sport, String source, ActivityMetrics m) {
    return new ActivitySummary(
        athleteId,
        activityId,
        sport,
        source,
        m.startTime(),
        m.endTime(),
        m.sampleCount(),
        m.distanceM(),
        m.movingTimeS(),
        m.movingDistanceM(),
        m.ascentM(),
        m.descentM(),
        m.downhillDistanceM(),
        m.avgMovingSpeedMps(),
        m.bandDistanceM(),
        m.avgHeartRateBpm(),
        m.avgCadenceSpm(),
        m.avgVerticalOscillationMm());
  }

  /** What of this activity counts toward run load: all of a run, nothing of anything else. */
  public RunLoad runLoad() {
    if (sport != Sport.RUNNING) {
      // history without load: the athlete's trends start at the first activity of any kind
      return RunLoad.notARun(startTime);
    }
    return new RunLoad(startTime, distanceM, movingDistanceM, movingTimeS, descentM, bandDistanceM);
  }
}
