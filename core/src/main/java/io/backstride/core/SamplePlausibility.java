package io.backstride.core;

import java.util.Optional;

/**
 * The values a watch can have measured, whichever way a sample arrived (a file, a live-sync post):
 * finite numbers within what a body, a device and the globe allow. A value outside them is a broken
 * device or a hostile client, and folded into the totals it would turn one run into an impossible
 * one (a speed of 1e308, a distance of Infinity) that outweighs every real run in the athlete's
 * trends. The bounds are wide on purpose: they refuse the impossible, not the unusual.
 */
public final class SamplePlausibility {
  /** Below the shore of the Dead Sea (-430 m) with room for barometric drift. */
  public static final double MIN_ELEVATION_M = -1_000;

  /** Above the summit of Everest (8,849 m) with room for barometric drift. */
  public static final double MAX_ELEVATION_M = 10_000;

  /** 180 km/h: faster than any descent on a bicycle; a watch's own speed above it is noise. */
  public static final double MAX_SPEED_MPS = 50;

  /** A device's cumulative distance: longer than any single recording of any sport. */
  public static final double MAX_DISTANCE_M = 10_000_000;

  /** Heart rate in beats per minute; 0 is what some straps write while they have no contact. */
  public static final int MAX_HEART_RATE_BPM = 300;

  /** Steps (or pedal turns) per minute: twice a sprinter's step rate. */
  public static final double MAX_CADENCE_SPM = 500;

  /** Vertical oscillation in millimetres: runners bounce 50-150 mm. */
  public static final double MAX_VERTICAL_OSCILLATION_MM = 1_000;

  /**
   * Why this sample cannot have been measured, naming the value (its time is the caller's concern:
   * the bounds on it depend on the clock), or empty when it can.
   */
  public static Optional<String> problem(Sample s) {
    if ((s.lat() == null) != (s.lon() == null)) {
      return Optional.of("a position needs both lat and lon");
    }
    // plain checks rather than a chain of lambdas: every sample of every upload passes here
    String problem = outside("latitude", s.lat(), -90, 90);
    if (problem == null) {
      problem = outside("longitude", s.lon(), -180, 180);
    }
    if (problem == null) {
      problem = outside("elevation (m)", s.elevationM(), MIN_ELEVATION_M, MAX_ELEVATION_M);
    }
    if (problem == null) {
      problem = outside("speed (m/s)", s.speedMps(), 0, MAX_SPEED_MPS);
    }
    if (problem == null) {
      problem = outside("distance (m)", s.distanceM(), 0, MAX_DISTANCE_M);
    }
    if (problem == null && s.heartRateBpm() != null) {
      problem = outside("heart rate (bpm)", s.heartRateBpm().doubleValue(), 0, MAX_HEART_RATE_BPM);
    }
    if (problem == null) {
      problem = outside("cadence (steps/min)", s.cadenceSpm(), 0, MAX_CADENCE_SPM);
    }
    if (problem == null) {
      problem =
          outside(
              "vertical oscillation (mm)",
              s.verticalOscillationMm(),
              0,
              MAX_VERTICAL_OSCILLATION_MM);
    }
    return Optional.ofNullable(problem);
  }

  /** Why the value is out of bounds, or null when it is absent or within them. */
  private static String outside(String what, Double value, double min, double max) {
    // written so that NaN, which compares false with everything, is outside too
    if (value == null || (value >= min && value <= max)) {
      return null;
    }
    return what + " " + value + " out of range [" + plain(min) + ", " + plain(max) + "]";
  }

  private static String plain(double bound) {
    return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
  }

  private SamplePlausibility() {}
}
