package io.backstride.alerts.rules;

import io.backstride.core.alert.Severity;

import io.backstride.core.alert.RuleId;

import io.backstride.core.alert.RuleHit;

import java.time.LocalDate;
import java.util.List;

/**
 * A rule that fired, with the numbers behind it, so that an email or an analyst can explain it
 * without recomputing anything.
 *
 * @param metric what rose, e.g. {@code descentM}
 * @param acute the acute week's value
 * @param chronic the chronic weekly average it was compared with
 * @param ratio acute / chronic; null when the chronic value is zero
 * @param threshold the ratio at which the rule fires
 * @param minimum the acute value below which the rule stays quiet whatever the ratio
 * @param adviceCodes keys of the advice texts that go with this hit
 */
public record RuleHit(
    RuleId rule,
    Severity severity,
    LocalDate date,
    String metric,
    double acute,
    double chronic,
    Double ratio,
    double threshold,
    double minimum,
    LocalDate acuteFrom,
    LocalDate acuteTo,
    LocalDate chronicFrom,
    LocalDate chronicTo,
    List<String> adviceCodes) {

  public RuleHit {
    adviceCodes = List.copyOf(adviceCodes);
  }

  public RuleHit withSeverity(Severity s) {
    return new RuleHit(
        rule,
        s,
        date,
        metric,
        acute,
        chronic,
        ratio,
        threshold,
        minimum,
        acuteFrom,
        acuteTo,
        chronicFrom,
        chronicTo,
        adviceCodes);
  }
}
