package io.backstride.ingest.http;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated athlete profile, as stored on {@code athlete-profiles.v1} and returned to the caller.
 *
 * @param athleteId whose profile
 * @param email where alerts go; {@code null} when none was given
 * @param name how emails address the athlete; {@code null} when none was given
 * @param timeZone an IANA zone id or offset: it decides the athlete's local day for daily loads
 * @param units {@code km} or {@code mi}
 * @param notifications whether alert emails are sent
 */
public record Profile(
    String athleteId,
    String email,
    String name,
    String timeZone,
    String units,
    boolean notifications) {

  /**
   * Shape only (something@host.tld without spaces): whether the mailbox exists is for the mail
   * server to say, and a stricter pattern would turn away valid addresses.
   */
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private static final int MAX_EMAIL = 254;
  private static final int MAX_NAME = 200;

  /**
   * Checks a request and fills the defaults (time zone UTC, units km, notifications on).
   *
   * @throws IllegalArgumentException with a one-line reason fit for the caller
   */
  public static Profile validate(String athleteId, ProfileRequest request) {
    String email = blankToNull(request.email());
    if (email != null && (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches())) {
      throw new IllegalArgumentException("email is not an email address: '" + email + "'");
    }
    String name = blankToNull(request.name());
    if (name != null
        && (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl))) {
      throw new IllegalArgumentException(
          "name must be at most " + MAX_NAME + " characters without control characters");
    }
    String zone = blankToNull(request.timeZone());
    String timeZone;
    try {
      // ZoneId's own id, so that "utc" and "UTC" are stored alike where ZoneId accepts both.
      timeZone = zone == null ? "UTC" : ZoneId.of(zone).getId();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "timeZone is not a time zone: '" + zone + "' (use an IANA id such as Europe/Paris)");
    }
    String units = blankToNull(request.units());
    units = units == null ? "km" : units.toLowerCase(Locale.ROOT);
    if (!units.equals("km") && !units.equals("mi")) {
      throw new IllegalArgumentException("units must be km or mi, was '" + request.units() + "'");
    }
    boolean notifications = request.notifications() == null || request.notifications();
    return new Profile(athleteId, email, name, timeZone, units, notifications);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
