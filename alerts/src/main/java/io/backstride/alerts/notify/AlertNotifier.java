package io.backstride.alerts.notify;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.NotificationFailure;
import io.backstride.avro.Rule;
import io.backstride.core.EmailAddresses;
import io.backstride.core.load.Trend;
import io.backstride.platform.EnvValues;
import io.backstride.platform.StaticMembership;
import io.backstride.schemas.Topics;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
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
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
 * <p>One email per athlete and day: a new alert waits a short grouping delay (1 s by default) for
 * the other alerts of its athlete and day. The rules app writes the alerts of one trend or one
 * report in one transaction, so they become visible together and always land in one email; the
 * delay also catches the alerts of the same day that the other input (trends or symptom reports)
 * raised moments apart. A longer hold would group more but delay every email; an alert of the same
 * day arriving later gets its own email rather than waiting.
 *
 * <p>One athlete never holds up another: every email has its own schedule in a {@link
 * DeliveryQueue}, and the loop tries, once each, whichever are due, between polls. A failed send is
 * tried again after an exponential backoff, an email about a trend waits for that trend (for the
 * chart) up to the profile wait, and meanwhile every other email goes out. Emails about a symptom
 * report do not wait for a trend at all: none is coming for them.
 *
 * <p>Delivery: only alerts about the athlete's last {@code maxAgeDays} days are emailed (a history
 * import or a replay stays on the topic); an address is checked with {@link EmailAddresses} before
 * it is sent to, and one that can never work goes to the failure topic at once; each alert id is
 * checked against and recorded in the {@link SentLog}, and an offset is committed only once every
 * alert before it has been dealt with, so a restart never emails twice and never skips one; after
 * {@code maxAttempts} failed sends the alerts go to {@code notification-failures.v1}: nothing is
 * dropped silently.
 */
