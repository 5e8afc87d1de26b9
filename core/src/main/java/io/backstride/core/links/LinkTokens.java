package io.backstride.core.links;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed tokens for the links in an athlete's emails: HMAC-SHA256 over athlete, purpose and expiry,
 * so that a link opens one athlete's pages for one purpose until it expires, with nothing stored
 * anywhere. The alerts service signs (in the emails it writes) and the athlete pages check, with
 * the same secret ({@code BACKSTRIDE_LINK_SECRET}).
 *
 * <p>A token is {@code base64url(athlete) "." purpose "." expiry-epoch-seconds "." base64url(mac)};
 * the athlete id is readable in it, which is no more than the link already tells its holder.
 */
public final class LinkTokens {
  /** What a token may be used for: a page link is no unsubscribe link and no session. */
  public enum Purpose {
    PAGES("p"),
    UNSUBSCRIBE("u"),
    SESSION("s");

    private final String code;

    Purpose(String code) {
      this.code = code;
    }

    static Optional<Purpose> of(String code) {
      for (Purpose p : values()) {
        if (p.code.equals(code)) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }
  }

  /** Why a token was refused: each has its own sentence on the 403 page. */
  public enum Refusal {
    MALFORMED,
    FORGED,
    EXPIRED,
    WRONG_PURPOSE
  }

  /** A token checked: the athlete it opens, or why it opens nothing. */
  public record Check(Optional<String> athleteId, Optional<Refusal> refusal) {
    static Check ok(String athleteId) {
      return new Check(Optional.of(athleteId), Optional.empty());
    }

    static Check refused(Refusal why) {
      return new Check(Optional.empty(), Optional.of(why));
    }

    public boolean valid() {
      return athleteId.isPresent();
    }
  }

  /** A secret shorter than this is refused: HMAC-SHA256 wants a key of its output's size. */
  public static final int MIN_SECRET_BYTES = 32;

  private static final String HMAC = "HmacSHA256";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_IN = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  private LinkTokens(byte[] secret) {
    this.key = new SecretKeySpec(secret, HMAC);
  }

  /**
   * @param secret the shared secret as configured: at least {@value #MIN_SECRET_BYTES} bytes
   *     (UTF-8)
   * @throws IllegalArgumentException for a shorter secret (never quoting it)
   */
  public static LinkTokens withSecret(String secret) {
    byte[] bytes = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the link secret must be at least "
              + MIN_SECRET_BYTES
              + " bytes, was "
              + bytes.length
              + " (e.g. 64 hex digits from `openssl rand -hex 32`)");
    }
    return new LinkTokens(bytes);
  }

  /** A new random secret of 64 hex digits, for a local stack that has none yet. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** A token opening {@code athleteId}'s pages for {@code purpose} until {@code now + ttl}. */
  public String sign(String athleteId, Purpose purpose, Instant now, Duration ttl) {
    long expiry = now.plus(ttl).getEpochSecond();
    String payload =
        B64.encodeToString(athleteId.getBytes(StandardCharsets.UTF_8))
            + "."
            + purpose.code
            + "."
            + expiry;
    return payload + "." + B64.encodeToString(mac(payload));
  }

  /** Checks a token for {@code purpose} at {@code now}: the signature first, then the rest. */
  public Check check(String token, Purpose purpose, Instant now) {
    if (token == null || token.length() > 1_000) {
      return Check.refused(Refusal.MALFORMED);
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 4) {
      return Check.refused(Refusal.MALFORMED);
    }
    byte[] given;
    try {
      given = B64_IN.decode(parts[3]);
    } catch (IllegalArgumentException e) {
      return Check.refused(Refusal.MALFORMED);
    }
    String payload = parts[0] + "." + parts[1] + "." + parts[2];
    // constant-time: the comparison must not tell a prober how many bytes it got right
    if (!MessageDigest.isEqual(mac(payload), given)) {
      return Check.refused(Refusal.FORGED);
    }
    // signed by us, so the fields parse; still checked, a secret shared with a bug is no proof
    Optional<Purpose> signedFor = Purpose.of(parts[1]);
    long expiry;
    String athlete;
    try {
      expiry = Long.parseLong(parts[2]);
      athlete = new String(B64_IN.decode(parts[0]), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Check.refused(Refusal.MALFORMED);
    }
    if (signedFor.isEmpty() || signedFor.get() != purpose) {
      return Check.refused(Refusal.WRONG_PURPOSE);
    }
    if (now.getEpochSecond() >= expiry) {
      return Check.refused(Refusal.EXPIRED);
    }
    return Check.ok(athlete);
  }

  /**
   * A value derived from {@code token} that only the holder of the secret can compute: the CSRF
   * token of a session, bound to it without any state on the server.
   */
  public String derive(String label, String token) {
    return B64.encodeToString(mac(label + "\n" + token));
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }
}
