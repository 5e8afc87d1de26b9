package io.backstride.alerts.rules;

import java.util.Map;

/**
 * Thresholds of the rules; every number configurable, every rule switchable. The defaults are those
 * of RULES.md.
 *
 * @param downhillEnabled whether DOWNHILL_RAMP fires at all
 * @param downhillRatio acute descent at this multiple of the chronic weekly descent fires (1.5)
 * @param downhillMinimumM and only when the acute descent is at least this (300 m), so that a
 *     beginner's 40 m week after a 20 m one is no alarm
 * @param downhillHighRatio from this ratio the alert is HIGH (2.0)
 * @param coolDownDays the same rule for the same athlete is not raised again within this many days
 *     unless its severity rises (7)
 */
public record RuleConfig(
    boolean downhillEnabled,
    double downhillRatio,
    double downhillMinimumM,
    double downhillHighRatio,
    int coolDownDays) {

  public static final RuleConfig DEFAULTS = new RuleConfig(true, 1.5, 300, 2.0, 7);

  /** Defaults overridden by {@code BACKSTRIDE_RULE_*} variables. */
  public static RuleConfig fromEnv(Map<String, String> env) {
    return new RuleConfig(
        Boolean.parseBoolean(env.getOrDefault("BACKSTRIDE_RULE_DOWNHILL_ENABLED", "true")),
        Double.parseDouble(env.getOrDefault("BACKSTRIDE_RULE_DOWNHILL_RATIO", "1.5")),
        Double.parseDouble(env.getOrDefault("BACKSTRIDE_RULE_DOWNHILL_MIN_M", "300")),
        Double.parseDouble(env.getOrDefault("BACKSTRIDE_RULE_DOWNHILL_HIGH_RATIO", "2.0")),
        Integer.parseInt(env.getOrDefault("BACKSTRIDE_RULE_COOLDOWN_DAYS", "7")));
  }
}
