package io.backstride.alerts.notify;

import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicCreator;
import io.backstride.platform.topic.TopicFollower;
import io.backstride.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The alert ids the notifier has emailed, kept in the compacted topic {@code
 * notification-sent-log.v1} (key alert id, value the time sent) so that it survives restarts and is
 * shared by every notifier instance.
 *
 * <p>Order of a delivery: check here, send, {@link #record} (acknowledged by all in-sync replicas),
 * then commit the alert offsets. A crash after recording and before the commit re-reads the alert
 * and finds it here: no second email. The one window left is between the SMTP server accepting the
 * message and the record being acknowledged (milliseconds): a crash exactly there sends the email
 * again, with the same deterministic Message-ID, which mail clients show as one message. Losing an
 * alert is worse than that, so the id is not written before the send.
 *
 * <p>Retention and partitions are the topic's ({@link Topics#NOTIFICATION_SENT_LOG}). Ids recorded
 * under the log's old name, {@value Topics#LEGACY_SENT_LOG}, are read too, so that a cluster or a
 * local data directory from before the rename does not email its alerts again.
 */
public final class SentLog implements AutoCloseable {
  public static final String TOPIC = Topics.NOTIFICATION_SENT_LOG.name();

  /** How long {@link #catchUp} waits for the log's end before it gives up. */
  private static final Duration CATCH_UP = Duration.ofSeconds(60);

  private final TopicFollower<String> reader;
  private final KafkaProducer<String, String> writer;
  private final Set<String> sent = ConcurrentHashMap.newKeySet();

  public SentLog(KafkaConnection kafka) {
    List<String> topics = ensureTopic(kafka);
    this.reader =
        new TopicFollower<>(
            "sent-log",
            new KafkaConsumer<>(
                TopicFollower.consumerConfig(kafka, "notifier-sent-log"),
                new StringDeserializer(),
                new StringDeserializer()),
            topics,
            (alertId, sentAt) -> sent.add(alertId),
            "alerts sent by other instances or before a restart may be emailed again");
    Properties p = kafka.producerProperties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "notifier-sent-log");
    this.writer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    reader.start();
    catchUp();
  }

  /**
   * Waits until what other instances (or this one before a restart) recorded, up to the log's
   * current end, has been read. Called at start and whenever the notifier is given partitions,
   * before it reads alerts.
   *
   * @throws IllegalStateException when the log cannot be read to its end: going on would risk
   *     emailing alerts again
   */
  public void catchUp() {
    if (!reader.awaitCaughtUp(CATCH_UP)) {
      throw new IllegalStateException("Cannot read " + TOPIC + " to its end within " + CATCH_UP);
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

  /**
   * Creates the log if it is missing, and says which topics hold sent ids: the log, and the
   * unversioned one it replaced when that is still there.
   */
  private static List<String> ensureTopic(KafkaConnection kafka) {
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      TopicCreator.withBrokerDefaults(admin).ensure(List.of(Topics.NOTIFICATION_SENT_LOG));
      boolean legacy =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(Topics.LEGACY_SENT_LOG);
      return legacy ? List.of(TOPIC, Topics.LEGACY_SENT_LOG) : List.of(TOPIC);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot list the topics for " + TOPIC, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating " + TOPIC, e);
    }
  }

  @Override
  public void close() {
    writer.close(Duration.ofSeconds(5));
    reader.close();
  }
}
