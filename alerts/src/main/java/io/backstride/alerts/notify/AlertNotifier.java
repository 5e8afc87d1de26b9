package io.backstride.alerts.notify;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.NotificationFailure;
import io.backstride.core.load.Trend;
import io.backstride.schemas.EnvValues;
import io.backstride.schemas.StaticMembership;
import io.backstride.schemas.Topics;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emails athletes their alerts. A consumer of {@code back-pain-alerts.v1} in a group of its own,
 * never a side effect inside a topology: a slow or failing SMTP server delays emails, not the
 * stream. Writes {@code notification-failures.v1} (emails given up on) and {@value SentLog#TOPIC}
 * (emails sent).
 *
 * <p>One email per athlete and day: after a poll returns alerts the notifier keeps polling for a
 * short grouping delay (1 s by default) and then groups what it has by athlete and alert date. The
 * rules app writes the alerts of one trend or one report in one transaction, so they become visible
 * together and always land in one group; the delay also catches the alerts of the same day that the
 * other input (trends or symptom reports) raised moments apart. A longer hold would group more but
 * delay every email; an alert of the same day arriving hours later gets its own email rather than
 * waiting.
 *
 * <p>Delivery: only alerts about the athlete's last {@code maxAgeDays} days are emailed (a history
 * import or a replay stays on the topic); each alert id is checked against and recorded in the
 * {@link SentLog} before the offsets are committed, so a restart never emails twice; SMTP failures
 * are retried with exponential backoff, and after {@code maxAttempts} the alerts go to {@code
 * notification-failures.v1} and the offsets move on: nothing is dropped silently.
 */
