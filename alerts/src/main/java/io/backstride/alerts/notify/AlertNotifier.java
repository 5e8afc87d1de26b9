package io.backstride.alerts.notify;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.schemas.Topics;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emails athletes their alerts. A consumer of {@code back-pain-alerts.v1} in a group of its own,
 * never a side effect inside a topology: a slow or failing SMTP server delays emails, not the
 * stream. Offsets are committed only after the emails of a poll are sent (at-least-once), and the
 * alert id recognises an alert already sent by this process.
 */
public final class AlertNotifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);

  /**
   * @param maxAttempts tries per email before giving up on it
   * @param firstBackoff wait after the first failure; doubles with every further one
   * @param profileWait how long to let the profile directory catch up before deciding that an
   *     athlete has no address
   */
  public record Settings(
      String groupId, int maxAttempts, Duration firstBackoff, Duration profileWait) {
    public static final Settings DEFAULTS =
        new Settings("backstride-notifier", 5, Duration.ofMillis(500), Duration.ofSeconds(5));
  }

  private final KafkaConsumer<String, BackPainRiskAlert> consumer;
  private final ProfileDirectory profiles;
  private final Notifier notifier;
  private final Settings settings;
  private final Set<String> sent = ConcurrentHashMap.newKeySet();
  private final AtomicLong emailsSent = new AtomicLong();
  private final AtomicLong alertsWithoutEmail = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  public AlertNotifier(
      String bootstrapServers,
      AvroSerdes avro,
      ProfileDirectory profiles,
      Notifier notifier,
      Settings settings) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // alerts come from an exactly-once application: never email one from an aborted transaction
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
    this.consumer =
        new KafkaConsumer<>(
            p, new StringDeserializer(), avro.value(Topics.BACK_PAIN_ALERTS).deserializer());
    this.profiles = profiles;
    this.notifier = notifier;
    this.settings = settings;
    this.thread = new Thread(this::run, "alert-notifier");
  }

  public AlertNotifier start() {
    thread.start();
    return this;
  }

  /** Emails sent since start. */
  public long emailsSent() {
    return emailsSent.get();
  }

  /** Alerts not emailed because the athlete has no address or turned notifications off. */
  public long alertsWithoutEmail() {
    return alertsWithoutEmail.get();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(Topics.BACK_PAIN_ALERTS.name()));
      while (running) {
        ConsumerRecords<String, BackPainRiskAlert> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, BackPainRiskAlert> r : records) {
          if (r.value() != null) {
            handle(r.value());
          }
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("Alert notifier stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void handle(BackPainRiskAlert alert) throws InterruptedException {
    if (sent.contains(alert.getAlertId())) {
      return;
    }
    Optional<AthleteContact> contact =
        profiles.lookup(alert.getAthleteId(), settings.profileWait());
    if (contact.isEmpty() || !contact.get().reachable()) {
      alertsWithoutEmail.incrementAndGet();
      LOG.info(
          "Alert {} stays on the topic only: no address or notifications off", alert.getAlertId());
      return;
    }
    Email email = AlertEmails.compose(alert, contact.get());
    Duration backoff = settings.firstBackoff();
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      try {
        notifier.send(email);
        sent.add(alert.getAlertId());
        emailsSent.incrementAndGet();
        return;
      } catch (NotificationException e) {
        LOG.warn(
            "Attempt {} to email alert {} failed: {}", attempt, alert.getAlertId(), e.getMessage());
        if (attempt < settings.maxAttempts()) {
          Thread.sleep(backoff.toMillis()); // back off while the mail server recovers
          backoff = backoff.multipliedBy(2);
        }
      }
    }
    LOG.error(
        "Gave up emailing alert {} after {} attempts", alert.getAlertId(), settings.maxAttempts());
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
