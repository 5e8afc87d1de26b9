package io.backstride.streams;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.SampleBatch;
import io.backstride.core.Sport;
import io.backstride.schemas.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the sample batches of each activity into running totals and emits the activity's summary
 * when its final batch arrives. Batches of one athlete share a partition (the topic is keyed by
 * athlete), so the per-activity state needs no repartition.
 */
final class ActivityAssembler implements Processor<String, SampleBatch, String, ActivitySummary> {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityAssembler.class);

  private ProcessorContext<String, ActivitySummary> context;
  private KeyValueStore<String, OpenActivity> open;

  @Override
  public void init(ProcessorContext<String, ActivitySummary> context) {
    this.context = context;
    this.open = context.getStateStore(StoreNames.OPEN_ACTIVITIES);
  }

  @Override
  public void process(Record<String, SampleBatch> record) {
    SampleBatch batch = record.value();
    if (batch == null) {
      return;
    }
    String key = Topics.activityKey(batch.getAthleteId(), batch.getActivityId());
    OpenActivity activity = open.get(key);
    if (activity == null || batch.getSeq() == 0) {
      // seq 0 starts the activity afresh: a re-upload replaces what an earlier upload built
      activity =
          OpenActivity.start(
              batch.getAthleteId(),
              batch.getActivityId(),
              batch.getSport() == null ? null : Sport.valueOf(batch.getSport().name()),
              batch.getSource());
    }
    if (batch.getSeq() < activity.nextSeq()) {
      LOG.debug("Ignoring batch {} of {}: already applied", batch.getSeq(), key);
      return;
    }
    OpenActivity next =
        activity.next(batch.getSeq(), activity.state().plus(AvroMapper.samples(batch)));
    if (!batch.getFinal$()) {
      open.put(key, next);
      return;
    }
    open.delete(key);
    if (next.state().sampleCount() == 0) {
      return; // nothing usable arrived: no summary rather than an empty one
    }
    ActivitySummary summary = AvroMapper.summary(next);
    context.forward(new Record<>(key, summary, summary.getEndTime().toEpochMilli()));
  }
}
