package io.backstride.streams;

/** State stores of the training-load application; the names appear in changelog topic names. */
public final class StoreNames {
  /** Running totals of activities whose final batch has not arrived, by athlete:activity. */
  public static final String OPEN_ACTIVITIES = "open-activities";

  /** Each athlete's zone and the runs that can still change a trend, by athlete. */
  public static final String ATHLETE_LOADS = "athlete-loads";

  private StoreNames() {}
}
