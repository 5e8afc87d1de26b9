package io.backstride.alerts.rules;

import io.backstride.core.load.Trend;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Every trend rule over one day's trend. Symptom rules come with symptom reports. */
public final class RuleEngine {
  private final DownhillRampRule downhill;

  public RuleEngine(RuleConfig config) {
    this.downhill = new DownhillRampRule(config);
  }

  public List<RuleHit> evaluate(Trend trend) {
    List<RuleHit> hits = new ArrayList<>();
    downhill.evaluate(trend).ifPresent(hits::add);
    return hits;
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
