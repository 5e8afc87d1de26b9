package io.backstride.core.links;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The links an email gives an athlete: their pages, and one-click unsubscribe. Each carries its own
 * signed token; the base is {@code BACKSTRIDE_PUBLIC_URL}, where the athlete pages answer.
 *
 * @param publicUrl the pages' base URL as the athlete's browser reaches it, without a trailing
 *     slash
 * @param pagesTtl how long a page link opens the pages (default 30 days)
 * @param unsubscribeTtl how long an unsubscribe link works: longer, as people unsubscribe from old
 *     emails (default 365 days)
 * @param unsubscribeMailbox the address a {@code mailto:} unsubscribe goes to ({@value
 *     #UNSUBSCRIBE_MAILTO}), or null for none: then the emails offer no {@code mailto:} at all, as
 *     an address nobody reads is worse than none
 */
public record AthleteLinks(
    String publicUrl,
    LinkTokens tokens,
    Duration pagesTtl,
    Duration unsubscribeTtl,
    String unsubscribeMailbox) {
  public static final Duration DEFAULT_PAGES_TTL = Duration.ofDays(30);
  public static final Duration DEFAULT_UNSUBSCRIBE_TTL = Duration.ofDays(365);

  /** The paths the pages serve the links at. */
  public static final String PAGES_PATH = "/a/";

  public static final String UNSUBSCRIBE_PATH = "/u/";

  public AthleteLinks {
    if (!publicUrl.startsWith("http://") && !publicUrl.startsWith("https://")) {
      throw new IllegalArgumentException(
          "the public URL must start with http:// or https://, was '" + publicUrl + "'");
    }
    publicUrl =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  public static final String PUBLIC_URL = "BACKSTRIDE_PUBLIC_URL";
  public static final String SECRET = "BACKSTRIDE_LINK_SECRET";
  public static final String PAGES_TTL_DAYS = "BACKSTRIDE_LINK_TTL_DAYS";
  public static final String UNSUBSCRIBE_TTL_DAYS = "BACKSTRIDE_UNSUBSCRIBE_LINK_TTL_DAYS";

  /**
   * The address of the mailbox the athlete pages poll for unsubscribe emails. Set it only where the
   * pages read that mailbox ({@code BACKSTRIDE_UNSUBSCRIBE_MAILBOX}): the pages refuse one without
   * the other.
   */
  public static final String UNSUBSCRIBE_MAILTO = "BACKSTRIDE_UNSUBSCRIBE_MAILTO";

  /**
   * What the subject of a {@code mailto:} unsubscribe starts with; the signed unsubscribe token
   * follows it. The subject, not the address ({@code unsubscribe+<token>@...}), carries the token:
   * a token is longer than the 64 octets RFC 5321 allows a local part, and some mail systems fold a
   * local part's case, which a base64url signature does not survive.
   */
  public static final String MAILTO_SUBJECT = "unsubscribe ";

  /** Where the pages answer when {@value #PUBLIC_URL} is not set: {@code backstride run}'s port. */
  public static final String DEFAULT_PUBLIC_URL = "http://localhost:8083";

  /**
   * The links as configured by {@value #PUBLIC_URL}, {@value #SECRET}, {@value #PAGES_TTL_DAYS} and
   * {@value #UNSUBSCRIBE_TTL_DAYS}; the mailbox of a {@code mailto:} unsubscribe is {@value
   * #UNSUBSCRIBE_MAILTO}, none when it is unset.
   *
   * @return empty without a secret: then there are no pages to link to
   * @throws IllegalArgumentException naming the variable that does not parse (never the secret)
   */
  public static Optional<AthleteLinks> fromEnv(Map<String, String> env) {
    String secret = env.get(SECRET);
    if (secret == null || secret.isBlank()) {
      return Optional.empty();
    }
    LinkTokens tokens;
    try {
      tokens = LinkTokens.withSecret(secret.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(SECRET + ": " + e.getMessage());
    }
    String mailto = env.get(UNSUBSCRIBE_MAILTO);
    String mailbox = null;
    if (mailto != null && !mailto.isBlank()) {
      mailbox = mailbox(mailto);
      if (mailbox == null) {
        throw new IllegalArgumentException(
            UNSUBSCRIBE_MAILTO + " must be an email address, was '" + mailto.strip() + "'");
      }
    }
    try {
      return Optional.of(
          new AthleteLinks(
              env.getOrDefault(PUBLIC_URL, DEFAULT_PUBLIC_URL).strip(),
              tokens,
              days(env, PAGES_TTL_DAYS, DEFAULT_PAGES_TTL),
              days(env, UNSUBSCRIBE_TTL_DAYS, DEFAULT_UNSUBSCRIBE_TTL),
              mailbox));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("BACKSTRIDE_")
          ? e
          : new IllegalArgumentException(PUBLIC_URL + ": " + e.getMessage());
    }
  }

  private static Duration days(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long days = Long.parseLong(value.strip());
      if (days >= 1 && days <= 3660) {
        return Duration.ofDays(days);
      }
    } catch (NumberFormatException e) {
      // falls through to the one message
    }
    throw new IllegalArgumentException(
        name + " must be a whole number of days from 1 to 3660, was '" + value + "'");
  }

  /** The address of "name <address>" or a bare address. */
  private static String mailbox(String from) {
    int open = from.lastIndexOf('<');
    int close = from.lastIndexOf('>');
    String address = open >= 0 && close > open ? from.substring(open + 1, close) : from;
    address = address.strip();
    return address.matches("[^\\s<>@,;:\"()]+@[^\\s<>@,;:\"()]+") ? address : null;
  }

  public AthleteLinks(String publicUrl, LinkTokens tokens) {
    this(publicUrl, tokens, DEFAULT_PAGES_TTL, DEFAULT_UNSUBSCRIBE_TTL, null);
  }

  /**
   * The {@code mailto:} of {@code List-Unsubscribe}, or null without a mailbox: the subject carries
   * the same signed token as {@link #unsubscribeUrl}, which the pages' mailbox poller checks.
   */
  public String unsubscribeMailto(String athleteId, Instant now) {
    if (unsubscribeMailbox == null) {
      return null;
    }
    String token = tokens.sign(athleteId, LinkTokens.Purpose.UNSUBSCRIBE, now, unsubscribeTtl);
    // the token's characters (base64url and '.') need no percent-encoding in a URI's query
    return "mailto:" + unsubscribeMailbox + "?subject=" + MAILTO_SUBJECT.strip() + "%20" + token;
  }

  public String pagesUrl(String athleteId, Instant now) {
    return publicUrl + PAGES_PATH + tokens.sign(athleteId, LinkTokens.Purpose.PAGES, now, pagesTtl);
  }

  public String unsubscribeUrl(String athleteId, Instant now) {
    return publicUrl
        + UNSUBSCRIBE_PATH
        + tokens.sign(athleteId, LinkTokens.Purpose.UNSUBSCRIBE, now, unsubscribeTtl);
  }
}
