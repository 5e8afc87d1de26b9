package io.backstride.alerts;

import io.backstride.alerts.rules.RuleEngine;
import io.backstride.core.alert.RuleHit;
import io.backstride.alerts.rules.SymptomState;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.Rule;
import io.backstride.avro.SymptomReport;
import io.backstride.core.load.BaselineState;
import io.backstride.core.load.Trend;

/** The one place where the alerts app turns Avro records into domain values and back. */
public final class AvroMapper {

  /** A trend from the topic as the domain's value. */
  public static Trend trend(AthleteTrend t) {
    return new Trend(
        t.getDate(),
        t.getHistoryDays(),
        BaselineState.valueOf(t.getBaseline().name()),
        t.getAcuteRuns(),
        t.getChronicRuns(),
        t.getAcuteDistanceM(),
        t.getPreviousWeekDistanceM(),
        t.getChronicWeeklyDistanceM(),
        t.getAcuteDescentM(),
        t.getChronicWeeklyDescentM(),
        t.getAcuteSpeedMps(),
        t.getChronicSpeedMps(),
        t.getAcuteFastDistanceM(),
        t.getChronicWeeklyFastDistanceM());
  }

  static SymptomState.PainReport painReport(SymptomReport r) {
    return new SymptomState.PainReport(
        r.getReportId(), r.getDate(), r.getSeverity(), r.getWhen().name());
  }

  static BackPainRiskAlert alert(String athleteId, RuleHit hit) {
    return BackPainRiskAlert.newBuilder()
        .setAlertId(RuleEngine.alertId(athleteId, hit.rule(), hit.date()))
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

  private AvroMapper() {}
}
