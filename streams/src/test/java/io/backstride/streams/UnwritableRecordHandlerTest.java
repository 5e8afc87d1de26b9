package io.backstride.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.DeadLetter;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.deadletter.DeadLetterHandler;
import io.backstride.platform.streams.StreamsRunner;
import io.backstride.platform.topic.TopicSettings;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.InMemorySchemaRegistry;
import io.backstride.schemas.registry.TopicSchemas;
import io.backstride.schemas.serde.AvroSerdes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result the topology cannot serialize (here: its schema is not registered under the subject of
 * the topic it goes to, and producers do not register) becomes a dead letter naming the input and
 * the reason, with the settings every backstride Streams application has; the next record goes on.
 */
class UnwritableRecordHandlerTest {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  @TempDir Path stateDir;

  @Test
  void aResultThatCannotBeSerializedIsDeadLetteredAndTheNextOneIsWritten() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    // at start the service registered the dead letters and the topic that works, not the other
    TopicSchemas.register(registry, List.of(Topics.INGEST_DEAD_LETTER));
    registry.register(Topics.ATHLETE_TRENDS.valueSubject(), DeadLetter.getClassSchema());
    AvroSerdes avro = new AvroSerdes(registry, false);

    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
        .mapValues(
            (athlete, target) ->
                DeadLetter.newBuilder()
                    .setAthleteId(athlete)
                    .setSourceTopic(target)
                    .setPartition(0)
                    .setOffset(0)
                    .setReason("a stand-in result")
                    .setFailedAt(T0)
                    .build())
        .to(
            (athlete, result, context) -> result.getSourceTopic(),
            Produced.with(Serdes.String(), avro.of(DeadLetter.class)));
    Properties config =
        StreamsRunner.baseProperties(
            "unwritable-test",
            KafkaConnection.plaintext("unused:9092"),
            TopicSettings.BROKER_DEFAULTS,
            stateDir,
            StreamsConfig.AT_LEAST_ONCE,
            100,
            "http://unused:8081");
    config.put(DeadLetterHandler.REGISTRY_CLIENT_CONFIG, registry);

    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
      TestInputTopic<String, String> in =
          driver.createInputTopic(
              "in",
              Serdes.String().serializer(),
              Serdes.String().serializer(),
              T0,
              java.time.Duration.ZERO);
      TestOutputTopic<String, DeadLetter> deadLetters =
          driver.createOutputTopic(
              Topics.INGEST_DEAD_LETTER.name(),
              Serdes.String().deserializer(),
              avro.value(Topics.INGEST_DEAD_LETTER).deserializer());
      TestOutputTopic<String, DeadLetter> written =
          driver.createOutputTopic(
              Topics.ATHLETE_TRENDS.name(),
              Serdes.String().deserializer(),
              avro.of(DeadLetter.class).deserializer());

      in.pipeInput("ana", Topics.ACTIVITY_SUMMARIES.name());
      in.pipeInput("ana", Topics.ATHLETE_TRENDS.name());

      List<DeadLetter> letters = deadLetters.readValuesToList();
      assertThat(letters).hasSize(1);
      DeadLetter letter = letters.get(0);
      assertThat(letter.getAthleteId()).isEqualTo("ana");
      assertThat(letter.getSourceTopic()).isEqualTo("in");
      assertThat(letter.getOffset()).isZero();
      assertThat(letter.getReason())
          .startsWith("cannot write the value to activity-summaries.v1: ")
          .contains("is not registered under activity-summaries.v1-value");
      assertThat(written.readKeyValuesToList()).hasSize(1);
    }
  }
}
