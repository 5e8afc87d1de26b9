package io.backstride.core.load;

import java.time.LocalDate;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One athlete's run load, day by day. Built with {@link #plus} and {@link #minus} like {@link
 * DailyLoad}, so that a replaced or removed activity comes out of its day; kept whole per athlete
 * so that all of an athlete's days change in one place, in the order their runs arrived.
 */
public record LoadHistory(NavigableMap<LocalDate, DailyLoad> days) {

  public static final LoadHistory EMPTY = new LoadHistory(new TreeMap<>());

  public LoadHistory {
    days = Collections.unmodifiableNavigableMap(new TreeMap<>(days));
  }

  public LoadHistory plus(ActivityLoad run) {
    TreeMap<LocalDate, DailyLoad> next = new TreeMap<>(days);
    next.merge(run.date(), DailyLoad.EMPTY.plus(run), (day, one) -> day.plus(run));
    return new LoadHistory(next);
  }

  public LoadHistory minus(ActivityLoad run) {
    DailyLoad day = days.get(run.date());
    if (day == null) {
      return this; // never added: nothing to take out
    }
    TreeMap<LocalDate, DailyLoad> next = new TreeMap<>(days);
    DailyLoad less = day.minus(run);
    if (less.isEmpty()) {
      next.remove(run.date()); // a day without runs is no day of history
    } else {
      next.put(run.date(), less);
    }
    return new LoadHistory(next);
  }
}
