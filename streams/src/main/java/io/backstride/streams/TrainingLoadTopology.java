package io.backstride.streams;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.Sport;
import io.backstride.core.load.DailyLoad;
import io.backstride.schemas.Topics;
import io.backstride.schemas.serde.AvroSerdes;
import io.backstride.schemas.serde.JsonSerde;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The training-load application.
 *
 * <p>Reads {@code activity-samples.v1}; writes {@code activity-summaries.v1} (compacted, one
 * summary per athlete:activity) and {@code athlete-trends.v1} (one record per athlete per day).
 */
public final class TrainingLoadTopology {
  private static final Serde<String> KEYS = Serdes.String();

  /** How long a live activity may go without a batch before it completes, by default. */
  public static final Duration DEFAULT_ACTIVITY_IDLE = Duration.ofMinutes(30);

  private final AvroSerdes avro;
  private final ZoneId zone;
  private final Duration activityIdle;

  /**
   * @param zone the zone whose calendar days the loads are counted in
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
   * Summaries, read back as a table so that a re-upload replaces its earlier version, to the run
   * load of each athlete-local day. The subtractor takes the old version out before the adder puts
   * the new one in: nothing is counted twice.
   */
  private KTable<String, DailyLoad> dailyLoads(StreamsBuilder builder) {
    Serde<ActivitySummary> summaries = avro.value(Topics.ACTIVITY_SUMMARIES);
    return builder
        .table(
            Topics.ACTIVITY_SUMMARIES.name(),
            Consumed.with(KEYS, summaries),
            Materialized.<String, ActivitySummary, KeyValueStore<Bytes, byte[]>>as(
                    StoreNames.ACTIVITY_SUMMARIES)
                .withKeySerde(KEYS)
                .withValueSerde(summaries))
        // re-key by athlete and day so that one day's runs meet in one aggregate
        .groupBy(
            (key, summary) ->
                KeyValue.pair(
                    TrendProcessor.dayKey(
                        summary.getAthleteId(), AvroMapper.localDay(summary, zone)),
                    summary),
            Grouped.with("summaries-by-day", KEYS, summaries))
        .aggregate(
            () -> DailyLoad.EMPTY,
            (day, summary, load) ->
                isRun(summary) ? load.plus(AvroMapper.load(summary, zone)) : load,
            (day, summary, load) ->
                isRun(summary) ? load.minus(AvroMapper.load(summary, zone)) : load,
            Materialized.<String, DailyLoad, KeyValueStore<Bytes, byte[]>>as(StoreNames.DAILY_LOADS)
                .withKeySerde(KEYS)
                .withValueSerde(JsonSerde.of(DailyLoad.class)));
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
