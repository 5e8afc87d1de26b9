package io.backstride.core.load;

import java.time.LocalDate;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One athlete's run load, day by day, as the trends see it.
 *
 * @param days the loads of the days with activities, by athlete-local date (a day with only walks
 *     or hikes holds no runs)
 * @param firstDay the athlete's first day with an activity; earlier than the first of {@code days}
 *     when older ones were let go (see {@link AthleteRuns}); null without any
 * @param completeFrom the first day whose trend window holds every run; null when all are held
 */
public record LoadHistory(
    NavigableMap<LocalDate, DailyLoad> days, LocalDate firstDay, LocalDate completeFrom) {

  public static final LoadHistory EMPTY = new LoadHistory(new TreeMap<>(), null, null);

  public LoadHistory {
    days = Collections.unmodifiableNavigableMap(new TreeMap<>(days));
  }

  /** A complete history of these days. */
  public static LoadHistory of(NavigableMap<LocalDate, DailyLoad> days) {
    return new LoadHistory(days, days.isEmpty() ? null : days.firstKey(), null);
  }

  public boolean isEmpty() {
    return days.isEmpty();
  }

  /** With one more run on its day. */
  public LoadHistory plus(ActivityLoad run) {
    TreeMap<LocalDate, DailyLoad> next = new TreeMap<>(days);
    next.merge(run.date(), DailyLoad.EMPTY.plus(run), (day, one) -> day.plus(run));
    LocalDate first = firstDay == null || run.date().isBefore(firstDay) ? run.date() : firstDay;
    return new LoadHistory(next, first, completeFrom);
  }

  /** The trend on {@code day}, from this history. */
  public Trend trendOn(LocalDate day) {
    return TrendCalculator.trendOn(day, firstDay, days);
  }
}
