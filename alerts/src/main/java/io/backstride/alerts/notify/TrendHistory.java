package io.backstride.alerts.notify;

import io.backstride.avro.AthleteTrend;
import io.backstride.core.load.Trend;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicFollower;
import io.backstride.schemas.Topics;
import io.backstride.schemas.codec.TrendCodec;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The last eight weeks of every athlete's trends, read from {@code athlete-trends.v1} by a {@link
 * TopicFollower}, for the chart in the alert email. The alert carries only its own week; the chart
 * needs the weeks before it, and reading them here keeps the alert topic small and its schema
 * unchanged. Bounded per athlete to {@link #DAYS} days behind the athlete's newest trend; memory
 * grows with the number of athletes (about 56 small records each), which is fine for one notifier
 * per cluster and would move to a Streams store with an interactive query beyond that.
 */
public final class TrendHistory implements AutoCloseable {

  /** Eight weeks: the span of the email chart. */
  public static final int DAYS = 56;

  private final Map<String, NavigableMap<LocalDate, Trend>> trends = new ConcurrentHashMap<>();
  private final TopicFollower<AthleteTrend> follower;

  public TrendHistory(KafkaConnection kafka, AvroSerdes avro) {
    this(
        new KafkaConsumer<>(
            TopicFollower.consumerConfig(kafka, "notifier-trend-history"),
            new StringDeserializer(),
            avro.value(Topics.ATHLETE_TRENDS).deserializer()));
  }

  /** A history read through {@code consumer}, which it then owns. */
  TrendHistory(Consumer<String, AthleteTrend> consumer) {
    this.follower =
        new TopicFollower<>(
            "trend-history",
            consumer,
            List.of(Topics.ATHLETE_TRENDS.name()),
            this::add,
            "emails go out without their chart");
  }

  /** An in-memory history without Kafka, for tests and for the composer on its own. */
  public static NavigableMap<LocalDate, Trend> bounded(List<Trend> list) {
    NavigableMap<LocalDate, Trend> map = new ConcurrentSkipListMap<>();
    list.forEach(t -> add(map, t));
    return map;
  }

  public TrendHistory start() {
    follower.start();
    return this;
  }

  /**
   * The athlete's trends up to {@code day}, waiting at most {@code wait} for the trend of that day
   * (it was written before the alert, but this reader may be a little behind).
   */
  public List<Trend> upTo(String athleteId, LocalDate day, Duration wait) {
    follower.awaitUntil(() -> has(athleteId, day), wait);
    NavigableMap<LocalDate, Trend> map = trends.get(athleteId);
    return map == null ? List.of() : List.copyOf(map.headMap(day, true).values());
  }

  /** Whether the athlete's trend of {@code day} (or a later one) has been read: it never waits. */
  public boolean has(String athleteId, LocalDate day) {
    NavigableMap<LocalDate, Trend> map = trends.get(athleteId);
    return map != null && !map.isEmpty() && !map.lastKey().isBefore(day);
  }

  private static void add(NavigableMap<LocalDate, Trend> map, Trend t) {
    map.put(t.date(), t);
    LocalDate oldest = map.lastKey().minusDays(DAYS - 1);
    map.headMap(oldest, false).clear();
  }

  private void add(String athleteId, AthleteTrend trend) {
    if (athleteId != null) {
      add(
          trends.computeIfAbsent(athleteId, k -> new ConcurrentSkipListMap<>()),
          TrendCodec.fromAvro(trend));
    }
  }

  @Override
  public void close() {
    follower.close();
  }
}