public final class AlertNotifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);

  /** The longest poll: how late a newly due email can be tried. */
  private static final long MAX_POLL_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  /**
   * How long the loop may spend on attempts before it polls again (the rest stay due): attempts are
   * bounded by the SMTP timeouts, but many in a row against a stalled server must not outlast the
   * consumer's poll interval and cost the group membership.
   */
  private static final long MAX_BETWEEN_POLLS_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** How often an email about a trend looks again for that trend. */
  private static final long TREND_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** Emails in hand beyond which no more alerts are read for now. */
  private static final int MAX_IN_HAND = 1_000;

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
  private final SymptomNotes notes;
  private final SentLog sentLog;
  private final Notifier notifier;
  private final Settings settings;
  private final Clock clock;
  private final AtomicLong emailsSent = new AtomicLong();
  private final AtomicLong alertsWithoutEmail = new AtomicLong();
  private final AtomicLong staleAlerts = new AtomicLong();
  private final AtomicLong alertsFailed = new AtomicLong();
  private final AtomicLong alreadySent = new AtomicLong();
  private final DeliveryQueue queue;
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean halted;
  private volatile boolean assigned;

  /** A notifier whose pain emails quote no notes. */
  public AlertNotifier(
      String bootstrapServers,
      AvroSerdes avro,
      ProfileDirectory profiles,
      TrendHistory trends,
      Notifier notifier,
      Settings settings,
      Clock clock) {
    this(bootstrapServers, avro, profiles, trends, null, notifier, settings, clock, null);
  }

  /**
   * @param trends the athletes' recent trends, for the chart; null: no chart
   * @param notes what the athletes wrote with their pain reports, quoted back in the email about
   *     the report; null: no notes
   * @param groupInstanceId this instance's {@code group.instance.id} (static membership, see
   *     StaticMembership), so that a restart after a crash takes the old place in the group at
   *     once; null: a dynamic member
   */
  public AlertNotifier(
      String bootstrapServers,
      AvroSerdes avro,
      ProfileDirectory profiles,
      TrendHistory trends,
      SymptomNotes notes,
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
    // the loop polls between single attempts, each bounded by the SMTP timeouts (seconds); an
    // email in a long backoff does not hold the poll, so the default poll interval is plenty
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
    this.notes = notes;
    this.notifier = notifier;
    this.settings = settings;
    this.clock = clock;
    this.queue = new DeliveryQueue(settings.groupingDelay(), settings.profileWait());
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
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
              // what is dealt with is committed; the rest the next owner reads again (also
              // called by close, where a halt, as a crash would, leaves everything uncommitted)
              if (!halted) {
                commit();
              }
              queue.revoke(numbers(partitions));
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
              queue.revoke(numbers(partitions)); // no longer ours: nothing can be committed
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
              // another instance may have sent alerts of these partitions without committing
              sentLog.catchUp();
              assigned = true;
            }
          });
      while (running) {
        long waitNanos =
            queue.size() == 0
                ? MAX_POLL_WAIT_NANOS
                : Math.min(queue.nextDueNanos() - System.nanoTime(), MAX_POLL_WAIT_NANOS);
        ConsumerRecords<String, BackPainRiskAlert> records =
            consumer.poll(Duration.ofNanos(Math.max(0, waitNanos)));
        long now = System.nanoTime();
        for (ConsumerRecord<String, BackPainRiskAlert> r : records) {
          queue.add(r.partition(), r.offset(), r.value(), now);
        }
        long pollAgainAt = System.nanoTime() + MAX_BETWEEN_POLLS_NANOS;
        for (DeliveryQueue.Delivery d : queue.due(System.nanoTime())) {
          if (System.nanoTime() > pollAgainAt) {
            break; // a stalled server makes every attempt slow: stay within the poll interval
          }
          attempt(d);
          if (halted) {
            return; // as after a kill: nothing more is committed
          }
          if (!running) {
            break;
          }
        }
        commit();
        throttle();
      }
      commitOnClose();
    } catch (WakeupException e) {
      if (!halted) {
        commitOnClose();
      }
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

  private static List<Integer> numbers(Collection<TopicPartition> partitions) {
    return partitions.stream().map(TopicPartition::partition).toList();
  }

  /** Closing: commits what was dealt with; the rest is read again at the next start. */
  private void commitOnClose() {
    try {
      commit();
    } catch (RuntimeException e) {
      // the sent log keeps the alerts sent since the last commit from going out again
      LOG.warn("Could not commit the alerts dealt with before closing: {}", e.toString());
    }
  }

  /** Commits every partition up to its oldest alert still in hand, when that moved. */
  private void commit() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    queue
        .committable()
        .forEach(
            (partition, offset) -> {
              TopicPartition tp = new TopicPartition(Topics.BACK_PAIN_ALERTS.name(), partition);
              Long done = committed.get(tp);
              if (done == null || offset > done) {
                offsets.put(tp, new OffsetAndMetadata(offset));
              }
            });
    if (offsets.isEmpty()) {
      return;
    }
    consumer.commitSync(offsets);
    offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
  }

  /**
   * Stops reading while too many emails are in hand (a mail server down for everyone), so that
   * memory stays bounded; the alerts wait on the topic instead.
   */
  private void throttle() {
    if (queue.size() >= MAX_IN_HAND && consumer.paused().isEmpty()) {
      LOG.warn("{} emails in hand: not reading more alerts until some are dealt with", MAX_IN_HAND);
      consumer.pause(consumer.assignment());
    } else if (queue.size() < MAX_IN_HAND / 2 && !consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  /** One try at one email: it is then dealt with, or due again later. */
  private void attempt(DeliveryQueue.Delivery d) {
    Map<String, BackPainRiskAlert> unsent = new LinkedHashMap<>();
    for (BackPainRiskAlert a : d.alerts().values()) {
      if (sentLog.contains(a.getAlertId())) {
        alreadySent.incrementAndGet();
      } else {
        unsent.put(a.getAlertId(), a);
      }
    }
    if (unsent.isEmpty()) {
      queue.done(d);
      return;
    }
    Optional<AthleteContact> contact = profiles.lookup(d.athleteId(), settings.profileWait());
    LocalDate today = LocalDate.now(clock.withZone(zone(contact)));
    if (!fresh(d.date(), today, settings.maxAgeDays())) {
      staleAlerts.addAndGet(unsent.size());
      LOG.info(
          "Alerts {} are about {}, older than {} days: topic only",
          unsent.keySet(),
          d.date(),
          settings.maxAgeDays());
      queue.done(d);
      return;
    }
    if (contact.isEmpty() || !contact.get().reachable()) {
      alertsWithoutEmail.addAndGet(unsent.size());
      LOG.info(
          "Alerts {} stay on the topic only: no address or notifications off", unsent.keySet());
      queue.done(d);
      return;
    }
    Optional<String> badAddress = EmailAddresses.problem(contact.get().email().get());
    if (badAddress.isPresent()) {
      // no attempt can succeed: trying would only cost the retries
      LOG.error(
          "Not emailing alerts {}: the profile's address is not one plain mailbox ({})",
          unsent.keySet(),
          badAddress.get());
      fail(unsent.values(), d.attempts(), "address refused before sending: " + badAddress.get());
      queue.done(d);
      return;
    }
    long now = System.nanoTime();
    if (trends != null
        && fromTrends(unsent.values())
        && !trends.has(d.athleteId(), d.date())
        && now < d.waitForTrendUntilNanos()) {
      // the trend was written before the alert, but the history's reader may be behind
      queue.later(d, now + TREND_CHECK_NANOS, d.attempts(), d.lastError());
      return;
    }
    boolean painReported =
        unsent.values().stream().anyMatch(a -> a.getRule() == Rule.BACK_PAIN_REPORTED);
    if (notes != null
        && painReported
        && !notes.has(d.athleteId(), d.date())
        && now < d.waitForTrendUntilNanos()) {
      // the report was written before the alert about it, but the notes' reader may be behind
      queue.later(d, now + TREND_CHECK_NANOS, d.attempts(), d.lastError());
      return;
    }
    List<Trend> history =
        trends == null ? List.of() : trends.upTo(d.athleteId(), d.date(), Duration.ZERO);
    Map<LocalDate, String> written =
        notes == null || !painReported
            ? Map.of()
            : notes.on(d.athleteId(), d.date(), Duration.ZERO);
    Email email =
        AlertEmails.compose(
            List.copyOf(unsent.values()),
            contact.get(),
            history,
            written,
            settings.preferencesUrl());
    try {
      notifier.send(email);
    } catch (NotificationException e) {
      int attempts = d.attempts() + 1;
      String error = e.getMessage() == null ? "" : e.getMessage();
      if (attempts >= settings.maxAttempts()) {
        LOG.error(
            "Gave up emailing alerts {} after {} attempts: to {}",
            unsent.keySet(),
            attempts,
            Topics.NOTIFICATION_FAILURES.name());
        fail(unsent.values(), attempts, error);
        queue.done(d);
        return;
      }
      Duration backoff =
          DeliveryQueue.backoff(attempts, settings.firstBackoff(), settings.maxBackoff());
      LOG.warn(
          "Attempt {} to email alerts {} failed, next in {}: {}",
          attempts,
          unsent.keySet(),
          backoff,
          error);
      queue.later(d, System.nanoTime() + backoff.toNanos(), attempts, error);
      return;
    }
    sentLog.record(unsent.keySet(), clock.instant());
    emailsSent.incrementAndGet();
    queue.done(d);
  }

  /**
   * Whether any of the alerts was raised by a trend, whose chart the email shows; the reports'
   * rules fire on a report, for which no trend is coming.
   */
  private static boolean fromTrends(Collection<BackPainRiskAlert> alerts) {
    return alerts.stream()
        .anyMatch(
            a -> a.getRule() != Rule.BACK_PAIN_REPORTED && a.getRule() != Rule.RECURRING_BACK_PAIN);
  }

  private void fail(Collection<BackPainRiskAlert> alerts, int attempts, String reason) {
    for (BackPainRiskAlert a : alerts) {
      fail(a, attempts, reason);
    }
  }

  private void fail(BackPainRiskAlert a, int attempts, String reason) {
    NotificationFailure failure =
        NotificationFailure.newBuilder()
            .setAlertId(a.getAlertId())
            .setAthleteId(a.getAthleteId())
            .setRule(a.getRule().name())
            .setDate(a.getDate())
            .setAttempts(attempts)
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

  /**
   * Stops at once, as a crash would: the batch in hand is neither finished nor committed. For tests
   * of what a restart does after a kill.
   */
  public void halt() {
    halted = true;
    running = false;
  }

  @Override
  public void close() {
    running = false;
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
