package io.backstride.core.load;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The part of one run that counts toward training load, with the instant it started rather than a
 * day: which calendar day a run belongs to depends on the athlete's time zone, and that can change
 * after the run was recorded (a profile edit), so the day is drawn only when the loads are.
 *
 * @param bandDistanceM moving distance per 0.25 m/s speed band, from 0 m/s up
 */
public record RunLoad(
    Instant start,
    double distanceM,
    double movingDistanceM,
    double movingTimeS,
    double descentM,
    List<Double> bandDistanceM) {

  public RunLoad {
    bandDistanceM = List.copyOf(bandDistanceM);
  }

  /** The day this run started on in {@code zone}. */
  public LocalDate dayIn(ZoneId zone) {
    return LocalDate.ofInstant(start, zone);
  }

  /** This run on its day in {@code zone}. */
  public ActivityLoad in(ZoneId zone) {
    return new ActivityLoad(
        dayIn(zone), distanceM, movingDistanceM, movingTimeS, descentM, bandDistanceM);
  }
}
