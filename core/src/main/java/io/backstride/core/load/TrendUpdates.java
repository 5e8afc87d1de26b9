package io.backstride.core.load;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
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
    return trends(
        changed,
        before.isEmpty(),
        before.firstDay(),
        before.isEmpty() ? null : before.days().lastKey(),
        after);
  }

  /**
   * The same trends as {@link #between} of the two runs' histories in {@code zone}, from one walk
   * over the kept runs instead of two histories built and compared day by day: only the days of the
   * runs that differ can differ (a day whose runs are the same sums them in the same order), so
   * {@code before}'s loads are summed for those days alone. Runs the two share are usually the same
   * objects (a change copies the map, not the runs), which makes finding the ones that differ
   * cheap.
   */
  public static List<Trend> between(AthleteRuns before, AthleteRuns after, ZoneId zone) {
    Set<String> differing = new HashSet<>();
    for (Map.Entry<String, RunLoad> e : after.runs().entrySet()) {
      RunLoad old = before.runs().get(e.getKey());
      if (old != e.getValue() && !e.getValue().equals(old)) {
        differing.add(e.getKey());
      }
    }
    for (String id : before.runs().keySet()) {
      if (!after.runs().containsKey(id)) {
        differing.add(id);
      }
    }
    if (differing.isEmpty()) {
      return List.of(); // the same runs on the same days: no day changed
    }
    List<AthleteRuns.DatedRun> afterRuns = after.dated(zone);
    LoadHistory afterHistory = after.historyOf(afterRuns);
    // before's runs: the shared ones (dated in afterRuns already) and its versions of the others
    List<AthleteRuns.DatedRun> beforeOwn = new ArrayList<>();
    for (String id : differing) {
      RunLoad old = before.runs().get(id);
      if (old != null) {
        beforeOwn.add(new AthleteRuns.DatedRun(id, old, old.dayIn(zone)));
      }
    }
    TreeSet<LocalDate> candidates = new TreeSet<>();
    LocalDate beforeFirstRun = null;
    LocalDate beforeLast = null;
    for (AthleteRuns.DatedRun r : afterRuns) {
      if (differing.contains(r.activityId())) {
        candidates.add(r.day());
      } else {
        beforeFirstRun = earlier(beforeFirstRun, r.day());
        beforeLast = later(beforeLast, r.day());
      }
    }
    for (AthleteRuns.DatedRun r : beforeOwn) {
      candidates.add(r.day());
      beforeFirstRun = earlier(beforeFirstRun, r.day());
      beforeLast = later(beforeLast, r.day());
    }
    TreeSet<LocalDate> changed = new TreeSet<>();
    for (LocalDate day : candidates) {
      if (!Objects.equals(
          beforeDay(day, afterRuns, differing, beforeOwn), afterHistory.days().get(day))) {
        changed.add(day);
      }
    }
    LocalDate beforeFirst = beforeFirstRun;
    if (before.prunedFirstDay() != null
        && (beforeFirst == null || before.prunedFirstDay().isBefore(beforeFirst))) {
      beforeFirst = before.prunedFirstDay();
    }
    return trends(changed, before.runs().isEmpty(), beforeFirst, beforeLast, afterHistory);
  }

  /**
   * {@code before}'s load on {@code day}, summed in the order its history sums it; null if none.
   */
  private static DailyLoad beforeDay(
      LocalDate day,
      List<AthleteRuns.DatedRun> afterRuns,
      Set<String> differing,
      List<AthleteRuns.DatedRun> beforeOwn) {
    List<AthleteRuns.DatedRun> runs = new ArrayList<>();
    for (AthleteRuns.DatedRun r : afterRuns) {
      if (r.day().equals(day) && !differing.contains(r.activityId())) {
        runs.add(r);
      }
    }
    for (AthleteRuns.DatedRun r : beforeOwn) {
      if (r.day().equals(day)) {
        runs.add(r);
      }
    }
    if (runs.isEmpty()) {
      return null;
    }
    runs.sort(AthleteRuns.SUM_ORDER);
    DailyLoad load = DailyLoad.EMPTY;
    for (AthleteRuns.DatedRun r : runs) {
      load = load.plus(r.load());
    }
    return load;
  }

  private static LocalDate earlier(LocalDate a, LocalDate b) {
    return a == null || b.isBefore(a) ? b : a;
  }

  private static LocalDate later(LocalDate a, LocalDate b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  /**
   * The trends to send for the days that {@code changed}, given what the history before held: no
   * day at all ({@code beforeEmpty}), or its first day (null when none) and its last day with an
   * activity.
   */
  private static List<Trend> trends(
      SortedSet<LocalDate> changed,
      boolean beforeEmpty,
      LocalDate beforeFirst,
      LocalDate beforeLast,
      LoadHistory after) {
    List<Trend> trends = new ArrayList<>();
    if (changed.isEmpty() || after.isEmpty()) {
      return trends;
    }
    LocalDate first = after.firstDay();
    LocalDate last = after.days().lastKey();
    LocalDate from = changed.first().isBefore(first) ? first : changed.first();
    if (!beforeEmpty && beforeLast.plusDays(1).isBefore(from)) {
      from = beforeLast.plusDays(1); // the rest days before a new latest run
    }
    if (after.completeFrom() != null && from.isBefore(after.completeFrom())) {
      from = after.completeFrom(); // older windows miss runs that were let go
    }
    LocalDate reach = changed.last().plusDays(TrendCalculator.CHRONIC_LAST_DAY - 1);
    // a new first day changes every later trend (history days, the chronic average's divisor),
    // and fills in the days between it and a run uploaded earlier but dated later
    LocalDate to = reach.isBefore(last) && first.equals(beforeFirst) ? reach : last;
    if (!beforeEmpty && beforeLast.isAfter(last)) {
      // the latest run was removed or moved earlier: the days up to the old latest one were sent
      // with it and must be sent again without it
      to = beforeLast;
    }
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      trends.add(after.trendOn(day));
    }
    return trends;
  }

  private TrendUpdates() {}
}