public final class AlertNotifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);

  /**
   * @param maxAttempts tries per email before it goes to the failure topic
   * @param firstBackoff wait after the first failure; doubles with every further one ...
   * @param maxBackoff ... up to this
   * @param profileWait how long to let the profile directory (and the trend history) catch up
   *     before deciding that an athlete has no address (or no chart)
   * @param groupingDelay how long to keep collecting alerts after the first of a batch
   * @param maxAgeDays only alerts about the athlete's last this many days are emailed (3)
   * @param preferencesUrl the preferences link; {@code {id}} becomes the athlete id
   */
  public record Settings(
      String groupId,
      int maxAttempts,
      Duration firstBackoff,
      Duration maxBackoff,
      Duration profileWait,
      Duration groupingDelay,
      int maxAgeDays,
      String preferencesUrl) {
    public static final Settings DEFAULTS =
        new Settings(
            "backstride-notifier",
            6,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            3,
            AlertEmails.DEFAULT_PREFERENCES_URL);

    /**
     * Defaults overridden by {@code BACKSTRIDE_NOTIFY_MAX_AGE_DAYS}, {@code
     * BACKSTRIDE_NOTIFY_MAX_ATTEMPTS}, {@code BACKSTRIDE_NOTIFY_GROUPING_MS} and {@code
     * BACKSTRIDE_PREFERENCES_URL}.
     */
    public static Settings fromEnv(Map<String, String> env) {
      Settings d = DEFAULTS;
      return new Settings(
          d.groupId(),
          EnvValues.integer(env, "BACKSTRIDE_NOTIFY_MAX_ATTEMPTS", d.maxAttempts()),
          d.firstBackoff(),
          d.maxBackoff(),
          d.profileWait(),
          Duration.ofMillis(
              EnvValues.whole(env, "BACKSTRIDE_NOTIFY_GROUPING_MS", d.groupingDelay().toMillis())),
          EnvValues.integer(env, "BACKSTRIDE_NOTIFY_MAX_AGE_DAYS", d.maxAgeDays()),
          env.getOrDefault("BACKSTRIDE_PREFERENCES_URL", d.preferencesUrl()));
    }

    public Settings withRetries(int attempts, Duration first) {
      return new Settings(
          groupId,
          attempts,
          first,
          maxBackoff,
          profileWait,
          groupingDelay,
          maxAgeDays,
          preferencesUrl);
    }

    public Settings withGroupingDelay(Duration delay) {
      return new Settings(
          groupId,
          maxAttempts,
          firstBackoff,
          maxBackoff,
          profileWait,
          delay,
          maxAgeDays,
          preferencesUrl);
    }
  }

  private final KafkaConsumer<String, BackPainRiskAlert> consumer;
  private final KafkaProducer<String, byte[]> failures;
  private final AvroSerdes avro;
  private final ProfileDirectory profiles;
  private final TrendHistory trends;
  private final SentLog sentLog;
  private final Notifier notifier;
  private final Settings settings;
  private final Clock clock;
  private final AtomicLong emailsSent = new AtomicLong();
  private final AtomicLong alertsWithoutEmail = new AtomicLong();
  private final AtomicLong staleAlerts = new AtomicLong();
  private final AtomicLong alertsFailed = new AtomicLong();
  private final AtomicLong alreadySent = new AtomicLong();
  private final Object sleeper = new Object();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean halted;
  private volatile boolean assigned;

  public AlertNotifier(
      String bootstrapServers,
      AvroSerdes avro,
      ProfileDirectory profiles,
      TrendHistory trends,
      Notifier notifier,
      Settings settings,
      Clock clock) {
    this(bootstrapServers, avro, profiles, trends, notifier, settings, clock, null);
  }

  /**
   * @param groupInstanceId this instance's {@code group.instance.id} (static membership, see
   *     StaticMembership), so that a restart after a crash takes the old place in the group at
   *     once; null: a dynamic member
   */
  public AlertNotifier(
      String bootstrapServers,
      AvroSerdes avro,
      ProfileDirectory profiles,
      TrendHistory trends,
      Notifier notifier,
      Settings settings,
      Clock clock,
      String groupInstanceId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    if (groupInstanceId != null) {
      StaticMembership.apply(p, groupInstanceId);
    }
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // alerts come from an exactly-once application: never email one from an aborted transaction
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
    // the retries of one batch must fit in a poll interval: 6 attempts back off about a minute
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000);
    this.consumer =
        new KafkaConsumer<>(
            p, new StringDeserializer(), avro.value(Topics.BACK_PAIN_ALERTS).deserializer());
    Properties f = new Properties();
    f.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    f.put(ProducerConfig.ACKS_CONFIG, "all");
    f.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.failures = new KafkaProducer<>(f, new StringSerializer(), new ByteArraySerializer());
    this.avro = avro;
    this.sentLog = new SentLog(bootstrapServers);
    this.profiles = profiles;
    this.trends = trends;
    this.notifier = notifier;
    this.settings = settings;
    this.clock = clock;
    this.thread = new Thread(this::run, "alert-notifier");
  }

  public AlertNotifier start() {
    thread.start();
    return this;
  }

  /**
   * Whether the consumer has joined its group and been given its partitions (possibly none, when
   * other instances hold them all): from then on it reads alerts.
   */
  public boolean assigned() {
    return assigned;
  }

  /** Emails sent since start. */
  public long emailsSent() {
    return emailsSent.get();
  }

  /** Alerts not emailed because the athlete has no address or turned notifications off. */
  public long alertsWithoutEmail() {
    return alertsWithoutEmail.get();
  }

  /** Alerts not emailed because they are about days older than the freshness limit. */
  public long staleAlerts() {
    return staleAlerts.get();
  }

  /** Alerts written to the failure topic after every attempt failed. */
  public long alertsFailed() {
    return alertsFailed.get();
  }

  /** Alerts read again (a restart, a rebalance) and skipped because the sent log has them. */
  public long alreadySent() {
    return alreadySent.get();
  }

  /** Whether an alert about {@code date} is recent enough to email on {@code today}. */
  static boolean fresh(LocalDate date, LocalDate today, int maxAgeDays) {
    return !date.isBefore(today.minusDays(maxAgeDays - 1L));
  }

  private void run() {
    try {
      consumer.subscribe(
          List.of(Topics.BACK_PAIN_ALERTS.name()),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
              // another instance may have sent alerts of these partitions without committing
              sentLog.catchUp();
              assigned = true;
            }
          });
      while (running) {
        List<BackPainRiskAlert> batch = new ArrayList<>();
        consumer.poll(Duration.ofMillis(200)).forEach(r -> add(batch, r));
        if (batch.isEmpty()) {
          continue;
        }
        long until = System.nanoTime() + settings.groupingDelay().toNanos();
        while (running && System.nanoTime() < until) {
          long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()));
          consumer.poll(Duration.ofMillis(leftMs)).forEach(r -> add(batch, r));
        }
        handle(batch);
        if (halted) {
          return; // as after a kill: the offsets of this batch stay uncommitted
        }
        consumer.commitSync();
      }
    } catch (WakeupException e) {
      // closing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("Alert notifier stopped", e);
    } finally {
      // a static member stays in its group on a plain close; leaving lets the group rebalance now
      // (another instance, or this one started again) instead of after the session timeout
      consumer.close(
          halted
              ? CloseOptions.timeout(Duration.ZERO)
              : CloseOptions.groupMembershipOperation(
                      CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                  .withTimeout(Duration.ofSeconds(5)));
      failures.close(Duration.ofSeconds(5));
      sentLog.close();
    }
  }

  private static void add(
      List<BackPainRiskAlert> batch, ConsumerRecord<String, BackPainRiskAlert> r) {
    if (r.value() != null) {
      batch.add(r.value());
    }
  }

  private void handle(List<BackPainRiskAlert> batch) throws InterruptedException {
    Map<String, List<BackPainRiskAlert>> groups = new LinkedHashMap<>();
    for (BackPainRiskAlert a : batch) {
      groups.computeIfAbsent(a.getAthleteId() + "|" + a.getDate(), k -> new ArrayList<>()).add(a);
    }
    for (List<BackPainRiskAlert> group : groups.values()) {
      handleGroup(group);
      if (halted) {
        return;
      }
    }
  }

  private void handleGroup(List<BackPainRiskAlert> alerts) throws InterruptedException {
    Map<String, BackPainRiskAlert> unsent = new LinkedHashMap<>();
    for (BackPainRiskAlert a : alerts) {
      if (sentLog.contains(a.getAlertId())) {
        alreadySent.incrementAndGet();
      } else {
        unsent.putIfAbsent(a.getAlertId(), a);
      }
    }
    if (unsent.isEmpty()) {
      return;
    }
    BackPainRiskAlert first = alerts.get(0);
    Optional<AthleteContact> contact =
        profiles.lookup(first.getAthleteId(), settings.profileWait());
    LocalDate today = LocalDate.now(clock.withZone(zone(contact)));
    if (!fresh(first.getDate(), today, settings.maxAgeDays())) {
      staleAlerts.addAndGet(unsent.size());
      LOG.info(
          "Alerts {} are about {}, older than {} days: topic only",
          unsent.keySet(),
          first.getDate(),
          settings.maxAgeDays());
      return;
    }
    if (contact.isEmpty() || !contact.get().reachable()) {
      alertsWithoutEmail.addAndGet(unsent.size());
      LOG.info(
          "Alerts {} stay on the topic only: no address or notifications off", unsent.keySet());
      return;
    }
    List<Trend> history =
        trends == null
            ? List.of()
            : trends.upTo(first.getAthleteId(), first.getDate(), settings.profileWait());
    Email email =
        AlertEmails.compose(
            List.copyOf(unsent.values()), contact.get(), history, settings.preferencesUrl());
    Duration backoff = settings.firstBackoff();
    String lastError = "";
    for (int attempt = 1; attempt <= settings.maxAttempts() && running; attempt++) {
      try {
        notifier.send(email);
        sentLog.record(unsent.keySet(), clock.instant());
        emailsSent.incrementAndGet();
        return;
      } catch (NotificationException e) {
        lastError = e.getMessage();
        LOG.warn("Attempt {} to email alerts {} failed: {}", attempt, unsent.keySet(), lastError);
        if (attempt < settings.maxAttempts()) {
          pause(backoff); // back off while the mail server recovers
          backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
        }
      }
    }
    if (!running) {
      return; // closing: the offsets are not committed, the next start tries again
    }
    LOG.error(
        "Gave up emailing alerts {} after {} attempts: to {}",
        unsent.keySet(),
        settings.maxAttempts(),
        Topics.NOTIFICATION_FAILURES.name());
    for (BackPainRiskAlert a : unsent.values()) {
      fail(a, lastError);
    }
  }

  private void fail(BackPainRiskAlert a, String reason) {
    NotificationFailure failure =
        NotificationFailure.newBuilder()
            .setAlertId(a.getAlertId())
            .setAthleteId(a.getAthleteId())
            .setRule(a.getRule().name())
            .setDate(a.getDate())
            .setAttempts(settings.maxAttempts())
            .setReason(reason == null ? "" : reason)
            .setFailedAt(clock.instant())
            .build();
    String topic = Topics.NOTIFICATION_FAILURES.name();
    byte[] value = avro.value(Topics.NOTIFICATION_FAILURES).serializer().serialize(topic, failure);
    try {
      failures.send(new ProducerRecord<>(topic, a.getAthleteId(), value)).get(30, TimeUnit.SECONDS);
      alertsFailed.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while recording a failed alert", e);
    } catch (ExecutionException | TimeoutException e) {
      // without the failure record the offsets must not move on: stop, the restart retries
      throw new IllegalStateException("Cannot record failed alert " + a.getAlertId(), e);
    }
  }

  private static ZoneId zone(Optional<AthleteContact> contact) {
    try {
      return contact.map(c -> ZoneId.of(c.timeZone())).orElse(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private void pause(Duration d) throws InterruptedException {
    long until = System.nanoTime() + d.toNanos();
    synchronized (sleeper) {
      while (running && System.nanoTime() < until) {
        sleeper.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
      }
    }
  }

  /**
   * Stops at once, as a crash would: the batch in hand is neither finished nor committed. For tests
   * of what a restart does after a kill.
   */
  public void halt() {
    halted = true;
    running = false;
    synchronized (sleeper) {
      sleeper.notifyAll();
    }
  }

  @Override
  public void close() {
    running = false;
    synchronized (sleeper) {
      sleeper.notifyAll();
    }
    try {
      consumer.wakeup();
    } catch (RuntimeException alreadyClosed) {
      // the thread has ended (halted) and closed its consumer
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
