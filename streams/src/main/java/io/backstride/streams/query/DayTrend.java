package io.backstride.streams.query;

import io.backstride.core.load.BaselineProgress;
import io.backstride.core.load.DailyLoad;
import io.backstride.core.load.LoadHistory;
import io.backstride.core.load.Trend;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One day of an athlete as the trends endpoint shows it: that day's running and the acute/chronic
 * trend on it. Flat, so that a chart or a spreadsheet reads it without digging.
 *
 * @param baselineProgress "ready", or what the usual week still lacks ("building (5 of 14 days, 1
 *     of 4 runs)"); until it is ready the usual-week figures ({@code chronic...}) are null: they
 *     would be a few days scaled up to a week, not the athlete's usual week
 */
public record DayTrend(
    LocalDate date,
    int runs,
    double distanceM,
    double movingTimeS,
    double descentM,
    int historyDays,
    String baseline,
    String baselineProgress,
    int acuteRuns,
    int chronicRuns,
    double acuteDistanceM,
    double previousWeekDistanceM,
    Double chronicWeeklyDistanceM,
    double acuteDescentM,
    Double chronicWeeklyDescentM,
    Double acuteSpeedMps,
    Double chronicSpeedMps,
    double acuteFastDistanceM,
    Double chronicWeeklyFastDistanceM) {

  /**
   * The last {@code days} days of an athlete's history (up to its latest day with an activity),
   * oldest first; every day, rest days included.
   */
  public static List<DayTrend> lastDays(LoadHistory history, int days) {
    List<DayTrend> out = new ArrayList<>();
    if (history.isEmpty()) {
      return out;
    }
    LocalDate last = history.days().lastKey();
    // days before the kept runs, or whose windows lost runs, would be shown wrong: not shown
    LocalDate first =
        history.completeFrom() != null && history.completeFrom().isAfter(history.days().firstKey())
            ? history.completeFrom()
            : history.days().firstKey();
    LocalDate from = last.minusDays(days - 1L);
    for (LocalDate day = from.isBefore(first) ? first : from;
        !day.isAfter(last);
        day = day.plusDays(1)) {
      out.add(of(history.days().getOrDefault(day, DailyLoad.EMPTY), history.trendOn(day)));
    }
    return out;
  }

  static DayTrend of(DailyLoad load, Trend t) {
    BaselineProgress baseline = t.baselineProgress();
    boolean ready = baseline.ready();
    return new DayTrend(
        t.date(),
        load.runs(),
        load.distanceM(),
        load.movingTimeS(),
        load.descentM(),
        t.historyDays(),
        t.baseline().name(),
        baseline.describe(),
        t.acuteRuns(),
        t.chronicRuns(),
        t.acuteDistanceM(),
        t.previousWeekDistanceM(),
        ready ? t.chronicWeeklyDistanceM() : null,
        t.acuteDescentM(),
        ready ? t.chronicWeeklyDescentM() : null,
        t.acuteSpeedMps(),
        ready ? t.chronicSpeedMps() : null,
        t.acuteFastDistanceM(),
        ready ? t.chronicWeeklyFastDistanceM() : null);
  }
}
