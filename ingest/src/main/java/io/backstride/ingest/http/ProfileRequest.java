package io.backstride.ingest.http;

import io.backstride.core.profile.Profile;

/**
 * The body of {@code PUT /v1/athletes/{athleteId}} as sent; every field may be absent and is
 * checked by {@link Profile#validate}.
 */
public record ProfileRequest(
    String email, String name, String timeZone, String units, Boolean notifications) {

  /**
   * This request as {@code athleteId}'s profile, defaults filled.
   *
   * @throws IllegalArgumentException with a one-line reason fit for the caller
   */
  public Profile validate(String athleteId) {
    return Profile.validate(athleteId, email, name, timeZone, units, notifications);
  }
}
