package io.backstride.core.load;

import java.time.LocalDate;
import java.util.List;

/**
 * The part of one activity that counts toward training load, on the athlete-local day it started.
 *
 * @param bandDistanceM moving distance per 0.25 m/s speed band, kept so that "fast" can be judged
 *     later against a baseline speed that is not known when the run is summarised
 * @param run whether it is a run; any other activity adds its day to the history and no load
 */
public record ActivityLoad(
    LocalDate date,
    double distanceM,
    double movingDistanceM,
    double movingTimeS,
    double descentM,
    List<Double> bandDistanceM,
    boolean run) {

  public ActivityLoad {
    bandDistanceM = List.copyOf(bandDistanceM);
  }

  /** A run with this load. */
  public ActivityLoad(
      LocalDate date,
      double distanceM,
      double movingDistanceM,
      double movingTimeS,
      double descentM,
      List<Double> bandDistanceM) {
    this(date, distanceM, movingDistanceM, movingTimeS, descentM, bandDistanceM, true);
  }
}
