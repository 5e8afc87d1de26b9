package io.backstride.alerts.rules;

import io.backstride.core.alert.Severity;

import io.backstride.core.alert.RuleId;

import io.backstride.core.alert.RuleHit;

import static io.backstride.alerts.rules.Trends.DAY;
import static io.backstride.alerts.rules.Trends.distance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.backstride.core.load.BaselineState;
import org.junit.jupiter.api.Test;

class VolumeRampRuleTest {
  private final VolumeRampRule rule = new VolumeRampRule(RuleConfig.DEFAULTS.volume());

  @Test
  void firesModerateAtThirtyPercentAboveTheUsualWeek() {
    RuleHit hit = rule.evaluate(distance(DAY, BaselineState.READY, 26000, 0, 20000)).orElseThrow();

    assertThat(hit.rule()).isEqualTo(RuleId.VOLUME_RAMP);
    assertThat(hit.metric()).isEqualTo("distanceM");
    assertThat(hit.ratio()).isCloseTo(1.3, within(1e-9));
    assertThat(hit.severity()).isEqualTo(Severity.MODERATE);
    assertThat(hit.chronicFrom()).isEqualTo(DAY.minusDays(34));
  }

  @Test
  void staysQuietJustBelowThirtyPercent() {
    assertThat(rule.evaluate(distance(DAY, BaselineState.READY, 25999, 0, 20000))).isEmpty();
  }

  @Test
  void needsTenKilometresAndIsHighFromDouble() {
    assertThat(rule.evaluate(distance(DAY, BaselineState.READY, 9999, 0, 2000))).isEmpty();
    assertThat(rule.evaluate(distance(DAY, BaselineState.READY, 10000, 0, 5000)).orElseThrow())
        .extracting(RuleHit::severity)
        .isEqualTo(Severity.HIGH);
    assertThat(rule.evaluate(distance(DAY, BaselineState.READY, 10001, 0, 5001)).orElseThrow())
        .extracting(RuleHit::severity)
        .isEqualTo(Severity.MODERATE);
  }

  @Test
  void comparesANewRunnersWeekWithThePreviousSevenDays() {
    RuleHit hit =
        rule.evaluate(distance(DAY, BaselineState.BUILDING, 13000, 10000, 0)).orElseThrow();

    assertThat(hit.metric()).isEqualTo("distanceMVsPreviousWeek");
    assertThat(hit.chronic()).isEqualTo(10000);
    assertThat(hit.chronicFrom()).isEqualTo(DAY.minusDays(13));
    assertThat(hit.chronicTo()).isEqualTo(DAY.minusDays(7));
    assertThat(rule.evaluate(distance(DAY, BaselineState.BUILDING, 12999, 10000, 0))).isEmpty();
    assertThat(rule.evaluate(distance(DAY, BaselineState.BUILDING, 13001, 10000, 0))).isPresent();
  }

  @Test
  void staysQuietInTheFirstThirteenDaysAndWhenSwitchedOff() {
    assertThat(rule.evaluate(distance(DAY, BaselineState.NONE, 40000, 1000, 0))).isEmpty();
    assertThat(
            new VolumeRampRule(new RuleConfig.Volume(false, 1.3, 10000, 2.0))
                .evaluate(distance(DAY, BaselineState.READY, 40000, 0, 10000)))
        .isEmpty();
  }
}
