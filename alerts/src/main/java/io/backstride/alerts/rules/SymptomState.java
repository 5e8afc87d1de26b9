package io.backstride.alerts.rules;

import io.backstride.core.load.Trend;
import io.backstride.core.symptom.SymptomReport;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the symptom rules remember of one athlete: the recent pain reports and the recent usual
 * weekly distances, so that a ramp after a report can be checked against the distance the athlete
 * ran before the pain. Immutable; bounded so that it never grows with the athlete's history.
 *
 * @param reports pain reports, oldest first, at most one per day (a second report on a day is an
 *     update of the first, not a new episode)
 * @param weeks the chronic weekly distance of each recent trend, oldest first
 */
public record SymptomState(List<PainReport> reports, List<WeekPoint> weeks) {

  /** Reports are kept this long: RECURRING_BACK_PAIN looks back 90 days. */
  public static final int REPORT_DAYS = 90;

  /**
   * Weekly distances are kept this long: a return check 28 days after a report needs the week of
   * the report itself, and the trend of that day may be up to a week older (no runs, no trend).
   */
  public static final int WEEK_DAYS = 28 + 35;

  public static final SymptomState EMPTY = new SymptomState(List.of(), List.of());

  /** A pain report as the rules need it; {@code timing} is DURING, AFTER or UNRELATED. */
  public record PainReport(String reportId, LocalDate date, int pain, String timing) {

    /**
     * What the rules keep of a report: not whose it is (the state is per athlete), not the note.
     */
    public static PainReport of(SymptomReport r) {
      return new PainReport(r.reportId(), r.date(), r.severity(), r.when().name());
    }
  }

  /** The usual weekly distance (days 8-35) as of one day. */
  public record WeekPoint(LocalDate date, double chronicWeeklyDistanceM) {}

  public SymptomState {
    reports = List.copyOf(reports);
    weeks = List.copyOf(weeks);
  }

  public SymptomState withReport(PainReport report) {
    List<PainReport> next = new ArrayList<>(reports);
    next.removeIf(r -> r.date().equals(report.date()) || r.reportId().equals(report.reportId()));
    next.add(report);
    next.sort(Comparator.comparing(PainReport::date));
    LocalDate newest = next.get(next.size() - 1).date();
    next.removeIf(r -> r.date().isBefore(newest.minusDays(REPORT_DAYS - 1)));
    return new SymptomState(next, weeks);
  }

  public SymptomState withTrend(Trend trend) {
    List<WeekPoint> next = new ArrayList<>(weeks);
    next.removeIf(w -> w.date().equals(trend.date())); // a recomputed day replaces the old one
    next.add(new WeekPoint(trend.date(), trend.chronicWeeklyDistanceM()));
    next.sort(Comparator.comparing(WeekPoint::date));
    LocalDate newest = next.get(next.size() - 1).date();
    next.removeIf(w -> w.date().isBefore(newest.minusDays(WEEK_DAYS - 1)));
    return new SymptomState(reports, next);
  }

  /** Reports on distinct days in the {@code days} up to and including {@code day}. */
  public List<PainReport> reportsWithin(LocalDate day, int days) {
    return reports.stream()
        .filter(r -> !r.date().isAfter(day) && r.date().isAfter(day.minusDays(days)))
        .toList();
  }

  /** The latest report strictly before {@code day} and at most {@code days} before it. */
  public Optional<PainReport> lastReportBefore(LocalDate day, int days) {
    return reports.stream()
        .filter(r -> r.date().isBefore(day) && !r.date().isBefore(day.minusDays(days)))
        .max(Comparator.comparing(PainReport::date));
  }

  /** The usual weekly distance as of {@code day}: the latest trend on or before it. */
  public Optional<Double> usualWeeklyDistanceOn(LocalDate day) {
    return weeks.stream()
        .filter(w -> !w.date().isAfter(day))
        .max(Comparator.comparing(WeekPoint::date))
        .map(WeekPoint::chronicWeeklyDistanceM);
  }
}
