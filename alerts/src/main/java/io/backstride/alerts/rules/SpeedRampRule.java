package io.backstride.alerts.rules;

import io.backstride.core.alert.RuleHit;
import io.backstride.core.alert.RuleId;
import io.backstride.core.alert.Severity;
import io.backstride.core.load.BaselineState;
import io.backstride.core.load.Trend;
import java.util.List;
import java.util.Optional;

/**
 * SPEED_RAMP: running faster than the athlete's own baseline, either on average (mean moving speed
 * of the week) or in how much of the week was run fast. Speed raises lumbar extension, the other of
 * the two common running causes of back pain in the physiotherapist's advice.
 */
public final class SpeedRampRule {
  private static final List<String> ADVICE =
      List.of(Advice.EASE_SPEED, Advice.PAIN_PLAN, Advice.STRENGTH, Advice.NOT_MEDICAL);

  private final RuleConfig.Speed config;

  public SpeedRampRule(RuleConfig.Speed config) {
    this.config = config;
  }

  public Optional<RuleHit> evaluate(Trend t) {
    if (!config.enabled() || t.baseline() != BaselineState.READY) {
      return Optional.empty();
    }
    Optional<RuleHit> mean = meanSpeed(t);
    return mean.isPresent() ? mean : fastDistance(t);
  }

  /** The mean speed is the clearer message, so it wins when both criteria fire. */
  private Optional<RuleHit> meanSpeed(Trend t) {
    Double acute = t.acuteSpeedMps();
    Double chronic = t.chronicSpeedMps();
    if (acute == null || chronic == null || chronic <= 0) {
      return Optional.empty();
    }
    if (t.acuteRuns() < config.minRuns()
        || t.acuteDistanceM() < config.minDistanceM()
        // a small tolerance: 3.30 m/s against 3.00 is 1.10x, whatever the floating point says
        || acute / chronic < config.ratio() - 1e-9) {
      return Optional.empty();
    }
    double ratio = acute / chronic;
    Severity severity = ratio >= config.highRatio() - 1e-9 ? Severity.HIGH : Severity.MODERATE;
    return Optional.of(
        new Ramp(RuleId.SPEED_RAMP, "speedMps", acute, chronic, t.chronicFrom())
            .hit(t, severity, ratio, config.ratio(), 0, ADVICE));
  }

  private Optional<RuleHit> fastDistance(Trend t) {
    return new Ramp(
            RuleId.SPEED_RAMP,
            "fastDistanceM",
            t.acuteFastDistanceM(),
            t.chronicWeeklyFastDistanceM(),
            t.chronicFrom())
        .check(t, config.fastRatio(), config.fastHighRatio(), config.fastMinimumM(), ADVICE);
  }
}
