package io.backstride.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class TopicSchemasTest {

  @Test
  void registersTheValueSchemaOfEveryTopicUnderItsSubject() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    TopicSchemas.register(registry, Topics.ALL);

    for (Topic<?> topic : Topics.ALL.stream().filter(Topic::avro).toList()) {
      SchemaRegistryClient.RegisteredSchema latest = registry.version(topic.valueSubject(), -1);
      assertThat(latest.schema())
          .as(topic.valueSubject())
          .isEqualTo(SpecificData.get().getSchema(topic.valueType()));
    }
  }

  @Test
  void registeringAgainKeepsTheSameIdsAndAddsNoVersion() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    Map<String, Integer> first = TopicSchemas.register(registry, Topics.ALL);
    Map<String, Integer> second = TopicSchemas.register(registry, Topics.ALL);

    assertThat(second).isEqualTo(first);
    assertThat(registry.versions(Topics.ATHLETE_PROFILES.valueSubject())).containsExactly(1);
  }

  @Test
  void registersNoSchemaForTheSentLogWhoseValuesArePlainText() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    Map<String, Integer> ids = TopicSchemas.register(registry, Topics.ALL);

    assertThat(Topics.NOTIFICATION_SENT_LOG.avro()).isFalse();
    assertThat(ids)
        .doesNotContainKey(Topics.NOTIFICATION_SENT_LOG.valueSubject())
        .hasSize(Topics.ALL.size() - 1);
  }

  @Test
  void anIncompatibleSchemaAlreadyThereStopsTheStartWithOneLineNamingTheSubject() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    // a profile that had a single optional field: ours adds required ones, which old records lack
    registry.register(
        Topics.ATHLETE_PROFILES.valueSubject(),
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"AthleteProfile\",\"namespace\":\"io.backstride.avro\","
                    + "\"fields\":[{\"name\":\"nickname\",\"type\":[\"null\",\"string\"],"
                    + "\"default\":null}]}"));

    assertThatThrownBy(() -> TopicSchemas.register(registry, List.of(Topics.ATHLETE_PROFILES)))
        .isInstanceOf(SchemaRegistrationException.class)
        .hasMessageStartingWith(
            "The schema registry refused AthleteProfile under athlete-profiles.v1-value:"
                + " it is not compatible with the version already there")
        .hasMessageNotContaining("\n");
    assertThat(registry.versions(Topics.ATHLETE_PROFILES.valueSubject())).containsExactly(1);
  }

  @Test
  void readsTheAutoRegisterSettingAndRefusesAnythingButTrueOrFalse() {
    assertThat(TopicSchemas.autoRegister(Map.of())).isFalse();
    assertThat(TopicSchemas.autoRegister(Map.of(TopicSchemas.AUTO_REGISTER, "TRUE"))).isTrue();
    assertThat(TopicSchemas.autoRegister(Map.of(TopicSchemas.AUTO_REGISTER, "false"))).isFalse();
    assertThatThrownBy(
            () -> TopicSchemas.autoRegister(Map.of(TopicSchemas.AUTO_REGISTER, "yes please")))
        .hasMessage("BACKSTRIDE_SCHEMA_AUTO_REGISTER must be true or false, not 'yes please'");
  }
}
