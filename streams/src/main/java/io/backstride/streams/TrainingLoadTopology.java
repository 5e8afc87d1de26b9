package io.backstride.streams;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.AthleteProfile;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.Sport;
import io.backstride.core.load.DailyLoad;
import io.backstride.core.load.LoadHistory;
import io.backstride.schemas.Topics;
import io.backstride.schemas.serde.AvroSerdes;
import io.backstride.schemas.serde.JsonSerde;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.state.KeyValueStore;
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

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    activitySummaries(builder);
    trends(builder, dailyLoads(builder));
    return builder.build();
  }

  /** Samples to one summary per activity, emitted when the activity's final batch arrives. */
  private void activitySummaries(StreamsBuilder builder) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.OPEN_ACTIVITIES),
            KEYS,
            JsonSerde.of(OpenActivity.class)));
    builder.stream(
            Topics.ACTIVITY_SAMPLES.name(),
            Consumed.with(KEYS, avro.value(Topics.ACTIVITY_SAMPLES)))
        .process(() -> new ActivityAssembler(activityIdle), StoreNames.OPEN_ACTIVITIES)
        // keyed athlete:activity for compaction, but partitioned by athlete
        .to(
            Topics.ACTIVITY_SUMMARIES.name(),
            Produced.with(KEYS, avro.value(Topics.ACTIVITY_SUMMARIES))
                .withStreamPartitioner(new ByAthletePartitioner<>()));
  }

  /**
   * Summaries, read back as a table so that a re-upload replaces its earlier version and a
   * tombstone removes it, to the run load of each athlete-local day. The subtractor takes the old
   * version out before the adder puts the new one in: nothing is counted twice.
   */
  private KTable<String, LoadHistory> dailyLoads(StreamsBuilder builder) {
    Serde<ActivitySummary> summaries = avro.value(Topics.ACTIVITY_SUMMARIES);
    KTable<String, ActivitySummary> byActivity =
        builder.table(
            Topics.ACTIVITY_SUMMARIES.name(),
            Consumed.with(KEYS, summaries),
            Materialized.<String, ActivitySummary, KeyValueStore<Bytes, byte[]>>as(
                    StoreNames.ACTIVITY_SUMMARIES)
                .withKeySerde(KEYS)
                .withValueSerde(summaries));
    // only the zone of a profile matters here; a table, not a global one, because the
    // foreign-key join below re-emits an athlete's activities when the zone changes, so a move to
    // another zone re-buckets the history instead of leaving old runs on the old calendar
    KTable<String, String> zones =
        builder
            .table(
                Topics.ATHLETE_PROFILES.name(),
                Consumed.with(KEYS, avro.value(Topics.ATHLETE_PROFILES)))
            .mapValues(
                AthleteProfile::getTimeZone,
                Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(
                        StoreNames.ATHLETE_ZONES)
                    .withKeySerde(KEYS)
                    .withValueSerde(Serdes.String()));
    return byActivity
        // the day of a run is its start in the athlete's own zone; no profile: the default zone
        .leftJoin(
            zones,
            ActivitySummary::getAthleteId,
            (summary, zone) ->
                new RunOnDay(
                    summary.getAthleteId(), isRun(summary), AvroMapper.load(summary, zoneOf(zone))),
            // the join's answers go back to the partition of the athlete, where the summary lives
            TableJoined.<String, String>with(new ByAthletePartitioner<>(), null)
                .withName("summaries-with-zone"),
            Materialized.<String, RunOnDay, KeyValueStore<Bytes, byte[]>>as(
                    StoreNames.ACTIVITY_DAYS)
                .withKeySerde(KEYS)
                .withValueSerde(JsonSerde.of(RunOnDay.class)))
        // re-key by athlete: one aggregate per athlete keeps the order of the athlete's changes
        // (per-day keys would spread the days over partitions), and a re-emitted run keeps its
        // key, so its old and new versions are taken out and put in as one change
        .groupBy(
            (key, run) -> KeyValue.pair(run.athleteId(), run),
            Grouped.with("runs-by-athlete", KEYS, JsonSerde.of(RunOnDay.class)))
        .aggregate(
            () -> LoadHistory.EMPTY,
            (athlete, run, history) -> run.counts() ? history.plus(run.load()) : history,
            (athlete, run, history) -> run.counts() ? history.minus(run.load()) : history,
            Materialized.<String, LoadHistory, KeyValueStore<Bytes, byte[]>>as(
                    StoreNames.DAILY_LOADS)
                .withKeySerde(KEYS)
                .withValueSerde(JsonSerde.of(LoadHistory.class)));
  }

  /** The zone a profile names; the default when it names none or one Java does not know. */
  private ZoneId zoneOf(String name) {
    if (name == null || name.isBlank()) {
      return zone;
    }
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      LOG.warn("Unknown time zone {} in a profile; using {}", name, zone);
      return zone;
    }
  }

  /** Daily loads to per-day acute/chronic trends, per athlete. */
  private void trends(StreamsBuilder builder, KTable<String, LoadHistory> dailyLoads) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.ATHLETE_DAYS),
            KEYS,
            JsonSerde.of(DailyLoad.class)));
    Serde<AthleteTrend> trends = avro.value(Topics.ATHLETE_TRENDS);
    // already keyed and partitioned by athlete: no repartition before the trends
    dailyLoads
        .toStream()
        .process(TrendProcessor::new, StoreNames.ATHLETE_DAYS)
        .to(Topics.ATHLETE_TRENDS.name(), Produced.with(KEYS, trends));
  }

  private static boolean isRun(ActivitySummary summary) {
    return summary != null && summary.getSport() == Sport.RUNNING;
  }
}
