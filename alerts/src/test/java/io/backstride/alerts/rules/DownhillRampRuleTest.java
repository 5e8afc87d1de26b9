package io.backstride.alerts.rules;

import io.backstride.core.alert.Severity;

import io.backstride.core.alert.RuleId;

import io.backstride.core.alert.RuleHit;

import static io.backstride.alerts.rules.Trends.DAY;
import static io.backstride.alerts.rules.Trends.descent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.backstride.core.load.BaselineState;
import org.junit.jupiter.api.Test;

class DownhillRampRuleTest {
  private final DownhillRampRule rule = new DownhillRampRule(RuleConfig.DEFAULTS.downhill());

  @Test
  void firesModerateExactlyAtOneAndAHalfTimesTheWeeklyBaseline() {
    RuleHit hit = rule.evaluate(descent(DAY, BaselineState.READY, 360, 240)).orElseThrow();

    assertThat(hit.rule()).isEqualTo(RuleId.DOWNHILL_RAMP);
    assertThat(hit.severity()).isEqualTo(Severity.MODERATE);
    assertThat(hit.ratio()).isCloseTo(1.5, within(1e-9));
    assertThat(hit.acute()).isEqualTo(360);
    assertThat(hit.chronic()).isEqualTo(240);
    assertThat(hit.threshold()).isEqualTo(1.5);
    assertThat(hit.acuteFrom()).isEqualTo(DAY.minusDays(6));
    assertThat(hit.chronicFrom()).isEqualTo(DAY.minusDays(34));
    assertThat(hit.chronicTo()).isEqualTo(DAY.minusDays(7));
    assertThat(hit.adviceCodes()).contains(Advice.NOT_MEDICAL, Advice.FLAT_ROUTES);
  }

  @Test
  void staysQuietJustBelowTheRatio() {
    assertThat(rule.evaluate(descent(DAY, BaselineState.READY, 359.9, 240))).isEmpty();
  }

  @Test
  void staysQuietBelowThreeHundredMetresWhateverTheRatio() {
    assertThat(rule.evaluate(descent(DAY, BaselineState.READY, 299, 50))).isEmpty();
    assertThat(rule.evaluate(descent(DAY, BaselineState.READY, 300, 50))).isPresent();
  }

  @Test
  void isHighFromTwiceTheBaseline() {
    assertThat(rule.evaluate(descent(DAY, BaselineState.READY, 479, 240)).orElseThrow().severity())
        .isEqualTo(Severity.MODERATE);
    assertThat(rule.evaluate(descent(DAY, BaselineState.READY, 480, 240)).orElseThrow().severity())
        .isEqualTo(Severity.HIGH);
  }

  @Test
  void needsABaseline() {
    assertThat(rule.evaluate(descent(DAY, BaselineState.BUILDING, 900, 100))).isEmpty();
    assertThat(rule.evaluate(descent(DAY, BaselineState.NONE, 900, 100))).isEmpty();
  }

  @Test
  void canBeSwitchedOffAndRetuned() {
    RuleConfig.Downhill off = new RuleConfig.Downhill(false, 1.5, 300, 2.0);
    RuleConfig.Downhill stricter = new RuleConfig.Downhill(true, 1.2, 100, 2.0);

    assertThat(new DownhillRampRule(off).evaluate(descent(DAY, BaselineState.READY, 900, 100)))
        .isEmpty();
    assertThat(new DownhillRampRule(stricter).evaluate(descent(DAY, BaselineState.READY, 130, 100)))
        .isPresent();
  }

  @Test
  void descentFromNothingIsHighWithoutARatio() {
    RuleHit hit = rule.evaluate(descent(DAY, BaselineState.READY, 400, 0)).orElseThrow();

    assertThat(hit.ratio()).isNull();
    assertThat(hit.severity()).isEqualTo(Severity.HIGH);
  }
}
