package io.backstride.ingest;

import io.backstride.avro.AthleteProfile;
import io.backstride.avro.Units;
import io.backstride.core.Sport;
import io.backstride.core.profile.Profile;
import java.util.Locale;
import java.util.Optional;

/**
 * The one place where ingest's records become Avro-generated classes. Everything before this edge
 * works with {@code io.backstride.core} records; everything after it is what goes to Kafka.
 */
public final class AvroMapper {

  public static io.backstride.avro.Sample toAvro(io.backstride.core.Sample sample) {
    return new io.backstride.avro.Sample(
        sample.time(),
        sample.lat(),
        sample.lon(),
        sample.elevationM(),
        sample.speedMps(),
        sample.distanceM(),
        sample.heartRateBpm(),
        sample.cadenceSpm(),
        sample.verticalOscillationMm(),
        sample.pauseBefore());
  }

  /** {@code null} when the file named no sport: the streams stage infers it from speed. */
  public static io.backstride.avro.Sport toAvro(Optional<Sport> sport) {
    return sport.map(s -> io.backstride.avro.Sport.valueOf(s.name())).orElse(null);
  }

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

  /** A stored profile as the API returns it (the same shape as {@code PUT} answers). */
  public static Profile fromAvro(AthleteProfile profile) {
    return new Profile(
        profile.getAthleteId(),
        profile.getEmail(),
        profile.getName(),
        profile.getTimeZone(),
        profile.getUnits().name().toLowerCase(Locale.ROOT),
        profile.getNotificationsEnabled());
  }

  private AvroMapper() {}
}
