package io.backstride.streams;

import io.backstride.avro.ActivitySummary;
import io.backstride.core.Sample;
import io.backstride.core.SampleBatch;
import io.backstride.core.activity.ActivityMetrics;
import io.backstride.schemas.ActivityKey;
import io.backstride.schemas.codec.ActivitySummaryCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the sample batches of each activity into running totals and emits the activity's summary
 * when its final batch arrives, or when no batch has come for the idle time (a live sync that never
 * says final). Batches of one athlete share a partition (the topic is keyed by athlete), so the
 * per-activity state needs no repartition.
 *
 * <p>Inactivity is measured in wall-clock time, not stream time: stream time advances only when
 * records arrive on the partition, so the last run of a quiet partition would never complete if it
 * waited for stream time; "the watch stopped sending" is a statement about the clock on the wall.
 * The arrival time is kept in the state, so a restart or a failover keeps the deadline.
 *
 * <p>A file upload's batches carry its upload id, and every summary sent is one whole upload: two
 * uploads of the same file posted at once interleave their batches in the partition (same activity
 * id, same numbers), and the one whose batch 0 came last replaces the other, whose remaining
 * batches are ignored, also after the winner has finished (the finished activity stays in the store
 * as a closed record for the idle time).
 */
final class ActivityAssembler implements Processor<String, SampleBatch, String, ActivitySummary> {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityAssembler.class);

  /** How often open activities are checked; an activity completes at most this late. */
  private static final Duration CHECK_EVERY = Duration.ofMinutes(1);

  private final Duration idle;
  private final TrainingLoadMeters meters;
  private ProcessorContext<String, ActivitySummary> context;
  private KeyValueStore<String, OpenActivity> open;
  private long watchingSinceMs;

  /**
   * No open activity can be idle before this wall-clock time: the earliest deadline the last scan
   * saw, or, for what was written since, that scan's time plus the idle time. Until then a scan
   * would decode every open record (most of them closed records of finished uploads) to find
   * nothing. Only ever a lower bound: a deadline is never missed, at worst a scan finds nothing.
   */
  private long noneIdleBeforeMs;

  ActivityAssembler(Duration idle, TrainingLoadMeters meters) {
    this.idle = idle;
    this.meters = meters;
  }

  @Override
  public void init(ProcessorContext<String, ActivitySummary> context) {
    this.context = context;
    this.open = context.getStateStore(StoreNames.OPEN_ACTIVITIES);
    this.watchingSinceMs = context.currentSystemTimeMs();
    // every deadline counts from watchingSinceMs at the earliest (see OpenActivity.idleAt)
    this.noneIdleBeforeMs = watchingSinceMs + idle.toMillis();
    Duration every = idle.compareTo(CHECK_EVERY) < 0 ? idle : CHECK_EVERY;
    context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::completeIdle);
  }

  @Override
  public void process(Record<String, SampleBatch> record) {
    SampleBatch batch = record.value();
    if (batch == null) {
      return;
    }
    String key = ActivityKey.of(batch.athleteId(), batch.activityId()).key();
    List<Sample> samples = batch.samples();
    long now = context.currentSystemTimeMs();
    OpenActivity activity = open.get(key);
    boolean stored = activity != null;
    OpenActivity.Fit fit =
        activity == null ? firstFit(batch) : activity.fit(batch.uploadId(), batch.seq(), samples);
    if (fit == OpenActivity.Fit.STRAY) {
      LOG.info(
          "Ignoring batch {} of {} from upload {}: another upload of it began later",
          batch.seq(),
          key,
          batch.uploadId());
      return;
    }
    if (fit == OpenActivity.Fit.RESTART) {
      // a new activity, or batch 0 of a re-upload, which replaces what an earlier one built: a
      // version in the making is discarded, a finished one is replaced by this one when it is whole
      activity =
          OpenActivity.start(
              batch.athleteId(),
              batch.activityId(),
              batch.sport().orElse(null),
              batch.source(),
              batch.uploadId(),
              now);
    }
    OpenActivity next = activity.accept(batch.seq(), batch.last(), samples, now);
    if (next == activity) {
      LOG.debug("Ignoring batch {} of {}: already applied", batch.seq(), key);
      return;
    }
    if (!next.finished()) {
      open.put(key, next);
      return;
    }
    if (next.uploadId() != null) {
      // kept as the record of which upload made the version sent, until it has been quiet for
      // the idle time: a straggler of a replaced upload is then recognised (see completeIdle)
      open.put(key, next.closed(now));
    } else if (stored) {
      open.delete(key); // a one-batch post never touched the store: no tombstone to write
    }
    emit(key, next, TrainingLoadMeters.FINAL_BATCH);
  }

  /**
   * What the first batch seen of an activity does: a file upload can only begin with its batch 0
   * (its batches are written in order by one producer), so any other batch is a straggler of an
   * upload that an earlier one replaced, and would start a version without its beginning; a live
   * sync's batches may overtake each other and start the activity with any of them.
   */
  private static OpenActivity.Fit firstFit(SampleBatch batch) {
    return batch.uploadId() != null && batch.seq() != 0
        ? OpenActivity.Fit.STRAY
        : OpenActivity.Fit.RESTART;
  }

  /**
   * Completes the live activities whose sync went quiet, with whatever batches did arrive; lets go
   * of closed records once they have been quiet as long; and drops a file upload that never sent
   * its final batch: its client was told the upload failed, and its part would replace a whole
   * version with a fragment.
   */
  private void completeIdle(long now) {
    if (now < noneIdleBeforeMs) {
      return;
    }
    long idleMs = idle.toMillis();
    // a batch from now on is stamped now or later, so it cannot be idle before now + idle
    long earliestDeadline = now + idleMs;
    List<KeyValue<String, OpenActivity>> quiet = new ArrayList<>();
    try (KeyValueIterator<String, OpenActivity> it = open.all()) {
      while (it.hasNext()) {
        KeyValue<String, OpenActivity> kv = it.next();
        if (kv.value.idleAt(now, idleMs, watchingSinceMs)) {
          quiet.add(kv);
        } else {
          earliestDeadline = Math.min(earliestDeadline, kv.value.idleFrom(idleMs, watchingSinceMs));
        }
      }
    }
    noneIdleBeforeMs = earliestDeadline;
    for (KeyValue<String, OpenActivity> kv : quiet) {
      OpenActivity activity = kv.value;
      if (activity.finished()) {
        open.delete(kv.key);
      } else if (activity.uploadId() != null) {
        LOG.warn(
            "Dropping upload {} of {}: no batch for {} and its final batch never came",
            activity.uploadId(),
            kv.key,
            idle);
        open.delete(kv.key);
      } else {
        LOG.info("Completing {} after {} without a batch", kv.key, idle);
        open.delete(kv.key);
        emit(kv.key, activity.drain(true), TrainingLoadMeters.INACTIVITY);
      }
    }
  }

  private void emit(String key, OpenActivity activity, String trigger) {
    if (activity.state().track().sampleCount() == 0) {
      return; // nothing usable arrived: no summary rather than an empty one
    }
    ActivityMetrics m = activity.state().metrics();
    ActivitySummary summary =
        ActivitySummaryCodec.toAvro(
            io.backstride.core.activity.ActivitySummary.of(
                activity.athleteId(),
                activity.activityId(),
                m.sport(activity.declaredSport()),
                activity.source(),
                m));
    // stamped with the run's end, but never later than this service's clock: a producer other than
    // ingest (or a watch clock ingest let through) can put the end ahead of the broker's clock, and
    // the broker refuses a record more than log.message.timestamp.after.max.ms (1 h) ahead, which
    // under exactly-once stops the application
    long stamp = Math.min(summary.getEndTime().toEpochMilli(), context.currentSystemTimeMs());
    context.forward(new Record<>(key, summary, stamp));
    meters.activityCompleted(trigger);
  }
}
