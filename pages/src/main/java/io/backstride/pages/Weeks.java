package io.backstride.pages;

import io.backstride.avro.BackPainRiskAlert;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * An athlete's days folded into weeks for the load page: seven days ending today in the athlete's
 * zone (the acute window of the rules, as it stands now), each beside the usual week as it stood on
 * the week's last day. The trends end on the last day with a run; the weeks after it hold no runs,
 * and their usual week is the last one known.
 */
final class Weeks {
  static final int SHOWN = 12;

  /**
   * One week.
   *
   * @param speedMps distance over moving time; null for a week without running
   * @param usualDistanceM the chronic weekly distance on the week's last day; null while the
   *     baseline builds (the same for the other usual figures)
   * @param alerts the alerts of days within the week
   */
  record Week(
      LocalDate from,
      LocalDate to,
      int runs,
      double distanceM,
      double descentM,
      Double speedMps,
      Double usualDistanceM,
      Double usualDescentM,
      Double usualSpeedMps,
      List<BackPainRiskAlert> alerts) {}

  /**
   * Up to {@value #SHOWN} weeks, oldest first, the last ending on {@code today} (or on the last
   * day, should the trends reach past today); none without days.
   */
  static List<Week> of(List<TrendDay> days, List<BackPainRiskAlert> alerts, LocalDate today) {
    List<Week> weeks = new ArrayList<>();
    if (days.isEmpty()) {
      return weeks;
    }
    LocalDate last = lastDay(days, today);
    LocalDate first = days.get(0).date();
    for (int k = SHOWN - 1; k >= 0; k--) {
      LocalDate to = last.minusDays(7L * k);
      LocalDate from = to.minusDays(6);
      if (to.isBefore(first)) {
        continue;
      }
      int runs = 0;
      double distance = 0;
      double descent = 0;
      double moving = 0;
      TrendDay end = null;
      for (TrendDay d : days) {
        if (!d.date().isBefore(from) && !d.date().isAfter(to)) {
          runs += d.runs();
          distance += d.distanceM();
          descent += d.descentM();
          moving += d.movingTimeS();
        }
        // the usual week as of the week's last day, or of the last day known before it
        if (!d.date().isAfter(to)) {
          end = d;
        }
      }
      List<BackPainRiskAlert> within =
          alerts.stream()
              .filter(a -> !a.getDate().isBefore(from) && !a.getDate().isAfter(to))
              .toList();
      weeks.add(
          new Week(
              from,
              to,
              runs,
              distance,
              descent,
              moving > 0 ? distance / moving : null,
              end == null ? null : end.chronicWeeklyDistanceM(),
              end == null ? null : end.chronicWeeklyDescentM(),
              end == null ? null : end.chronicSpeedMps(),
              within));
    }
    return weeks;
  }

  /** The day the shown weeks end on: today, unless the trends reach past it. */
  static LocalDate lastDay(List<TrendDay> days, LocalDate today) {
    LocalDate lastData = days.get(days.size() - 1).date();
    return today.isAfter(lastData) ? today : lastData;
  }

  private Weeks() {}
}
