package io.backstride.streams.query;

import io.backstride.core.load.DailyLoad;
import io.backstride.core.load.LoadHistory;
import io.backstride.core.load.Trend;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One day of an athlete as the trends endpoint shows it: that day's running and the acute/chronic
 * trend on it. Flat, so that a chart or a spreadsheet reads it without digging.
 */
public record DayTrend(
    LocalDate date,
    int runs,
    double distanceM,
    double movingTimeS,
    double descentM,
    int historyDays,
    String baseline,
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

  /**
   * The last {@code days} days of an athlete's history (up to its latest day with an activity), oldest
   * first; every day, rest days included.
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
    return new DayTrend(
        t.date(),
        load.runs(),
        load.distanceM(),
        load.movingTimeS(),
        load.descentM(),
        t.historyDays(),
        t.baseline().name(),
        t.acuteRuns(),
        t.chronicRuns(),
        t.acuteDistanceM(),
        t.previousWeekDistanceM(),
        t.chronicWeeklyDistanceM(),
        t.acuteDescentM(),
        t.chronicWeeklyDescentM(),
        t.acuteSpeedMps(),
        t.chronicSpeedMps(),
        t.acuteFastDistanceM(),
        t.chronicWeeklyFastDistanceM());
  }
}
