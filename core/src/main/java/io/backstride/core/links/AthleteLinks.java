package io.backstride.core.links;

import java.time.Duration;
import java.time.Instant;

/**
 * The links an email gives an athlete: their pages, and one-click unsubscribe. Each carries its own
 * signed token; the base is {@code BACKSTRIDE_PUBLIC_URL}, where the athlete pages answer.
 *
 * @param publicUrl the pages' base URL as the athlete's browser reaches it, without a trailing
 *     slash
 * @param pagesTtl how long a page link opens the pages (default 30 days)
 * @param unsubscribeTtl how long an unsubscribe link works: longer, as people unsubscribe from old
 *     emails (default 365 days)
 */
public record AthleteLinks(
    String publicUrl, LinkTokens tokens, Duration pagesTtl, Duration unsubscribeTtl) {
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

  public String pagesUrl(String athleteId, Instant now) {
    return publicUrl + PAGES_PATH + tokens.sign(athleteId, LinkTokens.Purpose.PAGES, now, pagesTtl);
  }

  public String unsubscribeUrl(String athleteId, Instant now) {
    return publicUrl
        + UNSUBSCRIBE_PATH
        + tokens.sign(athleteId, LinkTokens.Purpose.UNSUBSCRIBE, now, unsubscribeTtl);
  }
}
