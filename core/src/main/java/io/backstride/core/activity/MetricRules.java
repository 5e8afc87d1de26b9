package io.backstride.core.activity;

/**
 * The thresholds of the per-activity metrics in RULES.md, in one place so that tests, the stream
 * and {@code backstride inspect} agree.
 */
public final class MetricRules {
  /** Slower than this between two samples is standing or a pause, not moving. */
  public static final double MOVING_SPEED_MPS = 0.8;

  /** A gap longer than this between two samples is a pause, whatever the distance. */
  public static final double MAX_MOVING_GAP_S = 30;

  /** Faster than this between two positions is a GPS jump: dropped, not counted. */
  public static final double GPS_JUMP_SPEED_MPS = 12;

  /** Median moving speed from which an activity without a declared sport counts as running. */
  public static final double RUNNING_MEDIAN_SPEED_MPS = 1.8;

  /** Elevation must move this far from its last turning point to count (GoldenCheetah's 3 m). */
  public static final double ELEVATION_HYSTERESIS_M = 3;

  /** Grade is measured over at least this much travel, so that one noisy fix makes no hill. */
  public static final double GRADE_MIN_TRAVEL_M = 20;

  /** At or below this grade, moving distance counts as downhill. */
  public static final double DOWNHILL_GRADE = -0.03;

  /** Width of the speed bands in which distance is counted. */
  public static final double SPEED_BAND_MPS = 0.25;

  /** Bands up to the GPS-jump speed. */
  public static final int SPEED_BANDS = (int) Math.ceil(GPS_JUMP_SPEED_MPS / SPEED_BAND_MPS);

  private MetricRules() {}
}
