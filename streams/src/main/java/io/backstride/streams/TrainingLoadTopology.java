package io.backstride.streams;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.DeadLetter;
import io.backstride.core.SampleBatch;
import io.backstride.schemas.ActivityKey;
import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import io.backstride.schemas.codec.ActivitySummaryCodec;
import io.backstride.schemas.codec.SampleBatchCodec;
import io.backstride.schemas.codec.SampleBatchDeserializer;
import io.backstride.schemas.serde.AvroSerdes;
import io.backstride.streams.AthleteChange.ActivityChanged;
import io.backstride.streams.AthleteChange.ZoneChanged;
import io.backstride.streams.state.AthleteStateSerde;
import java.time.Duration;
import java.time.ZoneId;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training-load application.
 *
 * <p>Reads {@code activity-samples.v1} and {@code athlete-profiles.v1} (for each athlete's time
 * zone); writes {@code activity-summaries.v1} (compacted, one summary per athlete:activity) and
 * {@code athlete-trends.v1} (one record per athlete per day).
 */
public final class TrainingLoadTopology {
  private static final Serde<String> KEYS = Serdes.String();
  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoadTopology.class);

  /** How long a live activity may go without a batch before it completes, by default. */
  public static final Duration DEFAULT_ACTIVITY_IDLE = Duration.ofMinutes(30);

  private final AvroSerdes avro;
  private final ZoneId zone;
  private final Duration activityIdle;
  private TrainingLoadMeters meters = TrainingLoadMeters.unread();

  /**
   * @param zone the zone whose calendar days the loads are counted in for athletes whose profile
   *     names none
   * @param activityIdle an activity without a final batch completes after this long without one
   */
  public TrainingLoadTopology(AvroSerdes avro, ZoneId zone, Duration activityIdle) {
    this.avro = avro;
    this.zone = zone;
    this.activityIdle = activityIdle;
  }

  public TrainingLoadTopology(AvroSerdes avro, ZoneId zone) {
    this(avro, zone, DEFAULT_ACTIVITY_IDLE);
  }

  public TrainingLoadTopology(AvroSerdes avro, TrainingLoadConfig config) {
    this(avro, config.zone(), config.activityIdle());
  }

  /** Counts what the topology does in {@code meters} (see {@link TrainingLoadMeters}). */
  public TrainingLoadTopology countingIn(TrainingLoadMeters meters) {
    this.meters = meters;
    return this;
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    activitySummaries(builder);
    trends(builder);
    return builder.build();
  }

  /** A persistent store keyed by athlete (or activity) id, with a cache in front of it. */
  private static <V> StoreBuilder<KeyValueStore<String, V>> cachedStore(
      String name, Serde<V> values) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), KEYS, values)
        .withCachingEnabled();
  }

  /** Samples to one summary per activity, emitted when the activity's final batch arrives. */
  private void activitySummaries(StreamsBuilder builder) {
    // the batches of one upload arrive together: with a cache, only the state after the last one
    // of a commit interval goes to the changelog, not one per batch
    builder.addStateStore(cachedStore(StoreNames.OPEN_ACTIVITIES, new OpenActivitySerde()));
    builder.stream(Topics.ACTIVITY_SAMPLES.name(), Consumed.with(KEYS, sampleBatches()))
        .process(() -> new ActivityAssembler(activityIdle, meters), StoreNames.OPEN_ACTIVITIES)
        // keyed athlete:activity for compaction, but partitioned by athlete
        .to(
            Topics.ACTIVITY_SUMMARIES.name(),
            Produced.with(KEYS, avro.value(Topics.ACTIVITY_SUMMARIES))
                .withStreamPartitioner(new ByAthletePartitioner<>()));
  }

  /**
   * The batches of {@code activity-samples.v1} as core values, decoded without the generated
   * records when their writer used the reader's schema (see {@link SampleBatchDeserializer}). The
   * serializer is there for the serde's sake: the topology never writes the topic.
   */
  private Serde<SampleBatch> sampleBatches() {
    Serializer<io.backstride.avro.SampleBatch> avroWriter =
        avro.value(Topics.ACTIVITY_SAMPLES).serializer();
    Serializer<SampleBatch> writer =
        (topic, batch) ->
            avroWriter.serialize(topic, batch == null ? null : SampleBatchCodec.toAvro(batch));
    return Serdes.serdeFrom(writer, new SampleBatchDeserializer(avro.registry()));
  }

  /**
   * Summaries and profiles, merged into one stream of changes per athlete, to the trends of the
   * days each change touches. The summaries are read back from their topic rather than taken
   * straight from the assembler, because the topic is the record of what happened: a summary
   * written there by anyone else, or a tombstone that deletes one, counts as well.
   *
   * <p>Both topics are partitioned by athlete and have the same number of partitions (the topic set
   * is created together), so an athlete's summaries and profile meet in one task.
   */
  private void trends(StreamsBuilder builder) {
    builder.addStateStore(cachedStore(StoreNames.ATHLETE_LOADS, new AthleteStateSerde()));
    KStream<String, AthleteChange> activities =
        builder.stream(
                Topics.ACTIVITY_SUMMARIES.name(),
                Consumed.with(KEYS, avro.value(Topics.ACTIVITY_SUMMARIES)))
            .filter((key, summary) -> wellKeyed(key), Named.as("well-keyed-summaries"))
            .map(
                (key, summary) -> {
                  ActivityKey activity = ActivityKey.parse(key).orElseThrow();
                  return KeyValue.pair(activity.athleteId(), activityChange(activity, summary));
                },
                Named.as("activity-changes"));
    KStream<String, AthleteChange> zones =
        builder.stream(
                Topics.ATHLETE_PROFILES.name(),
                Consumed.with(KEYS, avro.value(Topics.ATHLETE_PROFILES)))
            // a profile without an athlete id belongs to nobody (a table would drop it too)
            .filter((athleteId, profile) -> athleteId != null, Named.as("keyed-profiles"))
            .mapValues(
                profile ->
                    (AthleteChange) new ZoneChanged(profile == null ? null : profile.getTimeZone()),
                Named.as("zone-changes"));
    activities
        .merge(zones, Named.as("athlete-changes"))
        .process(() -> new AthleteLoadProcessor(zone, meters), StoreNames.ATHLETE_LOADS)
        .split(Named.as("athlete-load-"))
        .branch(
            (athleteId, out) -> out instanceof AthleteTrend,
            writtenTo(Topics.ATHLETE_TRENDS, AthleteTrend.class, "trends"))
        .defaultBranch(writtenTo(Topics.INGEST_DEAD_LETTER, DeadLetter.class, "refused-runs"));
  }

  /** A branch whose records are all {@code type}, written to {@code topic}. */
  private <V extends SpecificRecord> Branched<String, SpecificRecord> writtenTo(
      Topic<V> topic, Class<V> type, String name) {
    return Branched.withConsumer(
        records ->
            records
                .mapValues(out -> type.cast(out), Named.as(name))
                .to(topic.name(), Produced.with(KEYS, avro.value(topic))));
  }

  /** athlete:activity, as {@link ActivityKey} makes them; anything else is not ours. */
  private static boolean wellKeyed(String key) {
    if (ActivityKey.parse(key).isPresent()) {
      return true;
    }
    LOG.warn("Skipping a summary keyed {}: not athlete:activity", key);
    return false;
  }

  /**
   * A run counts with its load, any other activity as a day of history without load; a tombstone
   * takes the activity out.
   */
  private static AthleteChange activityChange(ActivityKey key, ActivitySummary summary) {
    return new ActivityChanged(
        key.activityId(),
        summary == null
            ? null
            // in the precision the state keeps, so that a value read back from the store equals
            // the one that was written and an unchanged re-upload is recognised as unchanged
            : AthleteStateSerde.inStoredPrecision(
                ActivitySummaryCodec.fromAvro(summary).runLoad()));
  }
}
