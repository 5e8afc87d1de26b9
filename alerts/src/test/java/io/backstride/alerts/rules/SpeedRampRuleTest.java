package io.backstride.alerts.rules;

import io.backstride.core.alert.Severity;

import io.backstride.core.alert.RuleId;

import io.backstride.core.alert.RuleHit;

import static io.backstride.alerts.rules.Trends.DAY;
import static io.backstride.alerts.rules.Trends.fast;
import static io.backstride.alerts.rules.Trends.speed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.backstride.core.load.BaselineState;
import io.backstride.core.load.Trend;
import org.junit.jupiter.api.Test;

class SpeedRampRuleTest {
  private final SpeedRampRule rule = new SpeedRampRule(RuleConfig.DEFAULTS.speed());

  @Test
  void firesModerateAtTenPercentAboveTheUsualSpeed() {
    RuleHit hit = rule.evaluate(speed(DAY, 3, 24000, 3.30)).orElseThrow();

    assertThat(hit.rule()).isEqualTo(RuleId.SPEED_RAMP);
    assertThat(hit.metric()).isEqualTo("speedMps");
    assertThat(hit.severity()).isEqualTo(Severity.MODERATE);
    assertThat(hit.ratio()).isCloseTo(1.10, within(1e-9));
    assertThat(hit.threshold()).isEqualTo(1.10);
    assertThat(hit.adviceCodes()).contains(Advice.EASE_SPEED, Advice.NOT_MEDICAL);
  }

  @Test
  void staysQuietJustBelowTenPercent() {
    assertThat(rule.evaluate(speed(DAY, 3, 24000, 3.2999))).isEmpty();
  }

  @Test
  void isHighFromTwentyPercent() {
    assertThat(rule.evaluate(speed(DAY, 3, 24000, 3.5999)).orElseThrow().severity())
        .isEqualTo(Severity.MODERATE);
    assertThat(rule.evaluate(speed(DAY, 3, 24000, 3.60)).orElseThrow().severity())
        .isEqualTo(Severity.HIGH);
  }

  @Test
  void needsTwoRunsAndEightKilometres() {
    assertThat(rule.evaluate(speed(DAY, 1, 24000, 3.6))).isEmpty();
    assertThat(rule.evaluate(speed(DAY, 2, 7999, 3.6))).isEmpty();
    assertThat(rule.evaluate(speed(DAY, 2, 8000, 3.6))).isPresent();
  }

  @Test
  void firesOnTwiceTheUsualFastDistanceFromThreeKilometres() {
    RuleHit hit = rule.evaluate(fast(DAY, 3000, 1500)).orElseThrow();

    assertThat(hit.metric()).isEqualTo("fastDistanceM");
    assertThat(hit.ratio()).isCloseTo(2.0, within(1e-9));
    assertThat(hit.severity()).isEqualTo(Severity.MODERATE);
    assertThat(rule.evaluate(fast(DAY, 2999, 1499.5))).isEmpty(); // under the 3 km floor
    assertThat(rule.evaluate(fast(DAY, 3999, 2000))).isEmpty(); // just under 2.0x
    assertThat(rule.evaluate(fast(DAY, 6000, 2000)).orElseThrow().severity())
        .isEqualTo(Severity.HIGH);
  }

  @Test
  void needsABaselineAndCanBeSwitchedOff() {
    Trend building =
        new Trend(DAY, 20, BaselineState.BUILDING, 3, 2, 24000, 24000, 0, 0, 0, 4.0, 3.0, 0, 0);
    RuleConfig.Speed off = new RuleConfig.Speed(false, 1.1, 2, 8000, 1.2, 2.0, 3000, 3.0);

    assertThat(rule.evaluate(building)).isEmpty();
    assertThat(new SpeedRampRule(off).evaluate(speed(DAY, 3, 24000, 4.0))).isEmpty();
  }
}
