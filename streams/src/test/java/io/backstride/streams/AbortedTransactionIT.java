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
import io.backstride.schemas.registry.TopicSchemas;
import io.backstride.schemas.serde.AvroSerdes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the in-process broker, exactly-once: a transaction aborted in the middle of the athletes'
 * changes (Streams found a task corrupted: it aborts, wipes the stores, restores them from the
 * changelogs and processes the records again with the same processors) gives the same committed
 * trends as a run without the abort. The abort is raised where the trends processor counts a trend
 * it sent, after earlier changes of the same transaction had been written to its store.
 */
class AbortedTransactionIT {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final List<String> ATHLETES =
      List.of("abort-ana", "abort-bor", "abort-cene", "abort-dora");
  private static final int RUNS = 6;

  @TempDir Path stateDir;

  /** What stopped an application, to fail with rather than wait for trends that cannot come. */
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  @Test
  @Disabled(
      "intermittent: at 219bca1 a clean-clone .ci/run saw the aborted run's committed trends differ"
          + " from the clean run's within 2 minutes (green at 9da8314 and in two verify runs before);"
          + " quarantined until the difference is explained: it may be a real exactly-once bug")
  void trendsAfterAnAbortedTransactionAreThoseOfACleanRun() throws Exception {
    String bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    TopicAdmin.ensureTopics(KafkaConnection.plaintext(bootstrap), TopicSettings.of(3, 1));
    try (SchemaRegistryServer registry = SchemaRegistryServer.start(bootstrap, 0)) {
      SchemaRegistryClient client = new RestSchemaRegistryClient(registry.url());
      TopicSchemas.register(client, TrainingLoadService.WRITES);
      AvroSerdes avro = new AvroSerdes(client);
      produceHistory(bootstrap, avro);
      int expectedTrends = ATHLETES.size() * (3 * (RUNS - 1) + 1);

      Map<String, AthleteTrend> clean;
      Map<TopicPartition, Long> from = trendsEnd(bootstrap, avro);
      try (KafkaStreams app =
          start(bootstrap, registry, avro, "abort-it-clean", Integer.MAX_VALUE)) {
        clean =
            await()
                .atMost(Duration.ofSeconds(120))
                .until(() -> trendsSince(bootstrap, avro, from), t -> t.size() == expectedTrends);
      }

      Map<TopicPartition, Long> fromAborted = trendsEnd(bootstrap, avro);
      AtomicInteger aborts = new AtomicInteger();
      // half-way through: the trends of several changes of the transaction were sent before it
      try (KafkaStreams app =
          start(bootstrap, registry, avro, "abort-it-aborted", expectedTrends / 2, aborts)) {
        await()
            .atMost(Duration.ofSeconds(120))
            .untilAsserted(
                () -> assertThat(trendsSince(bootstrap, avro, fromAborted)).isEqualTo(clean));
        assertThat(aborts).as("the transaction was aborted once").hasValue(1);
        assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
      }
    }
  }

  private KafkaStreams start(
      String bootstrap,
      SchemaRegistryServer registry,
      AvroSerdes avro,
      String applicationId,
      int abortAtTrend) {
    return start(bootstrap, registry, avro, applicationId, abortAtTrend, new AtomicInteger());
  }

