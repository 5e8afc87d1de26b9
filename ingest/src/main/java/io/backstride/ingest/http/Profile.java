package io.backstride.ingest.http;

import io.backstride.core.profile.Profile;

import io.backstride.core.EmailAddresses;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

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

  private static final int MAX_NAME = 200;

  /**
   * Checks a request and fills the defaults (time zone UTC, units km, notifications on).
   *
   * @throws IllegalArgumentException with a one-line reason fit for the caller
   */
  public static Profile validate(String athleteId, ProfileRequest request) {
    String email = blankToNull(request.email());
    // the notifier's own rule (the mail library's strict parser), so that no address is accepted
    // here that fails at send; whether the mailbox exists is for the mail server to say
    Optional<String> badEmail = email == null ? Optional.empty() : EmailAddresses.problem(email);
    if (badEmail.isPresent()) {
      throw new IllegalArgumentException(
          "email is not one plain address: " + badEmail.get() + " ('" + abbreviated(email) + "')");
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

  /** The value for an error message: one line, not too long. */
  private static String abbreviated(String value) {
    String line = value.replaceAll("\\p{Cntrl}", "?");
    return line.length() <= 80 ? line : line.substring(0, 80) + "...";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
