package io.backstride.core.load;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which trends a change to an athlete's history makes new: the days whose load changed and every
 * later day they reach (a day is in the acute or chronic window of the 34 days after it), up to the
 * athlete's latest day; a new latest day also fills in the rest days before it. So every day from
 * the first activity to the last has a trend (walks and hikes included, with no run load), a late
 * upload corrects every trend it touches, and a change that moves nothing (a profile edit that
 * keeps the zone) sends nothing.
 */
public final class TrendUpdates {

  /**
   * The trends to send, oldest first, after the history went from {@code before} to {@code after}.
   */
  public static List<Trend> between(LoadHistory before, LoadHistory after) {
    TreeSet<LocalDate> changed = new TreeSet<>();
    TreeSet<LocalDate> all = new TreeSet<>(before.days().keySet());
    all.addAll(after.days().keySet());
    for (LocalDate day : all) {
      if (!Objects.equals(before.days().get(day), after.days().get(day))) {
        changed.add(day);
      }
    }
    List<Trend> trends = new ArrayList<>();
    if (changed.isEmpty() || after.isEmpty()) {
      return trends;
    }
    LocalDate first = after.firstDay();
    LocalDate last = after.days().lastKey();
    LocalDate from = changed.first().isBefore(first) ? first : changed.first();
    if (!before.isEmpty()) {
      LocalDate previousLast = before.days().lastKey();
      if (previousLast.plusDays(1).isBefore(from)) {
        from = previousLast.plusDays(1); // the rest days before a new latest run
      }
    }
    if (after.completeFrom() != null && from.isBefore(after.completeFrom())) {
      from = after.completeFrom(); // older windows miss runs that were let go
    }
    LocalDate reach = changed.last().plusDays(TrendCalculator.CHRONIC_LAST_DAY - 1);
    // a new first day changes every later trend (history days, the chronic average's divisor),
    // and fills in the days between it and a run uploaded earlier but dated later
    LocalDate to = reach.isBefore(last) && first.equals(before.firstDay()) ? reach : last;
    if (!before.isEmpty() && before.days().lastKey().isAfter(last)) {
      // the latest run was removed or moved earlier: the days up to the old latest one were sent
      // with it and must be sent again without it
      to = before.days().lastKey();
    }
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      trends.add(after.trendOn(day));
    }
    return trends;
  }

  private TrendUpdates() {}
}
