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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the in-process broker, exactly-once: a transaction aborted in the middle of the athletes'
 * changes gives the same committed trends as a run without the abort, each athlete's day once and
 * in the same order. The abort is what the broker does to a zombie: where the trends processor
 * counts a trend it sent, after earlier changes of the same transaction had been written to its
 * store, a second producer takes the stream thread's transactional id; the broker aborts the open
 * transaction and fences the thread, which closes its tasks, wipes their stores, restores them from
 * the changelogs and processes the records again from the committed offsets.
 *
 * <p>Why not a {@code TaskCorruptedException} raised in the processor (how this test began): Kafka
 * Streams 4.3 does not abort for it. It commits the thread's open transaction first (the sent
 * trends, without the input offsets) and then revives the tasks; when the rebalance it enforces
 * comes before they are initialised again, their offset reset is lost and the records of that
 * transaction are never processed (RELIABILITY.md, "An aborted transaction").
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
  void trendsAfterAnAbortedTransactionAreThoseOfACleanRun() throws Exception {
    String bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    TopicAdmin.ensureTopics(KafkaConnection.plaintext(bootstrap), TopicSettings.of(3, 1));
    try (SchemaRegistryServer registry = SchemaRegistryServer.start(bootstrap, 0)) {
      SchemaRegistryClient client = new RestSchemaRegistryClient(registry.url());
      TopicSchemas.register(client, TrainingLoadService.WRITES);
      AvroSerdes avro = new AvroSerdes(client);
      produceHistory(bootstrap, avro);
      // every day from each athlete's first run to their last, once
      int expectedTrends = ATHLETES.size() * (3 * (RUNS - 1) + 1);

      Map<String, List<AthleteTrend>> clean;
      Map<TopicPartition, Long> from = trendsEnd(bootstrap, avro);
      try (KafkaStreams app =
          start(bootstrap, registry, avro, "abort-it-clean", Integer.MAX_VALUE)) {
        await()
            .atMost(Duration.ofSeconds(120))
            .untilAsserted(
                () ->
                    assertThat(days(trendsSince(bootstrap, avro, from)))
                        .as(
                            () ->
                                "athlete days with a committed trend of the clean run (records"
                                    + " kept on the input topics: "
                                    + keptRecords(bootstrap, Topics.ACTIVITY_SAMPLES.name())
                                    + " sample batches, "
                                    + keptRecords(bootstrap, Topics.ACTIVITY_SUMMARIES.name())
                                    + " summaries)")
                        .isEqualTo(expectedTrends));
        clean = trendsSince(bootstrap, avro, from);
      }
      assertThat(clean.values().stream().mapToInt(List::size).sum())
          .as("trends the clean run committed: each athlete's day once")
          .isEqualTo(expectedTrends);

      Map<TopicPartition, Long> fromAborted = trendsEnd(bootstrap, avro);
      AtomicInteger aborts = new AtomicInteger();
      // half-way through: the trends of several changes of the transaction were sent before it
      try (KafkaStreams app =
          start(bootstrap, registry, avro, "abort-it-aborted", expectedTrends / 2, aborts)) {
        await()
            .atMost(Duration.ofSeconds(120))
            .untilAsserted(
                () ->
                    assertThat(differences(clean, trendsSince(bootstrap, avro, fromAborted)))
                        .as("committed trends of the aborted run unlike the clean run's")
                        .isEmpty());
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
                .countingIn(
                    new TrainingLoadMeters(
                        new AbortingAt(abortAtTrend, aborts, running, bootstrap)))
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
   * Meters whose trend counter, once, at the {@code at}-th trend, fences the stream thread that
   * sent it: a producer with the thread's transactional id starts, and the broker aborts the
   * transaction in flight (the trends sent so far, the store changes flushed so far) as it does for
   * a zombie instance. The thread learns it at its next send or commit and starts over from the
   * committed offsets and changelogs.
   */
  private static final class AbortingAt extends SimpleMeterRegistry {
    private final int at;
    private final AtomicInteger aborts;
    private final AtomicReference<KafkaStreams> app;
    private final String bootstrap;
    private final AtomicInteger trends = new AtomicInteger();

    AbortingAt(int at, AtomicInteger aborts, AtomicReference<KafkaStreams> app, String bootstrap) {
      this.at = at;
      this.aborts = aborts;
      this.app = app;
      this.bootstrap = bootstrap;
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
            fence(transactionalIdOf(Thread.currentThread().getName()));
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

    /**
     * The transactional id of the stream thread named {@code thread}: under exactly-once v2 it is
     * the client id's prefix ({@code <application id>-<process id>}) and the thread's index.
     */
    private String transactionalIdOf(String thread) {
      ThreadMetadata metadata =
          app.get().metadataForLocalThreads().stream()
              .filter(t -> t.threadName().equals(thread))
              .findFirst()
              .orElseThrow();
      String marker = "-StreamThread-";
      int index = thread.lastIndexOf(marker);
      String clientPrefix = thread.substring(0, index);
      assertThat(metadata.producerClientIds()).contains(thread + "-producer");
      return clientPrefix + "-" + thread.substring(index + marker.length());
    }

    /** Takes {@code transactionalId} over: the broker aborts its open transaction and fences it. */
    private void fence(String transactionalId) {
      try (KafkaProducer<byte[], byte[]> successor =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrap,
                  ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                  transactionalId),
              new ByteArraySerializer(),
              new ByteArraySerializer())) {
        successor.initTransactions();
      }
    }
  }

  /** Every athlete's runs, each batch acknowledged: a history that did not arrive fails here. */
  private static void produceHistory(String bootstrap, AvroSerdes avro) throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<String, SampleBatch> producer =
        new KafkaProducer<>(
            props, new StringSerializer(), avro.value(Topics.ACTIVITY_SAMPLES).serializer())) {
      for (String athlete : ATHLETES) {
        for (int run = 0; run < RUNS; run++) {
          Instant start = T0.plus(Duration.ofDays(3L * run));
          for (SampleBatch b :
              SyntheticRuns.run(athlete, "run" + run, start, 3000 + 500 * run, 10 + 5 * run)) {
            sent.add(producer.send(SyntheticRuns.asIngestSends(Topics.ACTIVITY_SAMPLES.name(), b)));
          }
        }
      }
      producer.flush();
    }
    for (Future<RecordMetadata> batch : sent) {
      batch.get(); // flushed: done, or its exception says why the history is incomplete
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
    return partitions(consumer, Topics.ATHLETE_TRENDS.name());
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    return consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .toList();
  }

  /**
   * How many offsets {@code topic} holds, from the first the broker still keeps to the last
   * committed one, summed over its partitions.
   */
  private static long keptRecords(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions);
      return consumer.endOffsets(partitions).entrySet().stream()
          .mapToLong(e -> e.getValue() - first.get(e.getKey()))
          .sum();
    }
  }

  /** Where the committed trends end now: a run's own trends are those written after. */
  private static Map<TopicPartition, Long> trendsEnd(String bootstrap, AvroSerdes avro) {
    try (KafkaConsumer<String, AthleteTrend> consumer = committedTrends(bootstrap, avro)) {
      return consumer.endOffsets(partitions(consumer));
    }
  }

  /** Every committed trend of this test's athletes after {@code from}, per athlete, in order. */
  private Map<String, List<AthleteTrend>> trendsSince(
      String bootstrap, AvroSerdes avro, Map<TopicPartition, Long> from) {
    assertThat(failure.get()).as("what stopped the application").isNull();
    Map<String, List<AthleteTrend>> trends = new TreeMap<>();
    try (KafkaConsumer<String, AthleteTrend> consumer = committedTrends(bootstrap, avro)) {
      List<TopicPartition> partitions = partitions(consumer);
      consumer.assign(partitions);
      partitions.forEach(p -> consumer.seek(p, from.get(p)));
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, AthleteTrend> r : consumer.poll(Duration.ofMillis(200))) {
          if (ATHLETES.contains(r.key())) {
            trends.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
          }
        }
      }
    }
    return trends;
  }

  /** How many athlete days have a trend. */
  private static long days(Map<String, List<AthleteTrend>> trends) {
    return trends.values().stream()
        .mapToLong(t -> t.stream().map(AthleteTrend::getDate).distinct().count())
        .sum();
  }

  /**
   * How the aborted run's committed trends differ from the clean run's, one line per athlete and
   * day: a day committed more than once, a day missing or extra, a field of the day's latest trend
   * unlike the clean run's; or, when none of these, that the same trends came in another order.
   */
  static List<String> differences(
      Map<String, List<AthleteTrend>> clean, Map<String, List<AthleteTrend>> aborted) {
    List<String> lines = new ArrayList<>();
    TreeSet<String> athletes = new TreeSet<>(clean.keySet());
    athletes.addAll(aborted.keySet());
    for (String athlete : athletes) {
      List<AthleteTrend> expected = clean.getOrDefault(athlete, List.of());
      List<AthleteTrend> actual = aborted.getOrDefault(athlete, List.of());
      if (expected.equals(actual)) {
        continue;
      }
      Map<LocalDate, AthleteTrend> expectedLatest = latestByDay(expected);
      Map<LocalDate, AthleteTrend> actualLatest = latestByDay(actual);
      List<String> own = new ArrayList<>();
      TreeSet<LocalDate> days = new TreeSet<>(expectedLatest.keySet());
      days.addAll(actualLatest.keySet());
      for (LocalDate day : days) {
        String where = athlete + " " + day;
        long times = actual.stream().filter(t -> t.getDate().equals(day)).count();
        long cleanTimes = expected.stream().filter(t -> t.getDate().equals(day)).count();
        if (times != cleanTimes && times > 0 && cleanTimes > 0) {
          own.add(where + ": committed " + times + " times, the clean run " + cleanTimes);
        }
        AthleteTrend e = expectedLatest.get(day);
        AthleteTrend a = actualLatest.get(day);
        if (a == null) {
          own.add(where + ": no trend committed (clean run: " + e + ")");
        } else if (e == null) {
          own.add(where + ": a trend the clean run has not: " + a);
        } else {
          for (Schema.Field field : AthleteTrend.getClassSchema().getFields()) {
            Object was = e.get(field.pos());
            Object is = a.get(field.pos());
            if (!Objects.equals(was, is)) {
              own.add(where + " " + field.name() + ": clean " + was + ", aborted " + is);
            }
          }
        }
      }
      if (own.isEmpty()) {
        own.add(athlete + ": the same trends committed in another order: " + dates(actual));
      }
      lines.addAll(own);
    }
    return lines;
  }

  private static Map<LocalDate, AthleteTrend> latestByDay(List<AthleteTrend> trends) {
    Map<LocalDate, AthleteTrend> latest = new TreeMap<>();
    trends.forEach(t -> latest.put(t.getDate(), t));
    return latest;
  }

  private static List<LocalDate> dates(List<AthleteTrend> trends) {
    return trends.stream().map(AthleteTrend::getDate).toList();
  }
}
