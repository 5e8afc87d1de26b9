package io.backstride.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleConfigEnvTest {

  @Test
  void switchesAcceptTrueAndFalseInAnyCase() {
    RuleConfig config =
        RuleConfig.fromEnv(
            Map.of(
                "BACKSTRIDE_RULE_SPEED_ENABLED",
                "FALSE",
                "BACKSTRIDE_RULE_VOLUME_ENABLED",
                "True"));

    assertThat(config.speed().enabled()).isFalse();
    assertThat(config.volume().enabled()).isTrue();
  }

  @Test
  void aSwitchThatIsNeitherTrueNorFalseIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> RuleConfig.fromEnv(Map.of("BACKSTRIDE_RULE_SPEED_ENABLED", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BACKSTRIDE_RULE_SPEED_ENABLED must be true or false, was 'yes'");
  }

  @Test
  void aCountThatIsNotWholeIsRefusedRatherThanTruncated() {
    assertThatThrownBy(() -> RuleConfig.fromEnv(Map.of("BACKSTRIDE_RULE_SPEED_MIN_RUNS", "2.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BACKSTRIDE_RULE_SPEED_MIN_RUNS must be a whole number, was '2.5'");
    assertThat(RuleConfig.fromEnv(Map.of("BACKSTRIDE_RULE_COOLDOWN_DAYS", "3")).coolDownDays())
        .isEqualTo(3);
  }
}
