package io.backstride.benchmarks;

import io.backstride.avro.SampleBatch;
import io.backstride.platform.deadletter.DeadLetterHandler;
import io.backstride.platform.streams.StreamsRunner;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import io.backstride.streams.TrainingLoadConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The floor under the training-load topology: a Kafka Streams application with the service's own
 * settings ({@link TrainingLoadConfig#streamsProperties()}: the processing guarantee, the commit
 * interval, the dead-letter handlers) reading {@code activity-samples.v1} through the same Avro
 * serde, and doing per record the least the topology's job needs: one read and one write of the
 * athlete's state in a persistent, cached store with a changelog (the kind both of the topology's
 * stores are), so that RocksDB, the cache's flushes and the changelog's records are paid. It
 * forwards nothing: no summary, no trend, no second and third hop.
 *
 * <p>The state is bytes, not decoded: it grows by one run's share of {@code athlete-loads} with
 * each activity's final batch, so that at the end of a 12-week run it is as large as the topology's
 * (about 1 KB). Whatever the topology costs above this application is its own work: the samples'
 * fold, its encodes and decodes, the load arithmetic, and the two hops after the first.
 */
final class StreamsFloor {
  static final String STORE = "floor-athlete-state";

  /** What a run adds to {@code athlete-loads} at 12 weeks x 3 runs: 1,014 B over 36 runs. */
  static final int BYTES_PER_RUN = 28;

  /**
   * The 182-day window's bound at 3 runs a week, so that the value stops growing as the real one.
   */
  static final int MAX_BYTES = 78 * BYTES_PER_RUN;

  private StreamsFloor() {}

  /** A persistent, cached store with a changelog, the kind both of the topology's stores are. */
  private static StoreBuilder<KeyValueStore<String, byte[]>> byteStore(String name) {
    return Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
        .withCachingEnabled();
  }

