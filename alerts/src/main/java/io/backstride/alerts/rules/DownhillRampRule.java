package io.backstride.alerts.rules;

import io.backstride.core.alert.RuleHit;
import io.backstride.core.alert.RuleId;
import io.backstride.core.load.BaselineState;
import io.backstride.core.load.Trend;
import java.util.List;
import java.util.Optional;

/**
 * DOWNHILL_RAMP: downhill running added faster than the athlete's own baseline. Running downhill
 * extends the lumbar spine more and lands harder, and a quick increase in it is one of the two most
 * common causes of running-specific back pain in the physiotherapist's advice.
 */
public final class DownhillRampRule {
  private final RuleConfig.Downhill config;

  public DownhillRampRule(RuleConfig.Downhill config) {
    this.config = config;
  }

  public Optional<RuleHit> evaluate(Trend t) {
    if (!config.enabled() || t.baseline() != BaselineState.READY) {
      return Optional.empty(); // a ratio needs a baseline: a new runner's first weeks have none
    }
    return new Ramp(
            RuleId.DOWNHILL_RAMP,
            "descentM",
            t.acuteDescentM(),
            t.chronicWeeklyDescentM(),
            t.chronicFrom())
        .check(
            t,
            config.ratio(),
            config.highRatio(),
            config.minimumM(),
            List.of(
                Advice.EASE_DOWNHILL,
                Advice.FLAT_ROUTES,
                Advice.PAIN_PLAN,
                Advice.STRENGTH,
                Advice.NOT_MEDICAL));
  }
}
