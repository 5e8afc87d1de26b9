package io.backstride.pages;

import io.backstride.core.profile.Units;
import java.time.ZoneId;

/**
 * What the pages know of an athlete from {@code athlete-profiles.v1}.
 *
 * @param name how to greet them; null when the profile has none
 */
record AthleteView(
    String athleteId, String name, String timeZone, boolean metric, boolean emailsOn) {
  ZoneId zone() {
    try {
      return ZoneId.of(timeZone);
    } catch (RuntimeException e) {
      return ZoneId.of("UTC");
    }
  }

  Units units() {
    return new Units(metric);
  }
}
