package io.backstride.core.access;

import java.util.regex.Pattern;

/**
 * What an athlete id may look like. No colon: the summaries topic keys records as {@code
 * athlete:activity}, and an id with a colon would make those keys ambiguous. No slash or dot
 * either, so that an id is safe in a URL path and a file name.
 */
public final class AthleteIds {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public static boolean isValid(String athleteId) {
    return athleteId != null && VALID.matcher(athleteId).matches();
  }

  /** Returns the id, or throws with a reason fit for the caller when it is not valid. */
  public static String requireValid(String athleteId) {
    if (!isValid(athleteId)) {
      throw new IllegalArgumentException(
          "athlete id must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'");
    }
    return athleteId;
  }

  private AthleteIds() {}
}
