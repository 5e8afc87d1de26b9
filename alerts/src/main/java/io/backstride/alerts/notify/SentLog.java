package io.backstride.alerts.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The alert ids the notifier has emailed, kept in the compacted topic {@value #TOPIC} (key alert
 * id, value the time sent) so that it survives restarts and is shared by every notifier instance.
 *
 * <p>Order of a delivery: check here, send, {@link #record} (acknowledged by all in-sync replicas),
 * then commit the alert offsets. A crash after recording and before the commit re-reads the alert
 * and finds it here: no second email. The one window left is between the SMTP server accepting the
 * message and the record being acknowledged (milliseconds): a crash exactly there sends the email
 * again, with the same deterministic Message-ID, which mail clients show as one message. Losing an
 * alert is worse than that, so the id is not written before the send.
 *
 * <p>Retention: compacted, and entries are deleted after {@link #RETENTION} because the notifier
 * never emails an alert older than a few days anyway (freshness), so older ids are never asked.
 */
public final class SentLog implements AutoCloseable {
  public static final String TOPIC = "notification-sent-log";
  static final Duration RETENTION = Duration.ofDays(30);

  private final KafkaConsumer<String, String> reader;
  private final KafkaProducer<String, String> writer;
  private final Set<String> sent = ConcurrentHashMap.newKeySet();

  public SentLog(String bootstrapServers) {
    ensureTopic(bootstrapServers);
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "notifier-sent-log");
    this.reader = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions =
        reader.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(TOPIC, p.partition()))
            .toList();
    reader.assign(partitions);
    reader.seekToBeginning(partitions);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "notifier-sent-log");
    this.writer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    catchUp();
  }

  /**
   * Reads what other instances (or this one before a restart) recorded, up to the log's current
   * end. Called at start and whenever the notifier is given partitions, before it reads alerts.
   */
  public synchronized void catchUp() {
    Map<TopicPartition, Long> ends = reader.endOffsets(reader.assignment(), Duration.ofSeconds(30));
    while (ends.entrySet().stream().anyMatch(e -> reader.position(e.getKey()) < e.getValue())) {
      for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(100))) {
        if (r.key() != null) {
          sent.add(r.key());
        }
      }
    }
  }

  public boolean contains(String alertId) {
    return sent.contains(alertId);
  }

  /** Records the ids as sent, returning once the broker has acknowledged them. */
  public void record(Collection<String> alertIds, Instant at) {
    try {
      for (String id : alertIds) {
        writer.send(new ProducerRecord<>(TOPIC, id, at.toString())).get(30, TimeUnit.SECONDS);
        sent.add(id);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while recording sent alerts", e);
    } catch (ExecutionException | TimeoutException e) {
      // do not commit the alert offsets: the restart will find the ids missing and resend
      throw new IllegalStateException("Cannot record sent alerts " + alertIds, e);
    }
  }

  private static void ensureTopic(String bootstrapServers) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(TOPIC)) {
        return;
      }
      int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
      // one partition: every instance reads the whole log, and it is small (days of alert ids)
      NewTopic topic =
          new NewTopic(TOPIC, 1, (short) Math.min(3, brokers))
              .configs(
                  Map.of(
                      TopicConfig.CLEANUP_POLICY_CONFIG,
                      TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                      TopicConfig.RETENTION_MS_CONFIG,
                      String.valueOf(RETENTION.toMillis())));
      admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("Cannot create " + TOPIC, e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating " + TOPIC, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Cannot create " + TOPIC, e);
    }
  }

  @Override
  public synchronized void close() {
    writer.close(Duration.ofSeconds(5));
    reader.close(Duration.ofSeconds(5));
  }
}
