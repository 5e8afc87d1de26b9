package io.backstride.alerts.rules;

import io.backstride.core.load.BaselineState;
import io.backstride.core.load.Trend;
import java.time.LocalDate;

/** Trends with only the numbers a test cares about. */
public final class Trends {
  public static final LocalDate DAY = LocalDate.parse("2026-04-13");

  public static Trend descent(
      LocalDate date, BaselineState baseline, double acuteM, double chronicWeeklyM) {
    return new Trend(
        date, 42, baseline, 3, 12, 24000, 24000, 24000, acuteM, chronicWeeklyM, 3.0, 3.0, 0, 0);
  }

  private Trends() {}
}
