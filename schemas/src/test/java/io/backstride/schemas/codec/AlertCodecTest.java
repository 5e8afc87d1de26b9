package io.backstride.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.core.alert.RuleHit;
import io.backstride.core.alert.RuleId;
import io.backstride.core.alert.Severity;
import io.backstride.schemas.Topics;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertCodecTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 2);

  private static RuleHit hit(RuleId rule, Severity severity, Double ratio, List<String> advice) {
    return new RuleHit(
        rule,
        severity,
        DAY,
        "descentM",
        610.5,
        300.25,
        ratio,
        1.5,
        250,
        DAY.minusDays(6),
        DAY,
        DAY.minusDays(34),
        DAY.minusDays(7),
        advice);
  }

  @Test
  void aHitComesBackFromTheTopicWithTheAlertsIdAndAthlete() {
    RuleHit hit = hit(RuleId.DOWNHILL_RAMP, Severity.HIGH, 2.03, List.of("downhill", "rest"));

    BackPainRiskAlert read =
        Wire.through(Topics.BACK_PAIN_ALERTS, AlertCodec.toAvro("alert-1", "ana", hit));

    assertThat(read.getAlertId()).isEqualTo("alert-1");
    assertThat(read.getAthleteId()).isEqualTo("ana");
    assertThat(AlertCodec.fromAvro(read)).isEqualTo(hit);
  }

  @Test
  void aHitWithoutARatioOrAdviceStaysWithoutThem() {
    RuleHit hit = hit(RuleId.BACK_PAIN_REPORTED, Severity.MODERATE, null, List.of());

    assertThat(
            AlertCodec.fromAvro(
                Wire.through(Topics.BACK_PAIN_ALERTS, AlertCodec.toAvro("a", "ana", hit))))
        .isEqualTo(hit);
  }

  @Test
  void everyRuleAndSeverityCrossesTheWire() {
    for (RuleId rule : RuleId.values()) {
      for (Severity severity : Severity.values()) {
        RuleHit hit = hit(rule, severity, 1.0, List.of());

        assertThat(AlertCodec.fromAvro(AlertCodec.toAvro("a", "ana", hit))).isEqualTo(hit);
      }
    }
    assertThat(io.backstride.avro.Rule.values()).hasSameSizeAs(RuleId.values());
    assertThat(io.backstride.avro.Severity.values()).hasSameSizeAs(Severity.values());
  }
}
