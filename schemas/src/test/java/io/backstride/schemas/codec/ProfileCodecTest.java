package io.backstride.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.AthleteProfile;
import io.backstride.avro.Units;
import io.backstride.core.profile.Profile;
import io.backstride.schemas.Topics;
import org.junit.jupiter.api.Test;

class ProfileCodecTest {

  @Test
  void aFullProfileComesBackFromTheTopicAsItWasWritten() {
    Profile ana = new Profile("ana", "ana@example.org", "Ana", "Europe/Ljubljana", "mi", false);

    AthleteProfile read = Wire.through(Topics.ATHLETE_PROFILES, ProfileCodec.toAvro(ana));

    assertThat(read.getUnits()).isEqualTo(Units.MI);
    assertThat(ProfileCodec.fromAvro(read)).isEqualTo(ana);
  }

  @Test
  void aProfileWithoutEmailOrNameStaysWithoutThem() {
    Profile bare = new Profile("bo", null, null, "UTC", "km", true);

    assertThat(
            ProfileCodec.fromAvro(Wire.through(Topics.ATHLETE_PROFILES, ProfileCodec.toAvro(bare))))
        .isEqualTo(bare);
  }

  @Test
  void aRecordWithOnlyAnAthleteIdReadsWithTheSchemaDefaults() {
    AthleteProfile minimal = AthleteProfile.newBuilder().setAthleteId("cy").build();

    assertThat(ProfileCodec.fromAvro(Wire.through(Topics.ATHLETE_PROFILES, minimal)))
        .isEqualTo(new Profile("cy", null, null, "UTC", "km", true));
  }
}
