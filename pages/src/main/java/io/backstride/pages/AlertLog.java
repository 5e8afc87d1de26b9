package io.backstride.pages;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.platform.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every athlete's alerts, read from {@code back-pain-alerts.v1} from its beginning into memory by a
 * thread of its own, without a consumer group (every instance of the pages needs every athlete). An
 * alert raised again under its id replaces the earlier one.
 */
final class AlertLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertLog.class);

  private final String topic;
  private final KafkaConsumer<String, BackPainRiskAlert> consumer;
  private final Map<String, Map<String, BackPainRiskAlert>> byAthlete = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  AlertLog(KafkaConnection kafka, String topic, Deserializer<BackPainRiskAlert> values) {
    this.topic = topic;
    Properties p = kafka.consumerProperties();
    // the alerts are written in Streams transactions: an aborted one raised nothing
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pages-" + topic);
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), values);
    this.thread = new Thread(this::run, "pages-" + topic);
    thread.setDaemon(true);
  }

  AlertLog start() {
    thread.start();
    return this;
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

  private void run() {
    try {
      List<TopicPartition> partitions = awaitPartitions();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running) {
        for (ConsumerRecord<String, BackPainRiskAlert> r : consumer.poll(Duration.ofMillis(200))) {
          BackPainRiskAlert a = r.value();
          if (a == null) {
            continue;
          }
          Map<String, BackPainRiskAlert> alerts =
              byAthlete.computeIfAbsent(a.getAthleteId(), k -> new LinkedHashMap<>());
          synchronized (alerts) {
            alerts.put(a.getAlertId(), a);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("the alerts of {} are no longer read", topic, e);
    }
  }

  private List<TopicPartition> awaitPartitions() {
    while (running) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      } catch (TimeoutException e) {
        continue;
      }
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      }
    }
    throw new WakeupException();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}
