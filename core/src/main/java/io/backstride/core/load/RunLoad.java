package io.backstride.core.load;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The part of one activity that counts toward training load, with the instant it started rather
 * than a day: which calendar day an activity belongs to depends on the athlete's time zone, and
 * that can change after it was recorded (a profile edit), so the day is drawn only when the loads
 * are.
 *
 * @param bandDistanceM moving distance per 0.25 m/s speed band, from 0 m/s up
 * @param run whether the activity is a run; any other (a hike, a walk) carries no load but is
 *     history all the same: the athlete's history starts at the first activity, and a day with a
 *     walk has its trend, with no run load in it
 */
public record RunLoad(
    Instant start,
    double distanceM,
    double movingDistanceM,
    double movingTimeS,
    double descentM,
    List<Double> bandDistanceM,
    boolean run) {

  public RunLoad {
    bandDistanceM = List.copyOf(bandDistanceM);
  }

  /** A run with this load. */
  public RunLoad(
      Instant start,
      double distanceM,
      double movingDistanceM,
      double movingTimeS,
      double descentM,
      List<Double> bandDistanceM) {
    this(start, distanceM, movingDistanceM, movingTimeS, descentM, bandDistanceM, true);
  }

  /** An activity that is not a run, started at {@code start}: history without run load. */
  public static RunLoad notARun(Instant start) {
    return new RunLoad(start, 0, 0, 0, 0, List.of(), false);
  }

  /** The day this run started on in {@code zone}. */
  public LocalDate dayIn(ZoneId zone) {
    return LocalDate.ofInstant(start, zone);
  }

  /** This activity on its day in {@code zone}. */
  public ActivityLoad in(ZoneId zone) {
    return new ActivityLoad(
        dayIn(zone), distanceM, movingDistanceM, movingTimeS, descentM, bandDistanceM, run);
  }
}