  static Topology topology(AvroSerdes avro, AtomicLong samplesSeen) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(byteStore(STORE));
    builder.stream(
            Topics.ACTIVITY_SAMPLES.name(),
            Consumed.with(Serdes.String(), avro.value(Topics.ACTIVITY_SAMPLES)))
        .process(() -> new StateTouch(samplesSeen), STORE);
    return builder.build();
  }

  /** Reads and writes the athlete's state for every batch; forwards nothing. */
  static final class StateTouch implements Processor<String, SampleBatch, Void, Void> {
    private final AtomicLong samplesSeen;
    private KeyValueStore<String, byte[]> states;

    StateTouch(AtomicLong samplesSeen) {
      this.samplesSeen = samplesSeen;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      states = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, SampleBatch> record) {
      SampleBatch batch = record.value();
      touch(states, record.key(), batch.getFinal$());
      samplesSeen.addAndGet(batch.getSamples().size());
    }
  }

  /**
   * One read and one write of an athlete's state: a new value every time, as a serde's encode makes
   * one, grown by one run's share when {@code grows} (up to the window's bound), with a counter in
   * its first bytes that makes it differ; returns the counter, the writes so far.
   */
  static long touch(KeyValueStore<String, byte[]> states, String key, boolean grows) {
    byte[] before = states.get(key);
    byte[] state = before == null ? new byte[0] : before;
    int grown = grows ? Math.min(MAX_BYTES, state.length + BYTES_PER_RUN) : state.length;
    byte[] after = Arrays.copyOf(state, Math.max(grown, Long.BYTES));
    ByteBuffer counter = ByteBuffer.wrap(after);
    long writes = counter.getLong(0) + 1;
    counter.putLong(0, writes);
    states.put(key, after);
    return writes;
  }

  /**
   * The assembler's store in the shaped floor: one small record per activity, as its closed record.
   */
  static final String OPEN_STORE = "floor-open-activities";

  /** About the size of one activity's Avro summary with its header. */
  static final int SUMMARY_BYTES = 200;

  /** About the size of one day's Avro trend with its header. */
  static final int TREND_BYTES = 115;

  /** About the size of the assembler's closed record of a finished upload. */
  static final int CLOSED_RECORD_BYTES = 48;

  /**
   * The floor with the topology's shape and none of its domain work: the first stage reads and
   * writes one small record per batch in a store of its own (the assembler's open activity, closed
   * when the final batch comes) and at each final batch sends one summary-sized record through
   * {@code summaries}; the second stage reads them back, reads and writes the athlete's state as
   * {@link StateTouch} does, and sends 7 trend-sized records per 3 activities (the topology sends 7
   * daily trends per week of 3 runs) to {@code trends}. Records are filler bytes: nothing is
   * decoded after the batch, nothing computed.
   */
  static Topology shapedTopology(
      AvroSerdes avro,
      AtomicLong samplesSeen,
      AtomicLong activitiesApplied,
      String summaries,
      String trends) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(byteStore(OPEN_STORE));
    builder.addStateStore(byteStore(STORE));
    builder.stream(
            Topics.ACTIVITY_SAMPLES.name(),
            Consumed.with(Serdes.String(), avro.value(Topics.ACTIVITY_SAMPLES)))
        .process(() -> new ActivityShape(samplesSeen), OPEN_STORE)
        .to(summaries, Produced.with(Serdes.String(), Serdes.ByteArray()));
    builder.stream(summaries, Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .process(() -> new AthleteShape(activitiesApplied), STORE)
        .to(trends, Produced.with(Serdes.String(), Serdes.ByteArray()));
    return builder.build();
  }

  /** A stage of the shaped floor: a processor with one byte store, sending bytes downstream. */
  abstract static class ShapeStage<V> implements Processor<String, V, String, byte[]> {
    private final String storeName;
    ProcessorContext<String, byte[]> context;
    KeyValueStore<String, byte[]> store;

    ShapeStage(String storeName) {
      this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
      store = context.getStateStore(storeName);
    }
  }

  /**
   * The first stage of the shaped floor: one store read and write per batch, a summary at the end.
   */
  static final class ActivityShape extends ShapeStage<SampleBatch> {
    private final AtomicLong samplesSeen;

    ActivityShape(AtomicLong samplesSeen) {
      super(OPEN_STORE);
      this.samplesSeen = samplesSeen;
    }

    @Override
    public void process(Record<String, SampleBatch> record) {
      SampleBatch batch = record.value();
      String key = batch.getAthleteId() + "/" + batch.getActivityId();
      byte[] before = store.get(key);
      byte[] after = before == null ? new byte[CLOSED_RECORD_BYTES] : before.clone();
      after[0]++;
      store.put(key, after);
      samplesSeen.addAndGet(batch.getSamples().size());
      if (batch.getFinal$()) {
        context.forward(record.withValue(new byte[SUMMARY_BYTES]));
      }
    }
  }

  /** The second stage of the shaped floor: the athlete's state read and written, trends sent. */
  static final class AthleteShape extends ShapeStage<byte[]> {
    private final AtomicLong activitiesApplied;

    AthleteShape(AtomicLong activitiesApplied) {
      super(STORE);
      this.activitiesApplied = activitiesApplied;
    }

    @Override
    public void process(Record<String, byte[]> record) {
      long runs = touch(store, record.key(), true);
      // 2, 2, 3 trends for the athlete's 1st, 2nd and 3rd run of each week
      int trends = runs % 3 == 0 ? 3 : 2;
      for (int i = 0; i < trends; i++) {
        context.forward(record.withValue(new byte[TREND_BYTES]));
      }
      activitiesApplied.incrementAndGet();
    }
  }

  /**
   * The shaped floor under {@code config}'s Streams settings, not started (see {@link #runner}).
   */
  static StreamsRunner shapedRunner(
      TrainingLoadConfig config,
      SchemaRegistryClient registry,
      AtomicLong samplesSeen,
      AtomicLong activitiesApplied,
      String summaries,
      String trends) {
    Properties properties = config.streamsProperties();
    properties.put(DeadLetterHandler.REGISTRY_CLIENT_CONFIG, registry);
    return new StreamsRunner(
        "training-load-shaped-floor",
        shapedTopology(new AvroSerdes(registry), samplesSeen, activitiesApplied, summaries, trends),
        properties);
  }

  /**
   * The floor application under {@code config}'s Streams settings, not started: the caller starts
   * it, so that its clock includes the start-up as the topology's does. {@code samplesSeen} counts
   * the samples its processor was given.
   */
  static StreamsRunner runner(
      TrainingLoadConfig config, SchemaRegistryClient registry, AtomicLong samplesSeen) {
    Properties properties = config.streamsProperties();
    properties.put(DeadLetterHandler.REGISTRY_CLIENT_CONFIG, registry);
    return new StreamsRunner(
        "training-load-floor", topology(new AvroSerdes(registry), samplesSeen), properties);
  }

  /**
   * Polls the group's committed offsets until they reach the samples topic's end (under
   * exactly-once: the transactions of every record committed); returns System.nanoTime() then. The
   * samples topic is written without transactions, so its end offset is its last record's + 1.
   */
  static long awaitCommitted(Admin admin, String applicationId, Duration timeout) throws Exception {
    List<TopicPartition> partitions =
        admin
            .describeTopics(List.of(Topics.ACTIVITY_SAMPLES.name()))
            .allTopicNames()
            .get()
            .get(Topics.ACTIVITY_SAMPLES.name())
            .partitions()
            .stream()
            .map(p -> new TopicPartition(Topics.ACTIVITY_SAMPLES.name(), p.partition()))
            .toList();
    Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest());
    Map<TopicPartition, Long> starts = offsets(admin, partitions, OffsetSpec.earliest());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
      boolean done =
          partitions.stream()
              .allMatch(
                  p ->
                      // Streams commits nothing for a partition it never got a record from
                      starts.get(p).equals(ends.get(p))
                          || committed.get(p) != null && committed.get(p).offset() >= ends.get(p));
      if (done) {
        return System.nanoTime();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "floor application " + applicationId + " not committed to the end after " + timeout);
      }
      Thread.sleep(50);
    }
  }

  private static Map<TopicPartition, Long> offsets(
      Admin admin, List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found =
        admin
            .listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)))
            .all()
            .get();
    return found.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }
}
