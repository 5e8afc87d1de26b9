package io.backstride.alerts.rules;

import io.backstride.core.alert.Severity;

import io.backstride.core.alert.RuleId;

import io.backstride.core.alert.RuleHit;

import io.backstride.core.load.Trend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules that start from what the athlete reports rather than from the watch: BACK_PAIN_REPORTED
 * and RECURRING_BACK_PAIN when a report arrives, RETURN_TOO_FAST when a trend after a report shows
 * a speed or downhill ramp before the weekly distance is back to where it was before the pain (the
 * physiotherapist's order: volume first, speed and hills after).
 */
public final class SymptomRules {
  private final RuleConfig.Symptoms config;

  public SymptomRules(RuleConfig.Symptoms config) {
    this.config = config;
  }

  /**
   * The hits of one pain report, given the state that already includes it. A report below the pain
   * floor (e.g. "0: no pain today") raises nothing.
   */
  public List<RuleHit> onReport(SymptomState state, SymptomState.PainReport report) {
    List<RuleHit> hits = new ArrayList<>();
    if (report.pain() < config.minPain()) {
      return hits;
    }
    if (config.reportedEnabled()) {
      Severity severity = report.pain() >= config.highPain() ? Severity.HIGH : Severity.MODERATE;
      hits.add(
          new RuleHit(
              RuleId.BACK_PAIN_REPORTED,
              severity,
              report.date(),
              "pain",
              report.pain(),
              0,
              null,
              config.highPain(),
              config.minPain(),
              report.date(),
              report.date(),
              report.date(),
              report.date(),
              List.of(Advice.PAIN_PLAN, Advice.MOVE_DAILY, Advice.STRENGTH, Advice.NOT_MEDICAL)));
    }
    List<SymptomState.PainReport> recent =
        state.reportsWithin(report.date(), config.recurringWindowDays()).stream()
            .filter(r -> r.pain() >= config.minPain())
            .toList();
    if (config.recurringEnabled() && recent.size() >= config.recurringReports()) {
      hits.add(
          new RuleHit(
              RuleId.RECURRING_BACK_PAIN,
              // pain that keeps coming back is worth acting on whatever today's number
              recent.size() > config.recurringReports() ? Severity.HIGH : Severity.MODERATE,
              report.date(),
              "painReports",
              recent.size(),
              0,
              null,
              config.recurringReports(),
              config.recurringReports(),
              report.date().minusDays(config.recurringWindowDays() - 1),
              report.date(),
              recent.get(0).date(),
              report.date(),
              List.of(
                  Advice.GAIT,
                  Advice.SHOES,
                  Advice.STRENGTH,
                  Advice.MOVE_DAILY,
                  Advice.NOT_MEDICAL)));
    }
    return hits;
  }

  /**
   * RETURN_TOO_FAST on one trend, given the ramp hits the same trend raised. Needs the usual weekly
   * distance as of the report: without a trend before the pain there is no level to get back to,
   * and the rule stays quiet rather than guess.
   */
  public Optional<RuleHit> onTrend(SymptomState state, Trend trend, List<RuleHit> rampHits) {
    if (!config.returnEnabled()) {
      return Optional.empty();
    }
    List<RuleHit> ramps =
        rampHits.stream()
            .filter(h -> h.rule() == RuleId.SPEED_RAMP || h.rule() == RuleId.DOWNHILL_RAMP)
            .toList();
    if (ramps.isEmpty()) {
      return Optional.empty();
    }
    Optional<SymptomState.PainReport> report =
        state.lastReportBefore(trend.date(), config.returnWindowDays());
    if (report.isEmpty() || report.get().pain() < config.minPain()) {
      return Optional.empty();
    }
    Optional<Double> prePain = state.usualWeeklyDistanceOn(report.get().date());
    if (prePain.isEmpty()) {
      return Optional.empty();
    }
    double level = prePain.get() * config.returnVolumeFraction();
    double acute = trend.acuteDistanceM();
    if (acute >= level) {
      return Optional.empty(); // distance is back: speed and hills are the next step
    }
    Severity severity =
        ramps.stream().map(RuleHit::severity).max(Enum::compareTo).orElse(Severity.MODERATE);
    List<String> advice = new ArrayList<>(List.of(Advice.RETURN_ORDER));
    ramps.forEach(h -> advice.addAll(h.adviceCodes()));
    return Optional.of(
        new RuleHit(
            RuleId.RETURN_TOO_FAST,
            severity,
            trend.date(),
            "distanceMVsPrePain",
            acute,
            prePain.get(),
            prePain.get() > 0 ? acute / prePain.get() : null,
            config.returnVolumeFraction(),
            0,
            trend.acuteFrom(),
            trend.date(),
            report.get().date().minusDays(34),
            report.get().date().minusDays(7),
            advice.stream().distinct().toList()));
  }
}
