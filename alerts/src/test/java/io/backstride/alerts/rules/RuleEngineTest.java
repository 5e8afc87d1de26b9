package io.backstride.alerts.rules;

import io.backstride.core.alert.Severity;

import io.backstride.core.alert.RuleId;

import io.backstride.core.alert.RuleHit;

import static io.backstride.alerts.rules.Trends.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.core.load.BaselineState;
import io.backstride.core.load.Trend;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleEngineTest {

  @Test
  void speedAndDownhillRampsInTheSameWeekAreBothHigh() {
    // 1.12x speed and 1.6x descent: each alone would be MODERATE
    Trend both =
        new Trend(
            DAY, 42, BaselineState.READY, 3, 12, 24000, 24000, 24000, 480, 300, 3.36, 3.0, 0, 0);

    assertThat(new RuleEngine(RuleConfig.DEFAULTS).evaluate(both))
        .extracting(RuleHit::rule, RuleHit::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(RuleId.SPEED_RAMP, Severity.HIGH),
            org.assertj.core.groups.Tuple.tuple(RuleId.DOWNHILL_RAMP, Severity.HIGH));
  }

  @Test
  void aSteadyWeekRaisesNothing() {
    assertThat(new RuleEngine(RuleConfig.DEFAULTS).evaluate(Trends.steady(DAY))).isEmpty();
  }

  @Test
  void everyThresholdAndSwitchIsReadFromTheEnvironment() {
    RuleConfig config =
        RuleConfig.fromEnv(
            Map.of(
                "BACKSTRIDE_RULE_SPEED_RATIO", "1.05",
                "BACKSTRIDE_RULE_SPEED_FAST_MIN_M", "2000",
                "BACKSTRIDE_RULE_DOWNHILL_ENABLED", "false",
                "BACKSTRIDE_RULE_VOLUME_MIN_M", "5000",
                "BACKSTRIDE_RULE_RECURRING_WINDOW_DAYS", "60",
                "BACKSTRIDE_RULE_RETURN_VOLUME_FRACTION", "0.9",
                "BACKSTRIDE_RULE_COOLDOWN_DAYS", "3"));

    assertThat(config.speed().ratio()).isEqualTo(1.05);
    assertThat(config.speed().fastMinimumM()).isEqualTo(2000);
    assertThat(config.speed().highRatio()).isEqualTo(1.2);
    assertThat(config.downhill().enabled()).isFalse();
    assertThat(config.volume().minimumM()).isEqualTo(5000);
    assertThat(config.symptoms().recurringWindowDays()).isEqualTo(60);
    assertThat(config.symptoms().returnVolumeFraction()).isEqualTo(0.9);
    assertThat(config.coolDownDays()).isEqualTo(3);
    assertThat(RuleConfig.fromEnv(Map.of())).isEqualTo(RuleConfig.DEFAULTS);
  }
}
