package io.backstride.alerts.rules;

import io.backstride.core.alert.Severity;

import io.backstride.core.alert.RuleId;

import io.backstride.core.alert.RuleHit;

import io.backstride.core.load.Trend;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Every rule of RULES.md over one day's trend, or one pain report, with the athlete's symptom
 * state. Pure: the topology keeps the state and the cool-down; this only decides.
 */
public final class RuleEngine {
  private final SpeedRampRule speed;
  private final DownhillRampRule downhill;
  private final VolumeRampRule volume;
  private final SymptomRules symptoms;

  public RuleEngine(RuleConfig config) {
    this.speed = new SpeedRampRule(config.speed());
    this.downhill = new DownhillRampRule(config.downhill());
    this.volume = new VolumeRampRule(config.volume());
    this.symptoms = new SymptomRules(config.symptoms());
  }

  /** The trend rules without symptom history. */
  public List<RuleHit> evaluate(Trend trend) {
    return evaluate(trend, SymptomState.EMPTY);
  }

  /**
   * The ramp rules on one trend, and RETURN_TOO_FAST against the athlete's symptom state. Speed and
   * downhill ramps in the same acute week are both HIGH: together they add the two extensions and
   * the impact that the advice warns about.
   */
  public List<RuleHit> evaluate(Trend trend, SymptomState state) {
    List<RuleHit> hits = new ArrayList<>();
    var speedHit = speed.evaluate(trend);
    var downhillHit = downhill.evaluate(trend);
    boolean both = speedHit.isPresent() && downhillHit.isPresent();
    speedHit.map(h -> both ? h.withSeverity(Severity.HIGH) : h).ifPresent(hits::add);
    downhillHit.map(h -> both ? h.withSeverity(Severity.HIGH) : h).ifPresent(hits::add);
    volume.evaluate(trend).ifPresent(hits::add);
    symptoms.onTrend(state, trend, hits).ifPresent(hits::add);
    return hits;
  }

  /** The symptom rules on a report; {@code state} already includes it. */
  public List<RuleHit> onReport(SymptomState state, SymptomState.PainReport report) {
    return symptoms.onReport(state, report);
  }

  /**
   * A deterministic alert id from athlete, rule and day: the same alert recomputed (a replay, a
   * restart) has the same id, so the notifier can recognise it.
   */
  public static String alertId(String athleteId, RuleId rule, LocalDate date) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((athleteId + "|" + rule + "|" + date).getBytes(StandardCharsets.UTF_8));
      return "alert-" + HexFormat.of().formatHex(hash, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
