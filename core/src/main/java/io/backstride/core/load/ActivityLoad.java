package io.backstride.core.load;

import java.time.LocalDate;
import java.util.List;

/**
 * The part of one run that counts toward training load, on the athlete-local day it started.
 *
 * @param bandDistanceM moving distance per 0.25 m/s speed band, kept so that "fast" can be judged
 *     later against a baseline speed that is not known when the run is summarised
 */
public record ActivityLoad(
    LocalDate date,
    double distanceM,
    double movingDistanceM,
    double movingTimeS,
    double descentM,
    List<Double> bandDistanceM) {

  public ActivityLoad {
    bandDistanceM = List.copyOf(bandDistanceM);
  }
}
