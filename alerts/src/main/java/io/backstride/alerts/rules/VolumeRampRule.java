package io.backstride.alerts.rules;

import io.backstride.core.alert.RuleHit;
import io.backstride.core.alert.RuleId;
import io.backstride.core.load.BaselineState;
import io.backstride.core.load.Trend;
import java.util.List;
import java.util.Optional;

/**
 * VOLUME_RAMP: weekly distance up faster than the athlete's body has adapted to. With a baseline
 * the acute week is compared with the chronic weekly average; while a new runner's baseline is
 * still building (from history day 14) it is compared with the seven days before, because that is
 * all there is; in the first 13 days nothing is compared.
 */
public final class VolumeRampRule {
  private final RuleConfig.Volume config;

  public VolumeRampRule(RuleConfig.Volume config) {
    this.config = config;
  }

  public Optional<RuleHit> evaluate(Trend t) {
    if (!config.enabled() || t.baseline() == BaselineState.NONE) {
      return Optional.empty();
    }
    boolean building = t.baseline() == BaselineState.BUILDING;
    return new Ramp(
            RuleId.VOLUME_RAMP,
            building ? "distanceMVsPreviousWeek" : "distanceM",
            t.acuteDistanceM(),
            building ? t.previousWeekDistanceM() : t.chronicWeeklyDistanceM(),
            // while building, the baseline is the previous seven days, not days 8-35
            building ? t.date().minusDays(13) : t.chronicFrom())
        .check(
            t,
            config.ratio(),
            config.highRatio(),
            config.minimumM(),
            List.of(Advice.BUILD_GRADUALLY, Advice.STRENGTH, Advice.NOT_MEDICAL));
  }
}
