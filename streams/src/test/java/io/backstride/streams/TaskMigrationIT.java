package io.backstride.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backstride.avro.AthleteTrend;
import io.backstride.avro.SampleBatch;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicAdmin;
import io.backstride.platform.topic.TopicSettings;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the in-process broker: athletes' tasks move to a second instance and back while their runs
 * keep coming, and the trends are those of one instance that saw every run. An instance that took a
 * task back must read its athletes' states from the store restored from the changelog, not from
 * states it decoded before the task went away.
 */
class TaskMigrationIT {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final List<String> ATHLETES =
      List.of("move-ana", "move-bor", "move-cene", "move-dora", "move-ema", "move-fran");

  @TempDir Path stateDir;

  @Test
  void trendsOfAthletesWhoseTasksMovedAwayAndBackAreThoseOfOneInstance() throws Exception {
    String bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    TopicAdmin.ensureTopics(KafkaConnection.plaintext(bootstrap), TopicSettings.of(3, 1));
    try (SchemaRegistryServer registry = SchemaRegistryServer.start(bootstrap, 0)) {
      SchemaRegistryClient client = new RestSchemaRegistryClient(registry.url());
      AvroSerdes avro = new AvroSerdes(client);
      Map<TopicPartition, Long> from = trendsEnd(bootstrap, avro);

      TrainingLoadService first = instance(bootstrap, registry, client, "move-it", "first");
      TrainingLoadService second = null;
      try {
        produceRuns(bootstrap, avro, 0, 2);
        await().atMost(Duration.ofSeconds(120)).until(() -> days(bootstrap, avro, from, 2));

        second = instance(bootstrap, registry, client, "move-it", "second"); // tasks move to it
        produceRuns(bootstrap, avro, 2, 4);
        await().atMost(Duration.ofSeconds(120)).until(() -> days(bootstrap, avro, from, 4));
        assertThat(
                second.streams().metadataForLocalThreads().stream()
                    .flatMap(t -> t.activeTasks().stream())
                    .filter(t -> t.taskId().subtopology() == 1))
            .as("some athletes' trends tasks moved to the second instance")
            .isNotEmpty();

        second.close(); // its tasks come back to the first instance
        second = null;
        produceRuns(bootstrap, avro, 4, 6);
        await().atMost(Duration.ofSeconds(120)).until(() -> days(bootstrap, avro, from, 6));
      } finally {
        if (second != null) {
          second.close();
        }
        first.close();
      }
      Map<String, AthleteTrend> moved = trendsSince(bootstrap, avro, from);

      Map<TopicPartition, Long> fromSingle = trendsEnd(bootstrap, avro);
      try (TrainingLoadService single =
          instance(bootstrap, registry, client, "move-it-single", "single")) {
        await()
            .atMost(Duration.ofSeconds(120))
            .untilAsserted(
                () -> assertThat(trendsSince(bootstrap, avro, fromSingle)).isEqualTo(moved));
      }
    }
  }

  private TrainingLoadService instance(
      String bootstrap,
      SchemaRegistryServer registry,
      SchemaRegistryClient client,
      String applicationId,
      String name) {
    Map<String, String> env = new HashMap<>();
    env.put("BACKSTRIDE_KAFKA_BOOTSTRAP", bootstrap);
    env.put("BACKSTRIDE_SCHEMA_REGISTRY_URL", registry.url());
    env.put("BACKSTRIDE_STREAMS_APPLICATION_ID", applicationId);
    env.put("BACKSTRIDE_STATE_DIR", stateDir.resolve(name).toString());
    env.put("BACKSTRIDE_STREAMS_HTTP_PORT", "0");
    return TrainingLoadService.start(TrainingLoadConfig.fromEnv(env), client);
  }

  /** Runs {@code from} to {@code to} (exclusive) of every athlete, three days apart. */
  private static void produceRuns(String bootstrap, AvroSerdes avro, int from, int to) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, SampleBatch> producer =
        new KafkaProducer<>(
            props, new StringSerializer(), avro.value(Topics.ACTIVITY_SAMPLES).serializer())) {
      for (int run = from; run < to; run++) {
        for (String athlete : ATHLETES) {
          Instant start = T0.plus(Duration.ofDays(3L * run));
          for (SampleBatch b :
              SyntheticRuns.run(athlete, "run" + run, start, 3000 + 500 * run, 10 + 5 * run)) {
            producer.send(SyntheticRuns.asIngestSends(Topics.ACTIVITY_SAMPLES.name(), b));
          }
        }
      }
      producer.flush();
    }
  }

  /** Whether every athlete has the trend of the day of their {@code runs}-th run. */
  private static boolean days(
      String bootstrap, AvroSerdes avro, Map<TopicPartition, Long> from, int runs) {
    Map<String, AthleteTrend> trends = trendsSince(bootstrap, avro, from);
    String day = T0.plus(Duration.ofDays(3L * (runs - 1))).toString().substring(0, 10);
    return ATHLETES.stream()
        .allMatch(
            a -> {
              AthleteTrend t = trends.get(a + "@" + day);
              return t != null;
            });
  }

  private static KafkaConsumer<String, AthleteTrend> committedTrends(
      String bootstrap, AvroSerdes avro) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false),
        new StringDeserializer(),
        avro.value(Topics.ATHLETE_TRENDS).deserializer());
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) {
    return consumer.partitionsFor(Topics.ATHLETE_TRENDS.name()).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .toList();
  }

  private static Map<TopicPartition, Long> trendsEnd(String bootstrap, AvroSerdes avro) {
    try (KafkaConsumer<String, AthleteTrend> consumer = committedTrends(bootstrap, avro)) {
      return consumer.endOffsets(partitions(consumer));
    }
  }

  /** The latest committed trend per athlete and day of this test's athletes after {@code from}. */
  private static Map<String, AthleteTrend> trendsSince(
      String bootstrap, AvroSerdes avro, Map<TopicPartition, Long> from) {
    Map<String, AthleteTrend> latest = new HashMap<>();
    try (KafkaConsumer<String, AthleteTrend> consumer = committedTrends(bootstrap, avro)) {
      List<TopicPartition> partitions = partitions(consumer);
      consumer.assign(partitions);
      partitions.forEach(p -> consumer.seek(p, from.get(p)));
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, AthleteTrend> r : consumer.poll(Duration.ofMillis(200))) {
          if (ATHLETES.contains(r.key())) {
            latest.put(r.key() + "@" + r.value().getDate(), r.value());
          }
        }
      }
    }
    return latest;
  }
}
