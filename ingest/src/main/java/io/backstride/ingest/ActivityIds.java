package io.backstride.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Deterministic activity ids. The same run uploaded twice, or exported once as GPX and once as FIT,
 * must land on the same id so that its summary replaces the old one instead of counting twice.
 * Formats disagree below the second (GPX often has none, FIT has whole seconds), so the start is
 * truncated to the second before hashing.
 */
public final class ActivityIds {
  private static final int HEX_CHARS = 16;

  /** {@code "act-"} and the first 16 hex digits of SHA-256 over athlete and start second. */
  public static String of(String athleteId, Instant start) {
    // Epoch seconds rather than Instant.toString(): the text of an instant varies with its
    // fraction, the number does not.
    String input = athleteId + "\n" + start.getEpochSecond();
    return "act-" + HexFormat.of().formatHex(sha256(input)).substring(0, HEX_CHARS);
  }

  private static byte[] sha256(String input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private ActivityIds() {}
}
