package io.backstride.alerts.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The notifier's meters. Counters for what became of each email; gauges that the loop refreshes
 * after every poll (it alone may touch the consumer), read by the scrape from another thread.
 *
 * <ul>
 *   <li>{@code backstride_emails_sent_total}, {@code backstride_emails_retried_total} (a failed
 *       attempt that will be tried again), {@code backstride_emails_failed_total{why}} ({@code
 *       gave_up} after every attempt, {@code refused} address): the last two go to {@code
 *       notification-failures.v1}
 *   <li>{@code backstride_notifier_lag_records}: alerts on the topic not yet read, over the
 *       notifier's partitions
 *   <li>{@code backstride_notifier_oldest_unsent_age_seconds}: how long the oldest alert read and
 *       not yet dealt with (sent, skipped or failed) has waited; 0 with none in hand
 *   <li>{@code backstride_notifier_emails_in_hand}: emails waiting (grouping, backoff, a trend)
 * </ul>
 */
public final class NotifierMeters {
  private final Counter sent;
  private final Counter retried;
  private final Counter gaveUp;
  private final Counter refused;
  private final AtomicLong lag = new AtomicLong();
  private final AtomicLong inHand = new AtomicLong();

  /** {@link System#nanoTime()} when the oldest alert in hand was read; -1: none in hand. */
  private final AtomicLong oldestReadAtNanos = new AtomicLong(-1);

  public NotifierMeters(MeterRegistry registry) {
    sent =
        Counter.builder("backstride.emails.sent")
            .description("Alert emails the SMTP server accepted")
            .register(registry);
    retried =
        Counter.builder("backstride.emails.retried")
            .description("Failed attempts to send an alert email that will be tried again")
            .register(registry);
    gaveUp = failed(registry, "gave_up");
    refused = failed(registry, "refused");
    Gauge.builder("backstride.notifier.lag", lag, AtomicLong::get)
        .description("Alerts on back-pain-alerts.v1 not yet read by the notifier")
        .baseUnit("records")
        .register(registry);
    Gauge.builder("backstride.notifier.emails.in.hand", inHand, AtomicLong::get)
        .description("Emails read and waiting: grouping, backoff, or the trend for the chart")
        .register(registry);
    Gauge.builder("backstride.notifier.oldest.unsent.age", this, NotifierMeters::oldestAgeSeconds)
        .description("How long the oldest alert read and not yet dealt with has waited")
        .baseUnit("seconds")
        .register(registry);
  }

  private static Counter failed(MeterRegistry registry, String why) {
    return Counter.builder("backstride.emails.failed")
        .description("Alert emails given up on, to notification-failures.v1")
        .tag("why", why)
        .register(registry);
  }

  /** Meters nobody reads: for a notifier run without a service around it. */
  public static NotifierMeters unread() {
    return new NotifierMeters(new SimpleMeterRegistry());
  }

  void sent() {
    sent.increment();
  }

  void retried() {
    retried.increment();
  }

  void gaveUp() {
    gaveUp.increment();
  }

  void refused() {
    refused.increment();
  }

  /** After a poll: the lag over the assignment, the emails in hand, when the oldest was read. */
  void refresh(long lagRecords, int emailsInHand, long oldestReadAt) {
    lag.set(lagRecords);
    inHand.set(emailsInHand);
    oldestReadAtNanos.set(oldestReadAt);
  }

  private double oldestAgeSeconds() {
    long since = oldestReadAtNanos.get();
    return since < 0 ? 0 : (System.nanoTime() - since) / (double) TimeUnit.SECONDS.toNanos(1);
  }
}
