package io.backstride.alerts.rules;

import io.backstride.core.alert.Severity;

import io.backstride.core.alert.RuleId;

import io.backstride.core.alert.RuleHit;

import static io.backstride.alerts.rules.Trends.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoolDownTest {

  private static RuleHit hit(int daysLater, Severity severity) {
    return new RuleHit(
        RuleId.DOWNHILL_RAMP,
        severity,
        DAY.plusDays(daysLater),
        "descentM",
        400,
        200,
        2.0,
        1.5,
        300,
        DAY,
        DAY,
        DAY,
        DAY,
        List.of());
  }

  @Test
  void theFirstHitIsAlwaysRaised() {
    assertThat(CoolDown.allows(null, hit(0, Severity.MODERATE), 7)).isTrue();
  }

  @Test
  void theSameRuleWithinSevenDaysIsHeldBack() {
    CoolDown last = new CoolDown(DAY, Severity.MODERATE);

    assertThat(CoolDown.allows(last, hit(0, Severity.MODERATE), 7)).isFalse();
    assertThat(CoolDown.allows(last, hit(6, Severity.MODERATE), 7)).isFalse();
    assertThat(CoolDown.allows(last, hit(7, Severity.MODERATE), 7)).isTrue();
  }

  @Test
  void aRiseInSeverityIsRaisedInsideTheCoolDown() {
    CoolDown last = new CoolDown(DAY, Severity.MODERATE);

    assertThat(CoolDown.allows(last, hit(2, Severity.HIGH), 7)).isTrue();
    assertThat(CoolDown.allows(new CoolDown(DAY, Severity.HIGH), hit(2, Severity.MODERATE), 7))
        .isFalse();
  }

  @Test
  void alertIdsAreDeterministicPerAthleteRuleAndDay() {
    String id = RuleEngine.alertId("ana", RuleId.DOWNHILL_RAMP, DAY);

    assertThat(RuleEngine.alertId("ana", RuleId.DOWNHILL_RAMP, DAY)).isEqualTo(id);
    assertThat(RuleEngine.alertId("ana", RuleId.DOWNHILL_RAMP, DAY.plusDays(1))).isNotEqualTo(id);
    assertThat(RuleEngine.alertId("bo", RuleId.DOWNHILL_RAMP, DAY)).isNotEqualTo(id);
  }
}
