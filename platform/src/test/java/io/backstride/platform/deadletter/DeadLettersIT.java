package io.backstride.platform.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backstride.avro.DeadLetter;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicAdmin;
import io.backstride.platform.topic.TopicSettings;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.InMemorySchemaRegistry;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Dead letters written through the registry's serdes and read back from the real topic. */
class DeadLettersIT {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  @Test
  void writesTheSourceOffsetAndAOneLineReasonKeyedByAthlete() throws Exception {
    String bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    TopicAdmin.ensureTopics(KafkaConnection.plaintext(bootstrap), TopicSettings.of(3, 1));
    String athlete = "dl-" + UUID.randomUUID().toString().substring(0, 8);
    // The registry's own HTTP server is tested elsewhere; here the broker is what matters.
    AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry());
    KafkaProducer<String, DeadLetter> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            serdes.value(Topics.INGEST_DEAD_LETTER).serializer());
    try (DeadLetters deadLetters = new DeadLetters(producer, Clock.fixed(T0, ZoneOffset.UTC))) {
      deadLetters
          .send(athlete, "activity-samples.v1", 2, 41L, "no time in sample 3\n  at line 9")
          .get();
    }

    List<ConsumerRecord<String, DeadLetter>> read = new ArrayList<>();
    try (KafkaConsumer<String, DeadLetter> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "dead-letters-it-" + athlete,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            serdes.value(Topics.INGEST_DEAD_LETTER).deserializer())) {
      consumer.subscribe(Set.of(Topics.INGEST_DEAD_LETTER.name()));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(
                        r -> {
                          if (athlete.equals(r.key())) {
                            read.add(r);
                          }
                        });
                return !read.isEmpty();
              });
    }
    assertThat(read).hasSize(1);
    assertThat(read.get(0).value())
        .isEqualTo(
            DeadLetter.newBuilder()
                .setAthleteId(athlete)
                .setSourceTopic("activity-samples.v1")
                .setPartition(2)
                .setOffset(41L)
                .setReason("no time in sample 3 at line 9")
                .setFailedAt(T0)
                .build());
  }
}
