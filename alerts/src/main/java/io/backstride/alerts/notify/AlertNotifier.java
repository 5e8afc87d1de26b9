package io.backstride.alerts.notify;

import io.backstride.alerts.AlertsConfig.NotifierSettings;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.NotificationFailure;
import io.backstride.core.load.Trend;
import io.backstride.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emails athletes their alerts. A consumer of {@code back-pain-alerts.v1} in a group of its own,
 * never a side effect inside a topology: a slow or failing SMTP server delays emails, not the
 * stream. Writes {@code notification-failures.v1} (emails given up on) and {@code
 * notification-sent-log.v1} (emails sent).
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
 * <p>The loop is handed its clients ({@link NotifierClients}) and its {@link Notifier} port, and
 * asks the {@link DeliveryPolicy} what to do with each due email: this class only carries out the
 * answers, on the one thread that may touch the consumer.
 *
 * <p>Delivery: only alerts about the athlete's last {@code maxAgeDays} days are emailed (a history
 * import or a replay stays on the topic); an address is checked ({@code EmailAddresses}) before it
 * is sent to, and one that can never work goes to the failure topic at once; each alert id is
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

  /** Emails in hand beyond which no more alerts are read for now. */
  private static final int MAX_IN_HAND = 1_000;

  private final Consumer<String, BackPainRiskAlert> consumer;
  private final Producer<String, NotificationFailure> failures;
  private final SentLog sentLog;
  private final ProfileDirectory profiles;
  private final TrendHistory trends;
  private final SymptomNotes notes;
  private final Notifier notifier;
  private final NotifierSettings settings;
  private final DeliveryPolicy policy;
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
  private volatile boolean assigned;
  private volatile NotifierMeters meters = NotifierMeters.unread();

  /**
   * @param clients what the notifier reads and writes through; it owns and closes them
   * @param trends the athletes' recent trends, for the chart; null: no chart
   * @param notes what the athletes wrote with their pain reports, quoted back in the email about
   *     the report; null: no notes
   */
  public AlertNotifier(
      NotifierClients clients,
      ProfileDirectory profiles,
      TrendHistory trends,
      SymptomNotes notes,
      Notifier notifier,
      NotifierSettings settings,
      Clock clock) {
    this.consumer = clients.alerts();
    this.failures = clients.failures();
    this.sentLog = clients.sentLog();
    this.profiles = profiles;
    this.trends = trends;
    this.notes = notes;
    this.notifier = notifier;
    this.settings = settings;
    this.policy = new DeliveryPolicy(settings);
    this.clock = clock;
    this.queue = new DeliveryQueue(settings.groupingDelay(), settings.profileWait());
    this.thread = new Thread(this::run, "alert-notifier");
  }

  /**
   * Counts in {@code meters} from now on (see {@link NotifierMeters}); call before {@link #start}.
   */
  public AlertNotifier countingIn(NotifierMeters meters) {
    this.meters = meters;
    return this;
  }

  public AlertNotifier start() {
    thread.start();
    return this;
  }

  /**
   * Whether the loop is at work: started and not stopped (closed, or ended by an error it logged).
   * False before {@link #start}.
   */
  public boolean alive() {
    return thread.isAlive() && running;
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

  private void run() {
    try {
      consumer.subscribe(
          List.of(Topics.BACK_PAIN_ALERTS.name()),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
              // what is dealt with is committed (also when closing); the rest the next owner reads
              // again
              commit();
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
          if (!running) {
            break;
          }
        }
        commit();
        throttle();
        refreshMeters();
      }
      commitOnClose();
    } catch (WakeupException e) {
      commitOnClose();
    } catch (RuntimeException e) {
      // also a consumer closed under the loop, as a crash leaves it: nothing more is committed
      LOG.error("Alert notifier stopped", e);
    } finally {
      closeClients();
    }
  }

  /** The gauges the scrape reads: lag over the assignment, emails in hand and the oldest's age. */
  private void refreshMeters() {
    long lag = 0;
    try {
      for (TopicPartition tp : consumer.assignment()) {
        // from the last fetch's metadata, without a call to the broker; unknown before one
        lag += consumer.currentLag(tp).orElse(0);
      }
    } catch (RuntimeException e) {
      lag = -1; // a consumer that cannot tell (a test's mock): shown as -1, not as no lag
    }
    meters.refresh(lag, queue.size(), queue.oldestBegunAtNanos());
  }

  private void closeClients() {
    // a static member stays in its group on a plain close; leaving lets the group rebalance now
    // (another instance, or this one started again) instead of after the session timeout
    consumer.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(5)));
    failures.close(Duration.ofSeconds(5));
    sentLog.close();
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
    Map<String, BackPainRiskAlert> unsent = DeliveryPolicy.unsent(d, sentLog::contains);
    alreadySent.addAndGet(d.alerts().size() - unsent.size());
    if (unsent.isEmpty()) {
      queue.done(d);
      return;
    }
    DeliveryPolicy.Facts facts =
        new DeliveryPolicy.Facts(
            profiles.lookup(d.athleteId(), settings.profileWait()),
            trends == null || trends.has(d.athleteId(), d.date()),
            notes == null || notes.has(d.athleteId(), d.date()));
    DeliveryPolicy.Decision decision =
        policy.decide(d, unsent.values(), facts, clock.instant(), System.nanoTime());
    if (decision instanceof DeliveryPolicy.Decision.Wait wait) {
      queue.later(d, wait.untilNanos(), d.attempts(), d.lastError());
      return;
    }
    if (decision instanceof DeliveryPolicy.Decision.Send send) {
      send(d, unsent, send);
      return;
    }
    if (decision instanceof DeliveryPolicy.Decision.Stale) {
      staleAlerts.addAndGet(unsent.size());
      LOG.info(
          "Alerts {} are about {}, older than {} days: topic only",
          unsent.keySet(),
          d.date(),
          settings.maxAgeDays());
    } else if (decision instanceof DeliveryPolicy.Decision.Unreachable) {
      alertsWithoutEmail.addAndGet(unsent.size());
      LOG.info(
          "Alerts {} stay on the topic only: no address or notifications off", unsent.keySet());
    } else if (decision instanceof DeliveryPolicy.Decision.Refused refused) {
      LOG.error(
          "Not emailing alerts {}: the profile's address is not one plain mailbox ({})",
          unsent.keySet(),
          refused.reason());
      fail(unsent.values(), d.attempts(), "address refused before sending: " + refused.reason());
      meters.refused();
    }
    queue.done(d);
  }

  private void send(
      DeliveryQueue.Delivery d,
      Map<String, BackPainRiskAlert> unsent,
      DeliveryPolicy.Decision.Send send) {
    List<Trend> history =
        trends == null ? List.of() : trends.upTo(d.athleteId(), d.date(), Duration.ZERO);
    Map<LocalDate, String> written =
        notes == null || !send.quoteNotes()
            ? Map.of()
            : notes.on(d.athleteId(), d.date(), Duration.ZERO);
    Email email =
        AlertEmails.compose(
            List.copyOf(unsent.values()),
            send.contact(),
            history,
            written,
            settings.preferencesUrl(),
            settings.links(),
            clock.instant());
    try {
      notifier.send(email);
    } catch (NotificationException e) {
      String error = e.getMessage() == null ? "" : e.getMessage();
      DeliveryPolicy.AfterFailure next = policy.afterFailure(d);
      if (next instanceof DeliveryPolicy.AfterFailure.Retry retry) {
        LOG.warn(
            "Attempt {} to email alerts {} failed, next in {}: {}",
            retry.attempts(),
            unsent.keySet(),
            retry.backoff(),
            error);
        queue.later(d, System.nanoTime() + retry.backoff().toNanos(), retry.attempts(), error);
        meters.retried();
        return;
      }
      int attempts = ((DeliveryPolicy.AfterFailure.GiveUp) next).attempts();
      LOG.error(
          "Gave up emailing alerts {} after {} attempts: to {}",
          unsent.keySet(),
          attempts,
          Topics.NOTIFICATION_FAILURES.name());
      fail(unsent.values(), attempts, error);
      meters.gaveUp();
      queue.done(d);
      return;
    }
    sentLog.record(unsent.keySet(), clock.instant());
    emailsSent.incrementAndGet();
    meters.sent();
    // the athlete id only: the address and the email's content stay out of the log
    LOG.info("emailed alerts {} to athlete {}", unsent.keySet(), d.athleteId());
    queue.done(d);
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
    try {
      failures
          .send(
              new ProducerRecord<>(Topics.NOTIFICATION_FAILURES.name(), a.getAthleteId(), failure))
          .get(30, TimeUnit.SECONDS);
      alertsFailed.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while recording a failed alert", e);
    } catch (ExecutionException | TimeoutException e) {
      // without the failure record the offsets must not move on: stop, the restart retries
      throw new IllegalStateException("Cannot record failed alert " + a.getAlertId(), e);
    }
  }

  /**
   * Stops the loop: what was dealt with is committed, the clients are closed and the consumer
   * leaves its group. A notifier never started closes its clients here.
   */
  @Override
  public void close() {
    running = false;
    if (thread.getState() == Thread.State.NEW) {
      closeClients();
      return;
    }
    try {
      consumer.wakeup();
    } catch (RuntimeException alreadyClosed) {
      // the loop has ended and closed its consumer
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
