package io.backstride.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.avro.DeadLetter;
import io.backstride.avro.SampleBatch;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.streams.StreamsRunner;
import io.backstride.platform.topic.TopicAdmin;
import io.backstride.platform.topic.TopicSettings;
import io.backstride.schemas.ActivityKey;
import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryException;
import io.backstride.schemas.serde.AvroSerdes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker: a summary training-load cannot serialize (its subject lost the schema the
 * service registered at start) is dead-lettered and the application keeps running; when even its
 * dead letter cannot be written, the application stops and {@code /health} says so, and why. And a
 * summary is never stamped ahead of the service's clock, which the broker would refuse.
 */
class UnwritableResultIT {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path stateDir;

  @Test
  void aSummaryThatCannotBeWrittenIsDeadLetteredAndTrainingLoadStaysRunning() throws Exception {
    String bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    TopicAdmin.ensureTopics(KafkaConnection.plaintext(bootstrap), TopicSettings.of(3, 1));
    try (SchemaRegistryServer registry = SchemaRegistryServer.start(bootstrap, 0)) {
      SchemaRegistryClient client =
          new LosingSubjects(
              new RestSchemaRegistryClient(registry.url()),
              Set.of(Topics.ACTIVITY_SUMMARIES.valueSubject()));
      try (TrainingLoadService service =
          TrainingLoadService.start(config(bootstrap, registry, "unwritable-summary-it"), client)) {
        send(bootstrap, registry, "uw-ana", "uw-a1");

        List<DeadLetter> letters = new ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  letters.clear();
                  letters.addAll(deadLetters(bootstrap, registry, "uw-ana"));
                  return !letters.isEmpty();
                });

        DeadLetter letter = letters.get(0);
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.ACTIVITY_SAMPLES.name());
        assertThat(letter.getReason())
            .startsWith("cannot write the value to activity-summaries.v1: ")
            .contains("activity-summaries.v1-value");
        assertThat(service.health().state()).isEqualTo("RUNNING");
        assertThat(service.healthy()).isTrue();
        assertThat(health(service).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void whenNotEvenTheDeadLetterCanBeWrittenTheAppStopsAndHealthIs503WithTheCause()
      throws Exception {
    // its own broker: an unreadable record other tests left on the shared one would stop the
    // application before it runs, since it cannot dead-letter anything
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(null);
        SchemaRegistryServer registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0)) {
      String bootstrap = broker.bootstrapServers();
      TopicAdmin.ensureTopics(KafkaConnection.plaintext(bootstrap), TopicSettings.of(3, 1));
      SchemaRegistryClient client =
          new LosingSubjects(
              new RestSchemaRegistryClient(registry.url()),
              Set.of(
                  Topics.ACTIVITY_SUMMARIES.valueSubject(),
                  Topics.INGEST_DEAD_LETTER.valueSubject()));
      try (TrainingLoadService service =
          TrainingLoadService.start(config(bootstrap, registry, "unwritable-stop-it"), client)) {
        assertThat(health(service).statusCode()).isEqualTo(200);

        send(bootstrap, registry, "uw-ben", "uw-b1");

        await().atMost(Duration.ofSeconds(60)).until(() -> health(service).statusCode() == 503);
        JsonNode body = JSON.readTree(health(service).body());
        assertThat(body.path("state").asText()).isIn("PENDING_ERROR", "ERROR");
        assertThat(body.path("cause").asText())
            .contains("The schema of io.backstride.avro.ActivitySummary is not registered")
            .doesNotContain("\n")
            .doesNotContain("\tat ");
        StreamsRunner.Health health = service.health();
        assertThat(health.healthy()).isFalse();
        assertThat(health.cause()).isEqualTo(body.path("cause").asText());
      }
    }
  }

  @Test
  void aRunEndingHoursAheadOfTheBrokersClockIsSummarizedAndTrainingLoadStaysRunning()
      throws Exception {
    // relative to now, not a fixed instant: what is tested is the broker's refusal of records
    // stamped more than an hour ahead of its own clock. The batches themselves are stamped now, as
    // a producer other than ingest would stamp them; only the samples in them run 3 hours ahead.
    Instant ahead = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
    String bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    TopicAdmin.ensureTopics(KafkaConnection.plaintext(bootstrap), TopicSettings.of(3, 1));
    try (SchemaRegistryServer registry = SchemaRegistryServer.start(bootstrap, 0);
        TrainingLoadService service =
            TrainingLoadService.start(
                config(bootstrap, registry, "clock-ahead-it"),
                new RestSchemaRegistryClient(registry.url()))) {
      send(bootstrap, registry, "ca-cleo", "ca-c1", ahead);
      String summaryKey = ActivityKey.of("ca-cleo", "ca-c1").key();

      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  !committed(bootstrap, registry, Topics.ACTIVITY_SUMMARIES, summaryKey).isEmpty());
      assertThat(
              committed(bootstrap, registry, Topics.ACTIVITY_SUMMARIES, summaryKey)
                  .get(0)
                  .getEndTime())
          .isAfter(ahead);
      assertThat(service.health().state()).isEqualTo("RUNNING");
      assertThat(health(service).statusCode()).isEqualTo(200);
    }
  }

  private TrainingLoadConfig config(String bootstrap, SchemaRegistryServer registry, String app) {
    Map<String, String> env = new HashMap<>();
    env.put("BACKSTRIDE_KAFKA_BOOTSTRAP", bootstrap);
    env.put("BACKSTRIDE_SCHEMA_REGISTRY_URL", registry.url());
    env.put("BACKSTRIDE_STREAMS_APPLICATION_ID", app);
    env.put("BACKSTRIDE_STATE_DIR", stateDir.toString());
    return TrainingLoadConfig.fromEnv(env);
  }

  private static HttpResponse<String> health(TrainingLoadService service) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(service.trendsUrl() + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static void send(
      String bootstrap, SchemaRegistryServer registry, String athlete, String activity)
      throws Exception {
    send(bootstrap, registry, athlete, activity, T0);
  }

  private static void send(
      String bootstrap,
      SchemaRegistryServer registry,
      String athlete,
      String activity,
      Instant start)
      throws Exception {
    AvroSerdes avro = new AvroSerdes(new RestSchemaRegistryClient(registry.url()));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new StringSerializer(),
            new ByteArraySerializer())) {
      var serializer = avro.value(Topics.ACTIVITY_SAMPLES).serializer();
      for (SampleBatch b : SyntheticRuns.run(athlete, activity, start, 3000, 20)) {
        producer
            .send(
                new ProducerRecord<>(
                    Topics.ACTIVITY_SAMPLES.name(),
                    athlete,
                    serializer.serialize(Topics.ACTIVITY_SAMPLES.name(), b)))
            .get();
      }
    }
  }

  private static List<DeadLetter> deadLetters(
      String bootstrap, SchemaRegistryServer registry, String athlete) {
    return committed(bootstrap, registry, Topics.INGEST_DEAD_LETTER, athlete);
  }

  /** The committed records under one key on {@code topic}, from its start to its current end. */
  private static <V extends SpecificRecord> List<V> committed(
      String bootstrap, SchemaRegistryServer registry, Topic<V> topic, String key) {
    AvroSerdes avro = new AvroSerdes(new RestSchemaRegistryClient(registry.url()));
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
      List<V> records = new ArrayList<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer
            .poll(Duration.ofMillis(100))
            .forEach(
                r -> {
                  if (key.equals(r.key())) {
                    records.add(r.value());
                  }
                });
      }
      return records;
    }
  }

  /**
   * The real registry client, except that some subjects have lost every schema: as if someone had
   * deleted them after the service registered its schemas there at start.
   */
  private record LosingSubjects(SchemaRegistryClient registry, Set<String> lost)
      implements SchemaRegistryClient {
    @Override
    public int register(String subject, Schema schema) {
      return registry.register(subject, schema);
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
      if (lost.contains(subject)) {
        throw new SchemaRegistryException(404, 40401, "Subject '" + subject + "' not found.");
      }
      return registry.lookup(subject, schema);
    }

    @Override
    public int idOf(String subject, Schema schema) {
      if (lost.contains(subject)) {
        throw new SchemaRegistryException(404, 40401, "Subject '" + subject + "' not found.");
      }
      return registry.idOf(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
      return registry.schemaById(id);
    }

    @Override
    public List<Integer> versions(String subject) {
      return registry.versions(subject);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
      return registry.version(subject, version);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
      return registry.isCompatible(subject, schema);
    }
  }
}
