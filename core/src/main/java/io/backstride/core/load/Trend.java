package io.backstride.core.load;

import java.time.LocalDate;

/**
 * An athlete's load on one local day: the acute week (this day and the six before) against the
 * chronic weekly average of days 8-35, which is kept apart from the acute week so that a ramp is
 * not hidden inside its own baseline.
 *
 * @param historyDays days since the first activity, this day included
 * @param previousWeekDistanceM days 8-14: what a new runner's week is compared with
 * @param acuteSpeedMps mean moving speed of the acute week's runs; null without runs
 * @param chronicSpeedMps mean moving speed in the chronic window; null without runs
 * @param acuteFastDistanceM acute distance at 1.15x the chronic speed or faster
 */
public record Trend(
    LocalDate date,
    int historyDays,
    BaselineState baseline,
    int acuteRuns,
    int chronicRuns,
    double acuteDistanceM,
    double previousWeekDistanceM,
    double chronicWeeklyDistanceM,
    double acuteDescentM,
    double chronicWeeklyDescentM,
    Double acuteSpeedMps,
    Double chronicSpeedMps,
    double acuteFastDistanceM,
    double chronicWeeklyFastDistanceM) {

  /** How far the usual week has come: show {@link BaselineProgress#describe} until it is ready. */
  public BaselineProgress baselineProgress() {
    return BaselineProgress.of(baseline, historyDays, chronicRuns);
  }

  public LocalDate acuteFrom() {
    return date.minusDays(TrendCalculator.ACUTE_DAYS - 1);
  }

  public LocalDate chronicFrom() {
    return date.minusDays(TrendCalculator.CHRONIC_LAST_DAY - 1);
  }

  public LocalDate chronicTo() {
    return date.minusDays(TrendCalculator.ACUTE_DAYS);
  }
}
