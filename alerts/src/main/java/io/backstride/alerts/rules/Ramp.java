package io.backstride.alerts.rules;

import io.backstride.core.alert.RuleHit;
import io.backstride.core.alert.RuleId;
import io.backstride.core.alert.Severity;
import io.backstride.core.load.Trend;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * An acute week's figure against the baseline it is compared with, as the ramp rules judge it: the
 * acute window is the trend's, the baseline's window runs from {@code baseFrom} to the trend's
 * {@code chronicTo}.
 *
 * @param metric what rose, as the hit names it ("descentM")
 * @param baseFrom the first day of the baseline: the chronic window's, or the previous week's
 */
record Ramp(RuleId rule, String metric, double acute, double base, LocalDate baseFrom) {

  /**
   * The hit when {@code acute} reaches both {@code minimum} and {@code ratio} times the base; HIGH
   * from {@code highRatio}, and when there is no base at all (a ramp from nothing is the steepest).
   */
  Optional<RuleHit> check(
      Trend t, double ratio, double highRatio, double minimum, List<String> adviceCodes) {
    if (acute < minimum || acute < ratio * base) {
      return Optional.empty();
    }
    Double actual = base > 0 ? acute / base : null;
    Severity severity = actual == null || actual >= highRatio ? Severity.HIGH : Severity.MODERATE;
    return Optional.of(hit(t, severity, actual, ratio, minimum, adviceCodes));
  }

  /** The hit of this ramp on the trend's day, with the figures that decided it. */
  RuleHit hit(
      Trend t,
      Severity severity,
      Double ratio,
      double threshold,
      double minimum,
      List<String> adviceCodes) {
    return new RuleHit(
        rule,
        severity,
        t.date(),
        metric,
        acute,
        base,
        ratio,
        threshold,
        minimum,
        t.acuteFrom(),
        t.date(),
        baseFrom,
        t.chronicTo(),
        adviceCodes);
  }
}
