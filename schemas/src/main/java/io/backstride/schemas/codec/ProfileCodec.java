package io.backstride.schemas.codec;

import io.backstride.avro.AthleteProfile;
import io.backstride.avro.Units;
import io.backstride.core.profile.Profile;
import java.util.Locale;

/**
 * {@link Profile} and the Avro record of {@code athlete-profiles.v1}. The profile names its units
 * as the API does ({@code km}, {@code mi}); the topic as an enum.
 */
public final class ProfileCodec {

  public static AthleteProfile toAvro(Profile profile) {
    return AthleteProfile.newBuilder()
        .setAthleteId(profile.athleteId())
        .setEmail(profile.email())
        .setName(profile.name())
        .setTimeZone(profile.timeZone())
        .setUnits(Units.valueOf(profile.units().toUpperCase(Locale.ROOT)))
        .setNotificationsEnabled(profile.notifications())
        .build();
  }

  public static Profile fromAvro(AthleteProfile profile) {
    return new Profile(
        profile.getAthleteId(),
        profile.getEmail(),
        profile.getName(),
        profile.getTimeZone(),
        profile.getUnits().name().toLowerCase(Locale.ROOT),
        profile.getNotificationsEnabled());
  }

  private ProfileCodec() {}
}
