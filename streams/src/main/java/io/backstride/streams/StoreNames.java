package io.backstride.streams;

/** State stores of the training-load application; the names appear in changelog topic names. */
public final class StoreNames {
  /** Running totals of activities whose final batch has not arrived, by athlete:activity. */
  public static final String OPEN_ACTIVITIES = "open-activities";

  /** The latest summary per athlete:activity, so that a replaced one can be subtracted. */
  public static final String ACTIVITY_SUMMARIES = "activity-summaries";

  /** Each athlete's time zone, by athlete. */
  public static final String ATHLETE_ZONES = "athlete-zones";

  /** Each activity's run load on its athlete-local day, by athlete:activity. */
  public static final String ACTIVITY_DAYS = "activity-days";

  /** Daily loads by athlete|date, maintained with an adder and a subtractor. */
  public static final String DAILY_LOADS = "daily-loads";

  /** The same daily loads, partitioned by athlete so one task sees an athlete's whole history. */
  public static final String ATHLETE_DAYS = "athlete-days";

  private StoreNames() {}
}
