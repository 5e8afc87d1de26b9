package io.backstride.alerts.notify;

import io.backstride.avro.BackPainRiskAlert;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The emails the notifier has in hand, each with its own next attempt time, and how far the alert
 * offsets may be committed. No Kafka and no SMTP here: the notifier asks what is due, tries it
 * once, and tells the queue what happened.
 *
 * <p>Why a schedule rather than a wait: an email whose attempts fail (a mailbox the server refuses)
 * backs off for seconds to minutes, and an email that waits for its trend waits up to the profile
 * wait; done inline on the notifier's one thread, each of those held every other athlete's email
 * back by as long. Here a waiting email only has a later due time, and the others go out in
 * between.
 *
 * <p>Offsets: a partition is committed up to its oldest alert still in hand (its email not yet
 * sent, skipped or given up on), or past everything read from it when none is. So an alert is never
 * committed before it is dealt with, and a restart reads again whatever was not; the sent log keeps
 * what was already sent from going out twice.
 */
final class DeliveryQueue {

  /**
   * One email to be: the alerts of one athlete and day, read from one partition.
   *
   * @param firstOffset the smallest offset among its alerts: commits stop before it
   * @param attempts sends tried and failed so far
   * @param dueAtNanos when to try next ({@link System#nanoTime()} scale)
   * @param waitForTrendUntilNanos until when a missing trend of its day is waited for
   * @param lastError why the last attempt failed, empty before any
   */
  record Delivery(
      long id,
      int partition,
      String athleteId,
      LocalDate date,
      Map<String, BackPainRiskAlert> alerts,
      long firstOffset,
      int attempts,
      long dueAtNanos,
      long waitForTrendUntilNanos,
      String lastError) {

    Delivery {
      alerts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(alerts));
    }

    Delivery retriedAt(long dueAt, int attempts, String error) {
      return new Delivery(
          id,
          partition,
          athleteId,
          date,
          alerts,
          firstOffset,
          attempts,
          dueAt,
          waitForTrendUntilNanos,
          error);
    }
  }

  private final Duration groupingDelay;
  private final Duration trendWait;
  private final Map<Long, Delivery> pending = new LinkedHashMap<>();

  /** When each email in hand was begun: its first alert read. */
  private final Map<Long, Long> begunAtNanos = new HashMap<>();

  /** Per partition, the offset after the last alert read. */
  private final Map<Integer, Long> readUpTo = new HashMap<>();

  private long nextId;

  /**
   * @param groupingDelay how long a new email waits for more alerts of its athlete and day
   * @param trendWait how long an email may wait for the trend of its day
   */
  DeliveryQueue(Duration groupingDelay, Duration trendWait) {
    this.groupingDelay = groupingDelay;
    this.trendWait = trendWait;
  }

  /**
   * Takes in a record read at {@code offset}; an alert joins the email of its athlete and day if
   * that has not been tried yet, else starts one, first tried after the grouping delay.
   *
   * @param alert {@code null} for a tombstone, which only moves the read position
   */
  void add(int partition, long offset, BackPainRiskAlert alert, long nowNanos) {
    readUpTo.merge(partition, offset + 1, Math::max);
    if (alert == null) {
      return;
    }
    for (Delivery d : pending.values()) {
      if (d.partition() == partition
          && d.attempts() == 0
          && d.lastError().isEmpty()
          && d.dueAtNanos() > nowNanos
          && d.athleteId().equals(alert.getAthleteId())
          && d.date().equals(alert.getDate())) {
        Map<String, BackPainRiskAlert> alerts = new LinkedHashMap<>(d.alerts());
        alerts.putIfAbsent(alert.getAlertId(), alert);
        pending.put(
            d.id(),
            new Delivery(
                d.id(),
                partition,
                d.athleteId(),
                d.date(),
                alerts,
                Math.min(d.firstOffset(), offset),
                0,
                d.dueAtNanos(),
                d.waitForTrendUntilNanos(),
                ""));
        return;
      }
    }
    long id = nextId++;
    begunAtNanos.put(id, nowNanos);
    pending.put(
        id,
        new Delivery(
            id,
            partition,
            alert.getAthleteId(),
            alert.getDate(),
            Map.of(alert.getAlertId(), alert),
            offset,
            0,
            nowNanos + groupingDelay.toNanos(),
            nowNanos + groupingDelay.toNanos() + trendWait.toNanos(),
            ""));
  }

  /** The emails due by {@code nowNanos}, soonest due first. */
  List<Delivery> due(long nowNanos) {
    List<Delivery> due = new ArrayList<>();
    for (Delivery d : pending.values()) {
      if (d.dueAtNanos() <= nowNanos) {
        due.add(d);
      }
    }
    due.sort(Comparator.comparingLong(Delivery::dueAtNanos));
    return due;
  }

  /** When the next email is due, or {@link Long#MAX_VALUE} when none is in hand. */
  long nextDueNanos() {
    long next = Long.MAX_VALUE;
    for (Delivery d : pending.values()) {
      next = Math.min(next, d.dueAtNanos());
    }
    return next;
  }

  /** The email is dealt with (sent, skipped, or on the failure topic): its alerts may commit. */
  void done(Delivery d) {
    pending.remove(d.id());
    begunAtNanos.remove(d.id());
  }

  /** The email is tried again at {@code dueAtNanos}. */
  void later(Delivery d, long dueAtNanos, int attempts, String error) {
    pending.put(d.id(), d.retriedAt(dueAtNanos, attempts, error));
  }

  /** Forgets the partitions given to another instance: it reads their uncommitted alerts again. */
  void revoke(Collection<Integer> partitions) {
    Set<Integer> gone = Set.copyOf(partitions);
    pending.values().removeIf(d -> gone.contains(d.partition()));
    begunAtNanos.keySet().retainAll(pending.keySet());
    readUpTo.keySet().removeAll(gone);
  }

  /** Per partition read from, the offset its alerts may be committed up to (exclusive). */
  Map<Integer, Long> committable() {
    Map<Integer, Long> offsets = new HashMap<>(readUpTo);
    for (Delivery d : pending.values()) {
      offsets.merge(d.partition(), d.firstOffset(), Math::min);
    }
    return offsets;
  }

  int size() {
    return pending.size();
  }

  /** When the oldest email in hand was begun (its first alert read); -1 with none in hand. */
  long oldestBegunAtNanos() {
    long oldest = -1;
    for (long begun : begunAtNanos.values()) {
      oldest = oldest < 0 ? begun : Math.min(oldest, begun);
    }
    return oldest;
  }

  /** The wait after the {@code failures}-th failed attempt: doubling from {@code first}, capped. */
  static Duration backoff(int failures, Duration first, Duration max) {
    Duration wait = first;
    for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) <= 0 ? wait : max;
  }
}
