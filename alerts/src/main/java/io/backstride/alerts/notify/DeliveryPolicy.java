package io.backstride.alerts.notify;

import io.backstride.alerts.AlertsConfig.NotifierSettings;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.Rule;
import io.backstride.core.EmailAddresses;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What the notifier does with an email that is due, decided from what it knows at that moment: no
 * Kafka, no SMTP and no clock of its own, so every case is a unit test at a fixed instant. The
 * {@link AlertNotifier} looks the facts up, asks here, and carries the answer out; which emails are
 * due, and how alerts group into them, is the {@link DeliveryQueue}'s part.
 */
final class DeliveryPolicy {

  /** How often an email about a trend looks again for that trend. */
  static final long TREND_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /**
   * What the notifier knows about the athlete of a due email.
   *
   * @param contact the athlete's profile; empty when none was read within the profile wait
   * @param trendRead whether the trend of the email's day has been read (true when the notifier
   *     keeps no trends: there is nothing to wait for)
   * @param notesRead whether the pain reports of the email's day have been read (true when the
   *     notifier keeps no notes)
   */
  record Facts(Optional<AthleteContact> contact, boolean trendRead, boolean notesRead) {}

  /** What to do with a due email now. */
  sealed interface Decision {
    /** Its alerts are about days older than the freshness limit: they stay on the topic only. */
    record Stale() implements Decision {}

    /** The athlete has no address or turned notifications off: topic only. */
    record Unreachable() implements Decision {}

    /** The address can never work: to the failure topic without an attempt. */
    record Refused(String reason) implements Decision {}

    /** Not yet: the trend (for the chart) or the notes (to quote) may still be on their way. */
    record Wait(long untilNanos) implements Decision {}

    /**
     * Send it now.
     *
     * @param quoteNotes whether a pain report is among the alerts, whose notes the email quotes
     */
    record Send(AthleteContact contact, boolean quoteNotes) implements Decision {}
  }

  /** After a failed attempt: try again after a backoff, or give up. */
  sealed interface AfterFailure {
    record Retry(int attempts, Duration backoff) implements AfterFailure {}

    record GiveUp(int attempts) implements AfterFailure {}
  }

  private final NotifierSettings settings;

  DeliveryPolicy(NotifierSettings settings) {
    this.settings = settings;
  }

  /** The alerts of the email that the sent log does not have yet, by id. */
  static Map<String, BackPainRiskAlert> unsent(
      DeliveryQueue.Delivery d, Predicate<String> alreadySent) {
    Map<String, BackPainRiskAlert> unsent = new LinkedHashMap<>();
    d.alerts()
        .forEach(
            (id, a) -> {
              if (!alreadySent.test(id)) {
                unsent.put(id, a);
              }
            });
    return unsent;
  }

  /**
   * @param unsent the alerts still to email, none of them in the sent log
   * @param now the wall-clock time, for the athlete's today
   * @param nowNanos the same moment on the queue's ({@link System#nanoTime()}) scale
   */
  Decision decide(
      DeliveryQueue.Delivery d,
      Collection<BackPainRiskAlert> unsent,
      Facts facts,
      Instant now,
      long nowNanos) {
    LocalDate today = LocalDate.ofInstant(now, zone(facts.contact()));
    if (!fresh(d.date(), today, settings.maxAgeDays())) {
      return new Decision.Stale();
    }
    if (facts.contact().isEmpty() || !facts.contact().get().reachable()) {
      return new Decision.Unreachable();
    }
    AthleteContact contact = facts.contact().get();
    Optional<String> badAddress = EmailAddresses.problem(contact.email().get());
    if (badAddress.isPresent()) {
      return new Decision.Refused(badAddress.get()); // trying would only cost the retries
    }
    boolean painReported = unsent.stream().anyMatch(a -> a.getRule() == Rule.BACK_PAIN_REPORTED);
    // the trend and the report were written before the alerts about them, but their readers may
    // be behind: wait for them a little, never past the profile wait
    boolean waitForTrend = fromTrends(unsent) && !facts.trendRead();
    boolean waitForNotes = painReported && !facts.notesRead();
    if ((waitForTrend || waitForNotes) && nowNanos < d.waitForTrendUntilNanos()) {
      return new Decision.Wait(nowNanos + TREND_CHECK_NANOS);
    }
    return new Decision.Send(contact, painReported);
  }

  /** The answer to the email's {@code d.attempts() + 1}-th failed send. */
  AfterFailure afterFailure(DeliveryQueue.Delivery d) {
    int attempts = d.attempts() + 1;
    if (attempts >= settings.maxAttempts()) {
      return new AfterFailure.GiveUp(attempts);
    }
    return new AfterFailure.Retry(
        attempts, DeliveryQueue.backoff(attempts, settings.firstBackoff(), settings.maxBackoff()));
  }

  /** Whether an alert about {@code date} is recent enough to email on {@code today}. */
  static boolean fresh(LocalDate date, LocalDate today, int maxAgeDays) {
    return !date.isBefore(today.minusDays(maxAgeDays - 1L));
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

  /** The athlete's time zone, UTC when the profile names none that exists. */
  private static ZoneId zone(Optional<AthleteContact> contact) {
    try {
      return contact.map(c -> ZoneId.of(c.timeZone())).orElse(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }
}
