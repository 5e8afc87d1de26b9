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

  /** A steady week of 24 km, 150 m of descent, 3.0 m/s, no fast distance. */
  public static Trend steady(LocalDate date) {
    return new Trend(
        date, 42, BaselineState.READY, 3, 12, 24000, 24000, 24000, 150, 150, 3.0, 3.0, 0, 0);
  }

  public static Trend speed(LocalDate date, int runs, double acuteM, double acuteMps) {
    return new Trend(
        date,
        42,
        BaselineState.READY,
        runs,
        12,
        acuteM,
        24000,
        24000,
        150,
        150,
        acuteMps,
        3.0,
        0,
        0);
  }

  public static Trend fast(LocalDate date, double acuteFastM, double chronicFastM) {
    return new Trend(
        date,
        42,
        BaselineState.READY,
        3,
        12,
        24000,
        24000,
        24000,
        150,
        150,
        3.0,
        3.0,
        acuteFastM,
        chronicFastM);
  }

  public static Trend distance(
      LocalDate date,
      BaselineState baseline,
      double acuteM,
      double previousWeekM,
      double chronicWeeklyM) {
    return new Trend(
        date, 20, baseline, 3, 4, acuteM, previousWeekM, chronicWeeklyM, 0, 0, 3.0, 3.0, 0, 0);
  }

  private Trends() {}
}
