package io.backstride.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.DeadLetter;
import io.backstride.avro.SampleBatch;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicAdmin;
import io.backstride.platform.topic.TopicSettings;
import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A value the training-load application cannot read is dead-lettered, and the next one counts. */
class DeadLetterIT {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  @TempDir Path stateDir;

  @Test
  void anUnreadableBatchGoesToTheDeadLetterTopicWithItsReasonAndTheNextRunStillCounts()
      throws Exception {
    String bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    TopicAdmin.ensureTopics(KafkaConnection.plaintext(bootstrap), TopicSettings.of(3, 1));
    try (SchemaRegistryServer registry = SchemaRegistryServer.start(bootstrap, 0)) {
      RestSchemaRegistryClient client = new RestSchemaRegistryClient(registry.url());
      AvroSerdes avro = new AvroSerdes(client);
      Map<String, String> env = new HashMap<>();
      env.put("BACKSTRIDE_KAFKA_BOOTSTRAP", bootstrap);
      env.put("BACKSTRIDE_SCHEMA_REGISTRY_URL", registry.url());
      env.put("BACKSTRIDE_STREAMS_APPLICATION_ID", "dead-letter-it");
      env.put("BACKSTRIDE_STATE_DIR", stateDir.toString());
      try (TrainingLoadService service =
              TrainingLoadService.start(TrainingLoadConfig.fromEnv(env), client);
          KafkaProducer<byte[], byte[]> producer =
              new KafkaProducer<>(
                  Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                  new ByteArraySerializer(),
                  new ByteArraySerializer())) {
        byte[] key = "dl-ana".getBytes(StandardCharsets.UTF_8);
        producer
            .send(
                new ProducerRecord<>(
                    Topics.ACTIVITY_SAMPLES.name(),
                    key,
                    "<gpx>not avro</gpx>".getBytes(StandardCharsets.UTF_8)))
            .get();
        var serializer = avro.value(Topics.ACTIVITY_SAMPLES).serializer();
        for (SampleBatch b : SyntheticRuns.run("dl-ana", "dl-a1", T0, 3000, 20)) {
          producer
              .send(
                  new ProducerRecord<>(
                      Topics.ACTIVITY_SAMPLES.name(),
                      key,
                      serializer.serialize(Topics.ACTIVITY_SAMPLES.name(), b)))
              .get();
        }

        List<DeadLetter> letters = new ArrayList<>();
        List<ActivitySummary> summaries = new ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  letters.clear();
                  letters.addAll(read(bootstrap, avro, Topics.INGEST_DEAD_LETTER, "dl-ana"));
                  summaries.clear();
                  summaries.addAll(
                      read(bootstrap, avro, Topics.ACTIVITY_SUMMARIES, "dl-ana:dl-a1"));
                  return !letters.isEmpty() && !summaries.isEmpty();
                });

        assertThat(letters).hasSize(1);
        DeadLetter letter = letters.get(0);
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.ACTIVITY_SAMPLES.name());
        assertThat(letter.getReason()).startsWith("cannot read the value").contains("magic byte");
        assertThat(summaries).hasSize(1);
      }
    }
  }

  /** The committed values of a topic under one key, read from the beginning without a group. */
  private static <V extends SpecificRecord> List<V> read(
      String bootstrap, AvroSerdes avro, Topic<V> topic, String key) {
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            avro.value(topic).deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name()).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<V> values = new ArrayList<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer
            .poll(Duration.ofMillis(100))
            .forEach(
                r -> {
                  if (key.equals(r.key())) {
                    values.add(r.value());
                  }
                });
      }
      return values;
    }
  }
}
