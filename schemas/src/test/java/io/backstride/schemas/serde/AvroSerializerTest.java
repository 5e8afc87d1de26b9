package io.backstride.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.avro.AthleteProfile;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.InMemorySchemaRegistry;
import io.backstride.schemas.registry.SchemaRegistryException;
import io.backstride.schemas.registry.TopicSchemas;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class AvroSerializerTest {
  private static final String PROFILES = Topics.ATHLETE_PROFILES.name();

  private static AthleteProfile profile() {
    return AthleteProfile.newBuilder()
        .setAthleteId("ana")
        .setEmail("ana@example.org")
        .setName("Ana")
        .build();
  }

  @Test
  void withoutAutoRegisterWritesUnderTheIdRegisteredAtStart() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    int registered =
        TopicSchemas.register(registry, List.of(Topics.ATHLETE_PROFILES))
            .get(Topics.ATHLETE_PROFILES.valueSubject());
    Serializer<AthleteProfile> serializer =
        new AvroSerdes(registry, false).value(Topics.ATHLETE_PROFILES).serializer();

    byte[] bytes = serializer.serialize(PROFILES, profile());

    assertThat(WireFormat.schemaId(bytes)).isEqualTo(registered);
  }

  @Test
  void withoutAutoRegisterAMissingSchemaIsAnErrorAndNothingIsRegistered() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    Serializer<AthleteProfile> serializer =
        new AvroSerdes(registry, false).value(Topics.ATHLETE_PROFILES).serializer();

    assertThatThrownBy(() -> serializer.serialize(PROFILES, profile()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not registered under athlete-profiles.v1-value")
        .hasMessageContaining("BACKSTRIDE_SCHEMA_AUTO_REGISTER=false");
    assertThatThrownBy(() -> registry.versions(Topics.ATHLETE_PROFILES.valueSubject()))
        .isInstanceOf(SchemaRegistryException.class);
  }

  @Test
  void streamsInternalTopicsAreRegisteredOnFirstWriteEvenWithoutAutoRegister() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    Serializer<AthleteProfile> serializer =
        new AvroSerdes(registry, false).of(AthleteProfile.class).serializer();

    serializer.serialize("backstride-training-load-profiles-changelog", profile());

    assertThat(registry.versions("backstride-training-load-profiles-changelog-value"))
        .containsExactly(1);
  }

  @Test
  void withAutoRegisterAPipelineTopicIsRegisteredOnFirstWrite() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    Serializer<AthleteProfile> serializer =
        new AvroSerdes(registry, true).value(Topics.ATHLETE_PROFILES).serializer();

    serializer.serialize(PROFILES, profile());

    assertThat(registry.versions(Topics.ATHLETE_PROFILES.valueSubject())).containsExactly(1);
  }
}
