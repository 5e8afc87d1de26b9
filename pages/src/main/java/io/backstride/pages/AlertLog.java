package io.backstride.pages;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicFollower;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every athlete's alerts, read from {@code back-pain-alerts.v1} from its beginning into memory by a
 * {@link TopicFollower} (every instance of the pages needs every athlete, so no consumer group). An
 * alert raised again under its id replaces the earlier one.
 */
final class AlertLog implements AutoCloseable {
  private final Map<String, Map<String, BackPainRiskAlert>> byAthlete = new ConcurrentHashMap<>();
  private final TopicFollower<BackPainRiskAlert> follower;

  /** A log of {@code topic}; {@code values} deserializes the alerts, and this log then owns it. */
  AlertLog(KafkaConnection kafka, String topic, Deserializer<BackPainRiskAlert> values) {
    this(
        topic,
        new KafkaConsumer<>(
            TopicFollower.consumerConfig(kafka, "pages-" + topic),
            new StringDeserializer(),
            values));
  }

  /** A log of {@code topic} read through {@code consumer}, which it then owns. */
  AlertLog(String topic, Consumer<String, BackPainRiskAlert> consumer) {
    this.follower =
        new TopicFollower<>(
            "pages-" + topic,
            consumer,
            List.of(topic),
            (key, alert) -> add(alert),
            "the pages show no alerts raised from now on");
  }

  AlertLog start() {
    follower.start();
    return this;
  }

  private void add(BackPainRiskAlert alert) {
    Map<String, BackPainRiskAlert> alerts =
        byAthlete.computeIfAbsent(alert.getAthleteId(), k -> new LinkedHashMap<>());
    synchronized (alerts) {
      alerts.put(alert.getAlertId(), alert);
    }
  }

  /** The athlete's alerts, newest day first, the higher severity first within a day. */
  List<BackPainRiskAlert> of(String athleteId) {
    Map<String, BackPainRiskAlert> alerts = byAthlete.get(athleteId);
    if (alerts == null) {
      return List.of();
    }
    List<BackPainRiskAlert> out;
    synchronized (alerts) {
      out = new ArrayList<>(alerts.values());
    }
    out.sort(
        Comparator.comparing(BackPainRiskAlert::getDate)
            .reversed()
            .thenComparing(a -> a.getSeverity().ordinal(), Comparator.reverseOrder()));
    return out;
  }

  /** Stops reading and closes the consumer. */
  @Override
  public void close() {
    follower.close();
  }
}
