package io.backstride.platform;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;

/**
 * Reads {@code BACKSTRIDE_*} settings from an environment map. A value that does not parse fails
 * with one line naming the variable and the value, so that a typo in a deployment is found at a
 * glance rather than in a {@code NumberFormatException}'s stack trace. Unset and blank both mean
 * the default.
 */
public final class EnvValues {
  private EnvValues() {}

  public static String text(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  public static long whole(Map<String, String> env, String name, long fallback) {
    String value = text(env, name, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw invalid(name, value, "a whole number");
    }
  }

  public static int integer(Map<String, String> env, String name, int fallback) {
    long value = whole(env, name, fallback);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw invalid(name, env.get(name), "a whole number below 2^31");
    }
    return (int) value;
  }

  /** A TCP port, 0 to 65535 (0: any free one). */
  public static int port(Map<String, String> env, String name, int fallback) {
    long value = whole(env, name, fallback);
    if (value < 0 || value > 65535) {
      throw invalid(name, env.get(name), "a port number, 0 to 65535");
    }
    return (int) value;
  }

  /** {@code true} or {@code false}, any case; anything else ("yes", "on") is refused, not false. */
  public static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String value = text(env, name, null);
    if (value == null) {
      return fallback;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw invalid(name, value, "true or false");
  }

  public static ZoneId zone(Map<String, String> env, String name, ZoneId fallback) {
    String value = text(env, name, null);
    if (value == null) {
      return fallback;
    }
    try {
      return ZoneId.of(value);
    } catch (DateTimeException e) {
      throw invalid(name, value, "a time zone such as UTC or Europe/Ljubljana");
    }
  }

  private static IllegalArgumentException invalid(String name, String value, String what) {
    return new IllegalArgumentException(
        name + " must be " + what + ", was '" + value.strip() + "'");
  }
}
