package io.backstride.core.access;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who may call the athlete routes of the HTTP APIs (ingest's writes and the trends reads): one set
 * of bearer tokens and one rule for both, so that a token that may not write an athlete's runs may
 * not read that athlete's trends either.
 *
 * @param enabled {@code BACKSTRIDE_INGEST_AUTH}: {@code on} or {@code off}; unset, it is on exactly
 *     when tokens are configured, so that configuring tokens never leaves a service open by mistake
 * @param tokens {@code BACKSTRIDE_INGEST_TOKENS}, in the format of {@link AccessTokens}
 */
public record BearerAccess(boolean enabled, AccessTokens tokens) {
  public static final String AUTH = "BACKSTRIDE_INGEST_AUTH";
  public static final String TOKENS = "BACKSTRIDE_INGEST_TOKENS";

  /** What a 401 asks for, per RFC 6750. */
  public static final String CHALLENGE = "Bearer realm=\"backstride\"";

  public BearerAccess {
    if (tokens == null) {
      tokens = AccessTokens.none();
    }
    if (enabled && tokens.isEmpty()) {
      throw new IllegalArgumentException(
          AUTH + "=on needs at least one token in " + TOKENS + " (token=athlete|athlete;...)");
    }
  }

  /** Everyone may call everything: the local demo. */
  public static BearerAccess off() {
    return new BearerAccess(false, AccessTokens.none());
  }

  /** Auth on with these tokens. */
  public static BearerAccess of(AccessTokens tokens) {
    return new BearerAccess(true, tokens);
  }

  /**
   * The two variables above; unset or blank variables take their defaults.
   *
   * @throws IllegalArgumentException for an unreadable token list, an auth value other than on or
   *     off, or auth on without tokens
   */
  public static BearerAccess fromEnv(Map<String, String> env) {
    String spec = env.get(TOKENS);
    AccessTokens tokens = AccessTokens.parse(spec);
    String auth = env.get(AUTH);
    auth =
        auth == null || auth.isBlank()
            ? (tokens.isEmpty() ? "off" : "on")
            : auth.strip().toLowerCase(Locale.ROOT);
    if (!auth.equals("on") && !auth.equals("off")) {
      throw new IllegalArgumentException(AUTH + " must be on or off, was '" + auth + "'");
    }
    return new BearerAccess(auth.equals("on"), tokens);
  }

  /**
   * The caller behind an {@code Authorization} header (null when none was sent).
   *
   * @throws Denied with status 401 when auth is on and the header holds no known bearer token
   */
  public Caller authenticate(String authorization) {
    if (!enabled) {
      return Caller.ANYONE;
    }
    String token =
        authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            ? authorization.substring(7).strip()
            : null;
    Set<String> athletes =
        tokens
            .athletesOf(token)
            .orElseThrow(
                () ->
                    new Denied(
                        401,
                        token == null
                            ? "send Authorization: Bearer TOKEN"
                            : "the bearer token is not known"));
    return new Caller(athletes);
  }

  /** An authenticated caller and the athletes it may act for. */
  public record Caller(Set<String> athletes) {
    static final Caller ANYONE = new Caller(Set.of("*"));

    public Caller {
      athletes = Set.copyOf(athletes);
    }

    /**
     * Returns normally when this caller may act for {@code athleteId}.
     *
     * @param action what the caller tried, for the 403's detail: "write for", "read the trends of"
     * @throws Denied with status 403 otherwise
     */
    public void require(String athleteId, String action) {
      if (!AccessTokens.allows(athletes, athleteId)) {
        throw new Denied(403, "this token may not " + action + " athlete " + athleteId);
      }
    }
  }

  /** A refusal: 401 (who are you?) or 403 (not this athlete), with a detail fit for the caller. */
  public static final class Denied extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    Denied(int status, String detail) {
      super(detail);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }
}
