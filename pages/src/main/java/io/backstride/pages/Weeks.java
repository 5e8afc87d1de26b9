package io.backstride.pages;

import io.backstride.avro.BackPainRiskAlert;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * An athlete's days folded into weeks for the load page: seven days ending on the last day the
 * trends have (the acute window of the rules), each beside the usual week as it stood on the week's
 * last day.
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

  /** Up to {@value #SHOWN} weeks, oldest first; none without days. */
  static List<Week> of(List<TrendDay> days, List<BackPainRiskAlert> alerts) {
    List<Week> weeks = new ArrayList<>();
    if (days.isEmpty()) {
      return weeks;
    }
    LocalDate last = days.get(days.size() - 1).date();
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
          if (d.date().equals(to)) {
            end = d;
          }
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

  private Weeks() {}
}