  private KafkaStreams start(
      String bootstrap,
      SchemaRegistryServer registry,
      AvroSerdes avro,
      String applicationId,
      int abortAtTrend,
      AtomicInteger aborts) {
    Map<String, String> env = new HashMap<>();
    env.put("BACKSTRIDE_KAFKA_BOOTSTRAP", bootstrap);
    env.put("BACKSTRIDE_SCHEMA_REGISTRY_URL", registry.url());
    env.put("BACKSTRIDE_STREAMS_APPLICATION_ID", applicationId);
    env.put("BACKSTRIDE_STATE_DIR", stateDir.resolve(applicationId).toString());
    env.put("BACKSTRIDE_PROCESSING_GUARANTEE", "exactly_once_v2");
    // long enough that the changes of all athletes meet in one transaction once the summaries are
    // committed, short enough that the summaries are
    env.put("BACKSTRIDE_COMMIT_INTERVAL_MS", "2000");
    TrainingLoadConfig config = TrainingLoadConfig.fromEnv(env);
    Properties properties = config.streamsProperties();
    AtomicReference<KafkaStreams> running = new AtomicReference<>();
    KafkaStreams app =
        new KafkaStreams(
            new TrainingLoadTopology(avro, config)
                .countingIn(new TrainingLoadMeters(new AbortingAt(abortAtTrend, aborts, running)))
                .build(),
            properties);
    running.set(app);
    app.setUncaughtExceptionHandler(
        e -> {
          failure.compareAndSet(null, e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    app.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
    return app;
  }

  /**
   * Meters whose trend counter raises what Streams raises for a corrupted task, once, at the {@code
   * at}-th trend: the transaction in flight is aborted and every task of the thread revived.
   */
  private static final class AbortingAt extends SimpleMeterRegistry {
    private final int at;
    private final AtomicInteger aborts;
    private final AtomicReference<KafkaStreams> app;
    private final AtomicInteger trends = new AtomicInteger();

    AbortingAt(int at, AtomicInteger aborts, AtomicReference<KafkaStreams> app) {
      this.at = at;
      this.aborts = aborts;
      this.app = app;
    }

    @Override
    protected Counter newCounter(Meter.Id id) {
      Counter counter = super.newCounter(id);
      if (!id.getName().equals("backstride.trends.emitted")) {
        return counter;
      }
      return new Counter() {
        @Override
        public void increment(double amount) {
          counter.increment(amount);
          if (trends.incrementAndGet() == at) {
            aborts.incrementAndGet();
            // the thread's active tasks that are processing (not those still restoring): under
            // exactly-once v2 they share the transaction, and Streams revives them all
            Set<TaskId> active = new HashSet<>();
            app.get()
                .metadataForLocalThreads()
                .forEach(t -> t.activeTasks().forEach(task -> active.add(task.taskId())));
            throw new TaskCorruptedException(active);
          }
        }

        @Override
        public double count() {
          return counter.count();
        }

        @Override
        public Meter.Id getId() {
          return counter.getId();
        }
      };
    }
  }

  private static void produceHistory(String bootstrap, AvroSerdes avro) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, SampleBatch> producer =
        new KafkaProducer<>(
            props, new StringSerializer(), avro.value(Topics.ACTIVITY_SAMPLES).serializer())) {
      for (String athlete : ATHLETES) {
        for (int run = 0; run < RUNS; run++) {
          Instant start = T0.plus(Duration.ofDays(3L * run));
          for (SampleBatch b :
              SyntheticRuns.run(athlete, "run" + run, start, 3000 + 500 * run, 10 + 5 * run)) {
            Instant last = b.getSamples().get(b.getSamples().size() - 1).getTime();
            producer.send(
                new ProducerRecord<>(
                    Topics.ACTIVITY_SAMPLES.name(), null, last.toEpochMilli(), athlete, b));
          }
        }
      }
      producer.flush();
    }
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

  /** Where the committed trends end now: a run's own trends are those written after. */
  private static Map<TopicPartition, Long> trendsEnd(String bootstrap, AvroSerdes avro) {
    try (KafkaConsumer<String, AthleteTrend> consumer = committedTrends(bootstrap, avro)) {
      return consumer.endOffsets(partitions(consumer));
    }
  }

  /** The latest committed trend per athlete and day of this test's athletes after {@code from}. */
  private Map<String, AthleteTrend> trendsSince(
      String bootstrap, AvroSerdes avro, Map<TopicPartition, Long> from) {
    assertThat(failure.get()).as("what stopped the application").isNull();
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
