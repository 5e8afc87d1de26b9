package io.backstride.streams;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.AthleteProfile;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.Sport;
import io.backstride.core.load.DailyLoad;
import io.backstride.schemas.Topics;
import io.backstride.schemas.serde.AvroSerdes;
import io.backstride.schemas.serde.JsonSerde;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
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
import org.apache.kafka.streams.kstream.Repartitioned;
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
        .to(
            Topics.ACTIVITY_SUMMARIES.name(),
            Produced.with(KEYS, avro.value(Topics.ACTIVITY_SUMMARIES)));
  }

  /**
   * Summaries, read back as a table so that a re-upload replaces its earlier version and a
   * tombstone removes it, to the run load of each athlete-local day. The subtractor takes the old
   * version out before the adder puts the new one in: nothing is counted twice.
   */
  private KTable<String, DailyLoad> dailyLoads(StreamsBuilder builder) {
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
            TableJoined.as("summaries-with-zone"),
            Materialized.<String, RunOnDay, KeyValueStore<Bytes, byte[]>>as(
                    StoreNames.ACTIVITY_DAYS)
                .withKeySerde(KEYS)
                .withValueSerde(JsonSerde.of(RunOnDay.class)))
        // re-key by athlete and day so that one day's runs meet in one aggregate
        .groupBy(
            (key, run) ->
                KeyValue.pair(TrendProcessor.dayKey(run.athleteId(), run.load().date()), run),
            Grouped.with("runs-by-day", KEYS, JsonSerde.of(RunOnDay.class)))
        .aggregate(
            () -> DailyLoad.EMPTY,
            (day, run, load) -> run.counts() ? load.plus(run.load()) : load,
            (day, run, load) -> run.counts() ? load.minus(run.load()) : load,
            Materialized.<String, DailyLoad, KeyValueStore<Bytes, byte[]>>as(StoreNames.DAILY_LOADS)
                .withKeySerde(KEYS)
                .withValueSerde(JsonSerde.of(DailyLoad.class)));
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
  private void trends(StreamsBuilder builder, KTable<String, DailyLoad> dailyLoads) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.ATHLETE_DAYS),
            KEYS,
            JsonSerde.of(DailyLoad.class)));
    Serde<AthleteTrend> trends = avro.value(Topics.ATHLETE_TRENDS);
    dailyLoads
        .toStream()
        // re-key by athlete so that all days of one athlete land in one partition and one store
        .map(
            (dayKey, load) -> {
              int bar = dayKey.indexOf('|');
              return KeyValue.pair(
                  dayKey.substring(0, bar),
                  new DayLoad(LocalDate.parse(dayKey.substring(bar + 1)), load));
            })
        .repartition(
            Repartitioned.with(KEYS, JsonSerde.of(DayLoad.class))
                .withName("daily-loads-by-athlete"))
        .process(TrendProcessor::new, StoreNames.ATHLETE_DAYS)
        .to(Topics.ATHLETE_TRENDS.name(), Produced.with(KEYS, trends));
  }

  private static boolean isRun(ActivitySummary summary) {
    return summary != null && summary.getSport() == Sport.RUNNING;
  }
}
