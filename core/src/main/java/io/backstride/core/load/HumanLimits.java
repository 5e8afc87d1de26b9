package io.backstride.core.load;

import java.util.Optional;

/**
 * What a run by a human can add up to. The samples are checked one by one at ingest, but a summary
 * can still come out impossible (a writer that skipped ingest, values each within bounds that add
 * up to nonsense), and a single impossible run, a 9.2e16 m one, would dwarf every real run in the
 * athlete's acute and chronic loads for weeks. Such a run is refused, with the reason, rather than
 * counted. The limits are far beyond any record, so that no real run is refused.
 */
public final class HumanLimits {
  /**
   * One recording: beyond the farthest anyone has run in 48 hours (about 475 km), with room for a
   * multi-day race recorded as one activity.
   */
  public static final double MAX_DISTANCE_M = 1_000_000;

  /**
   * Mean moving speed: above the fastest 100 m ever run (10.4 m/s), and the speed above which a
   * position jump is taken for GPS noise.
   */
  public static final double MAX_MEAN_SPEED_MPS = 12;

  /** Why no human can have run {@code run}, or empty when one can. */
  public static Optional<String> problem(RunLoad run) {
    for (double value :
        new double[] {run.distanceM(), run.movingDistanceM(), run.movingTimeS(), run.descentM()}) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        return Optional.of(
            String.format(
                "distance %s m, moving %s m in %s s, descent %s m: not finite non-negative numbers",
                run.distanceM(), run.movingDistanceM(), run.movingTimeS(), run.descentM()));
      }
    }
    for (double band : run.bandDistanceM()) {
      if (!(band >= 0) || Double.isInfinite(band)) {
        return Optional.of("a speed band's distance is " + band + " m");
      }
    }
    if (run.distanceM() > MAX_DISTANCE_M) {
      return Optional.of(
          String.format(
              "%.0f m in one run, more than the %.0f m allowed", run.distanceM(), MAX_DISTANCE_M));
    }
    // multiplied rather than divided: a distance covered in no time at all is refused too
    if (run.movingDistanceM() > MAX_MEAN_SPEED_MPS * run.movingTimeS()) {
      return Optional.of(
          String.format(
              "%.0f m in %.0f s of moving time, faster than %.0f m/s on average",
              run.movingDistanceM(), run.movingTimeS(), MAX_MEAN_SPEED_MPS));
    }
    if (run.descentM() > run.distanceM()) {
      return Optional.of(
          String.format(
              "%.0f m of descent in %.0f m of running: more descent than distance",
              run.descentM(), run.distanceM()));
    }
    return Optional.empty();
  }

  private HumanLimits() {}
}
