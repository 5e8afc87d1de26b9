package io.backstride.schemas.codec;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.Rule;
import io.backstride.core.alert.RuleHit;
import io.backstride.core.alert.RuleId;
import io.backstride.core.alert.Severity;

/**
 * {@link RuleHit} and the Avro record of {@code back-pain-alerts.v1}, which adds whose alert it is
 * and the alert's id (the rules decide the id; this only carries it).
 */
public final class AlertCodec {

  public static BackPainRiskAlert toAvro(String alertId, String athleteId, RuleHit hit) {
    return BackPainRiskAlert.newBuilder()
        .setAlertId(alertId)
        .setAthleteId(athleteId)
        .setRule(Rule.valueOf(hit.rule().name()))
        .setSeverity(io.backstride.avro.Severity.valueOf(hit.severity().name()))
        .setDate(hit.date())
        .setMetric(hit.metric())
        .setAcute(hit.acute())
        .setChronic(hit.chronic())
        .setRatio(hit.ratio())
        .setThreshold(hit.threshold())
        .setMinimum(hit.minimum())
        .setAcuteFrom(hit.acuteFrom())
        .setAcuteTo(hit.acuteTo())
        .setChronicFrom(hit.chronicFrom())
        .setChronicTo(hit.chronicTo())
        .setAdviceCodes(hit.adviceCodes())
        .build();
  }

  /** The hit an alert carries; its id and athlete are on the record itself. */
  public static RuleHit fromAvro(BackPainRiskAlert a) {
    return new RuleHit(
        RuleId.valueOf(a.getRule().name()),
        Severity.valueOf(a.getSeverity().name()),
        a.getDate(),
        a.getMetric(),
        a.getAcute(),
        a.getChronic(),
        a.getRatio(),
        a.getThreshold(),
        a.getMinimum(),
        a.getAcuteFrom(),
        a.getAcuteTo(),
        a.getChronicFrom(),
        a.getChronicTo(),
        a.getAdviceCodes());
  }

  private AlertCodec() {}
}
