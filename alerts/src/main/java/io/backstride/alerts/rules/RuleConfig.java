package io.backstride.alerts.rules;

import io.backstride.platform.EnvValues;
import java.util.Map;

/**
 * Thresholds of the rules; every number configurable, every rule switchable. The defaults are those
 * of RULES.md, whose table names the source of each; they are disputed (Impellizzeri 2020 on the
 * acute:chronic ratio, Buist 2008 on the 10% rule), which is why none of them is hard-coded.
 *
 * @param coolDownDays the same rule for the same athlete is not raised again within this many days
 *     unless its severity rises (7)
 */
public record RuleConfig(
    Speed speed, Downhill downhill, Volume volume, Symptoms symptoms, int coolDownDays) {

  /**
   * SPEED_RAMP. Running faster extends the lumbar spine more (the seed article; lumbar lordosis
   * rises with speed, Tominaga 2024).
   *
   * @param ratio acute mean moving speed at this multiple of the chronic one fires (1.10)
   * @param minRuns with at least this many runs in the acute week (2): one fast race is no trend
   * @param minDistanceM and at least this acute distance (8 km)
   * @param highRatio from this speed ratio the alert is HIGH (1.2)
   * @param fastRatio or: acute fast distance at this multiple of the chronic weekly one (2.0)
   * @param fastMinimumM and at least this much fast distance (3 km)
   * @param fastHighRatio a fast-distance-only hit is HIGH from this ratio (3.0); RULES.md gives no
   *     number for it, and 2.0 (its distance rule) would make every such hit HIGH
   */
  public record Speed(
      boolean enabled,
      double ratio,
      int minRuns,
      double minDistanceM,
      double highRatio,
      double fastRatio,
      double fastMinimumM,
      double fastHighRatio) {
    public static final Speed DEFAULTS = new Speed(true, 1.10, 2, 8000, 1.2, 2.0, 3000, 3.0);
  }

  /**
   * DOWNHILL_RAMP. Downhill running extends the lower back and lands harder (the seed article;
   * Gottschall &amp; Kram 2005: +54% vertical impact at -9 degrees).
   *
   * @param ratio acute descent at this multiple of the chronic weekly descent fires (1.5)
   * @param minimumM only when the acute descent is at least this (300 m), so that a beginner's 40 m
   *     week after a 20 m one is no alarm
   * @param highRatio from this ratio the alert is HIGH (2.0)
   */
  public record Downhill(boolean enabled, double ratio, double minimumM, double highRatio) {
    public static final Downhill DEFAULTS = new Downhill(true, 1.5, 300, 2.0);
  }

  /**
   * VOLUME_RAMP. New runners and runners moving up in distance should build gradually (the seed
   * article; Nielsen 2014: more injuries after weekly increases above 30%).
   *
   * @param ratio acute distance at this multiple of the chronic weekly distance, or, while the
   *     baseline is building, of the previous seven days, fires (1.3)
   * @param minimumM only from this acute distance (10 km)
   * @param highRatio from this ratio the alert is HIGH (2.0)
   */
  public record Volume(boolean enabled, double ratio, double minimumM, double highRatio) {
    public static final Volume DEFAULTS = new Volume(true, 1.3, 10000, 2.0);
  }

  /**
   * The symptom rules (the seed article's return-to-run plan and its advice on recurring pain).
   *
   * @param reportedEnabled BACK_PAIN_REPORTED on or off
   * @param minPain reports below this pain (0-10) are not back pain (1)
   * @param highPain from this pain the alert is HIGH (7; the project's choice, not from a source)
   * @param recurringEnabled RECURRING_BACK_PAIN on or off
   * @param recurringReports this many reports on distinct days (2) ...
   * @param recurringWindowDays ... within this many days (90) fire
   * @param returnEnabled RETURN_TOO_FAST on or off
   * @param returnWindowDays a speed or downhill ramp this many days after a report (28) ...
   * @param returnVolumeFraction ... while the acute distance is below this fraction of the pre-pain
   *     weekly distance (1.0) fires: the seed's order is volume first, then speed or hills
   */
  public record Symptoms(
      boolean reportedEnabled,
      int minPain,
      int highPain,
      boolean recurringEnabled,
      int recurringReports,
      int recurringWindowDays,
      boolean returnEnabled,
      int returnWindowDays,
      double returnVolumeFraction) {
    public static final Symptoms DEFAULTS = new Symptoms(true, 1, 7, true, 2, 90, true, 28, 1.0);
  }

  public static final RuleConfig DEFAULTS =
      new RuleConfig(Speed.DEFAULTS, Downhill.DEFAULTS, Volume.DEFAULTS, Symptoms.DEFAULTS, 7);

  public RuleConfig withSpeed(Speed s) {
    return new RuleConfig(s, downhill, volume, symptoms, coolDownDays);
  }

  public RuleConfig withDownhill(Downhill d) {
    return new RuleConfig(speed, d, volume, symptoms, coolDownDays);
  }

  public RuleConfig withVolume(Volume v) {
    return new RuleConfig(speed, downhill, v, symptoms, coolDownDays);
  }

  public RuleConfig withSymptoms(Symptoms s) {
    return new RuleConfig(speed, downhill, volume, s, coolDownDays);
  }

  /** Defaults overridden by {@code BACKSTRIDE_RULE_*} variables (names in docs/rules.md). */
  public static RuleConfig fromEnv(Map<String, String> env) {
    Env e = new Env(env);
    Speed s = Speed.DEFAULTS;
    Downhill d = Downhill.DEFAULTS;
    Volume v = Volume.DEFAULTS;
    Symptoms p = Symptoms.DEFAULTS;
    return new RuleConfig(
        new Speed(
            e.bool("SPEED_ENABLED", s.enabled()),
            e.num("SPEED_RATIO", s.ratio()),
            e.integer("SPEED_MIN_RUNS", s.minRuns()),
            e.num("SPEED_MIN_DISTANCE_M", s.minDistanceM()),
            e.num("SPEED_HIGH_RATIO", s.highRatio()),
            e.num("SPEED_FAST_RATIO", s.fastRatio()),
            e.num("SPEED_FAST_MIN_M", s.fastMinimumM()),
            e.num("SPEED_FAST_HIGH_RATIO", s.fastHighRatio())),
        new Downhill(
            e.bool("DOWNHILL_ENABLED", d.enabled()),
            e.num("DOWNHILL_RATIO", d.ratio()),
            e.num("DOWNHILL_MIN_M", d.minimumM()),
            e.num("DOWNHILL_HIGH_RATIO", d.highRatio())),
        new Volume(
            e.bool("VOLUME_ENABLED", v.enabled()),
            e.num("VOLUME_RATIO", v.ratio()),
            e.num("VOLUME_MIN_M", v.minimumM()),
            e.num("VOLUME_HIGH_RATIO", v.highRatio())),
        new Symptoms(
            e.bool("PAIN_REPORTED_ENABLED", p.reportedEnabled()),
            e.integer("PAIN_MIN", p.minPain()),
            e.integer("PAIN_HIGH", p.highPain()),
            e.bool("RECURRING_ENABLED", p.recurringEnabled()),
            e.integer("RECURRING_REPORTS", p.recurringReports()),
            e.integer("RECURRING_WINDOW_DAYS", p.recurringWindowDays()),
            e.bool("RETURN_ENABLED", p.returnEnabled()),
            e.integer("RETURN_WINDOW_DAYS", p.returnWindowDays()),
            e.num("RETURN_VOLUME_FRACTION", p.returnVolumeFraction())),
        e.integer("COOLDOWN_DAYS", 7));
  }

  private record Env(Map<String, String> env) {
    private static final String PREFIX = "BACKSTRIDE_RULE_";

    boolean bool(String name, boolean dflt) {
      return EnvValues.bool(env, PREFIX + name, dflt);
    }

    int integer(String name, int dflt) {
      return EnvValues.integer(env, PREFIX + name, dflt);
    }

    double num(String name, double dflt) {
      String value = env.get(PREFIX + name);
      try {
        return value == null ? dflt : Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            PREFIX + name + " must be a number, was '" + value.trim() + "'");
      }
    }
  }
}
