package io.backstride.core.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bearer tokens the ingest service accepts, each bound to the athletes it may write for.
 *
 * <p>Configuration format ({@code BACKSTRIDE_INGEST_TOKENS}): entries separated by {@code ;}, each
 * {@code TOKEN=ATHLETES} where ATHLETES is {@code *} (any athlete: a sync service) or athlete ids
 * separated by {@code |}. Example: {@code s3cret-a=ana|ben;sync-7f3e=*}. A token is 16 to 512
 * characters of {@code A-Z a-z 0-9 - . _ ~ + /} with optional trailing {@code =} (RFC 6750's
 * b64token), so base64 tokens work; the entry is split at its last {@code =} followed by an athlete
 * list. Whitespace around entries is ignored.
 *
 * <p>Only SHA-256 digests of the tokens are kept, and a presented token is looked up by its digest:
 * the comparison a timing attack could probe is between digests, not between secrets.
 */
public final class AccessTokens {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]{16,512}=*");
  private static final String ANY = "*";

  private final Map<String, Set<String>> athletesByDigest;

  private AccessTokens(Map<String, Set<String>> athletesByDigest) {
    this.athletesByDigest = Map.copyOf(athletesByDigest);
  }

  /** No tokens at all. */
  public static AccessTokens none() {
    return new AccessTokens(Map.of());
  }

  /**
   * Parses the configuration format above.
   *
   * @throws IllegalArgumentException naming the entry (by position, never by its secret)
   */
  public static AccessTokens parse(String spec) {
    Map<String, Set<String>> byDigest = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) {
      return none();
    }
    String[] entries = spec.split(";");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.lastIndexOf('=');
      // Base64 padding ends in '=', so the separator is the last '=' that has athletes after it.
      while (eq > 0 && eq == entry.length() - 1) {
        eq = entry.lastIndexOf('=', eq - 1);
      }
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "token entry " + (i + 1) + " must be TOKEN=athlete|athlete or TOKEN=*");
      }
      String token = entry.substring(0, eq).strip();
      String athletes = entry.substring(eq + 1).strip();
      if (!TOKEN.matcher(token).matches()) {
        throw new IllegalArgumentException(
            "token entry "
                + (i + 1)
                + ": a token must be 16-512 characters of A-Z a-z 0-9 - . _ ~ + /");
      }
      Set<String> allowed = new LinkedHashSet<>();
      for (String athlete : athletes.split("\\|")) {
        String id = athlete.strip();
        if (!id.equals(ANY) && !AthleteIds.isValid(id)) {
          throw new IllegalArgumentException(
              "token entry " + (i + 1) + ": '" + id + "' is not an athlete id or *");
        }
        allowed.add(id);
      }
      if (byDigest.put(digest(token), Set.copyOf(allowed)) != null) {
        throw new IllegalArgumentException("token entry " + (i + 1) + " repeats a token");
      }
    }
    return new AccessTokens(byDigest);
  }

  /** Whether any token is configured. */
  public boolean isEmpty() {
    return athletesByDigest.isEmpty();
  }

  /** How many tokens are configured (for the start-up log; never the tokens). */
  public int size() {
    return athletesByDigest.size();
  }

  /** The athletes {@code token} may write for; empty when the token is unknown. */
  public Optional<Set<String>> athletesOf(String token) {
    return token == null
        ? Optional.empty()
        : Optional.ofNullable(athletesByDigest.get(digest(token)));
  }

  /** Whether {@code token} is known and may write for {@code athleteId}. */
  public static boolean allows(Set<String> athletes, String athleteId) {
    return athletes.contains(ANY) || athletes.contains(athleteId);
  }

  private static String digest(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AccessTokens that && athletesByDigest.equals(that.athletesByDigest);
  }

  @Override
  public int hashCode() {
    return athletesByDigest.hashCode();
  }

  @Override
  public String toString() {
    return "AccessTokens[" + athletesByDigest.size() + " tokens]";
  }
}
