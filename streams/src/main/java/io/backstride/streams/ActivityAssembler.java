package io.backstride.streams;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.SampleBatch;
import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.schemas.Topics;
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
 */
final class ActivityAssembler implements Processor<String, SampleBatch, String, ActivitySummary> {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityAssembler.class);

  /** How often open activities are checked; an activity completes at most this late. */
  private static final Duration CHECK_EVERY = Duration.ofMinutes(1);

  private final Duration idle;
  private ProcessorContext<String, ActivitySummary> context;
  private KeyValueStore<String, OpenActivity> open;
  private long watchingSinceMs;

  ActivityAssembler(Duration idle) {
    this.idle = idle;
  }

  @Override
  public void init(ProcessorContext<String, ActivitySummary> context) {
    this.context = context;
    this.open = context.getStateStore(StoreNames.OPEN_ACTIVITIES);
    this.watchingSinceMs = context.currentSystemTimeMs();
    Duration every = idle.compareTo(CHECK_EVERY) < 0 ? idle : CHECK_EVERY;
    context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::completeIdle);
  }

  @Override
  public void process(Record<String, SampleBatch> record) {
    SampleBatch batch = record.value();
    if (batch == null) {
      return;
    }
    String key = Topics.activityKey(batch.getAthleteId(), batch.getActivityId());
    List<Sample> samples = AvroMapper.samples(batch);
    long now = context.currentSystemTimeMs();
    OpenActivity activity = open.get(key);
    boolean stored = activity != null;
    if (activity == null || activity.restartedBy(batch.getSeq(), samples)) {
      // a new activity, or seq 0 of a re-upload, which replaces what an earlier upload built
      activity =
          OpenActivity.start(
              batch.getAthleteId(),
              batch.getActivityId(),
              batch.getSport() == null ? null : Sport.valueOf(batch.getSport().name()),
              batch.getSource(),
              now);
    }
    OpenActivity next = activity.accept(batch.getSeq(), batch.getFinal$(), samples, now);
    if (next == activity) {
      LOG.debug("Ignoring batch {} of {}: already applied", batch.getSeq(), key);
      return;
    }
    if (!next.finished()) {
      open.put(key, next);
      return;
    }
    if (stored) {
      open.delete(key); // a one-batch upload never touched the store: no tombstone to write
    }
    emit(key, next);
  }

  /** Completes the activities whose sync went quiet, with whatever batches did arrive. */
  private void completeIdle(long now) {
    List<KeyValue<String, OpenActivity>> quiet = new ArrayList<>();
    try (KeyValueIterator<String, OpenActivity> it = open.all()) {
      while (it.hasNext()) {
        KeyValue<String, OpenActivity> kv = it.next();
        if (kv.value.idleAt(now, idle.toMillis(), watchingSinceMs)) {
          quiet.add(kv);
        }
      }
    }
    for (KeyValue<String, OpenActivity> kv : quiet) {
      LOG.info("Completing {} after {} without a batch", kv.key, idle);
      open.delete(kv.key);
      emit(kv.key, kv.value.drain(true));
    }
  }

  private void emit(String key, OpenActivity activity) {
    if (activity.state().sampleCount() == 0) {
      return; // nothing usable arrived: no summary rather than an empty one
    }
    ActivitySummary summary = AvroMapper.summary(activity);
    context.forward(new Record<>(key, summary, summary.getEndTime().toEpochMilli()));
  }
}
