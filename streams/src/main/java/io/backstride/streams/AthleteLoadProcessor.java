package io.backstride.streams;

import io.backstride.avro.DeadLetter;
import io.backstride.core.load.AthleteRuns;
import io.backstride.core.load.HumanLimits;
import io.backstride.core.load.Trend;
import io.backstride.core.load.TrendUpdates;
import io.backstride.schemas.Topics;
import io.backstride.streams.AthleteChange.ActivityChanged;
import io.backstride.streams.AthleteChange.ZoneChanged;
import io.backstride.streams.state.AthleteState;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each change of an athlete (an activity's summary, their profile's zone) to the one state
 * value kept for them, and sends the trends the change made new (see {@link TrendUpdates}). Both
 * input topics are keyed, or at least partitioned, by athlete, so one task sees all of an athlete's
 * changes, in order, and nothing needs repartitioning. Sends {@code AthleteTrend}s, and a {@code
 * DeadLetter} for a run it cannot count.
 */
final class AthleteLoadProcessor
    implements Processor<String, AthleteChange, String, SpecificRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(AthleteLoadProcessor.class);

  private final ZoneId defaultZone;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, AthleteState> states;

  /**
   * @param defaultZone the calendar of athletes whose profile names no zone
   */
  AthleteLoadProcessor(ZoneId defaultZone) {
    this.defaultZone = defaultZone;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.states = context.getStateStore(StoreNames.ATHLETE_LOADS);
  }

  @Override
  public void process(Record<String, AthleteChange> record) {
    String athleteId = record.key();
    AthleteState stored = states.get(athleteId);
    AthleteState before = stored == null ? AthleteState.EMPTY : stored;
    AthleteState after = apply(record, before);
    if (after.equals(before)) {
      return; // a repeated summary, a tombstone for an unknown activity, the same zone again
    }
    // the trends from everything known before letting go of what the change pushed out of the
    // kept window: a comeback after a long break still fills in the days of the break
    for (Trend trend :
        TrendUpdates.between(before.history(defaultZone), after.history(defaultZone))) {
      // stamped with the event time of the change that caused it: the end of a day that has not
      // ended yet would be a future timestamp, which brokers refuse
      context.forward(record.withValue(AvroMapper.trend(athleteId, trend)));
    }
    AthleteState kept = after.withRuns(after.runs().pruned(after.zoneOr(defaultZone)));
    if (kept.equals(AthleteState.EMPTY)) {
      states.delete(athleteId);
    } else {
      states.put(athleteId, kept);
    }
  }

  private AthleteState apply(Record<String, AthleteChange> record, AthleteState state) {
    AthleteChange change = record.value();
    if (change instanceof ZoneChanged z) {
      return state.withZone(z.zone());
    }
    ActivityChanged a = (ActivityChanged) change;
    if (a.run() == null) {
      return state.withRuns(state.runs().without(a.activityId()));
    }
    ZoneId zone = state.zoneOr(defaultZone);
    AthleteRuns runs = state.runs();
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    Optional<String> impossible = HumanLimits.problem(a.run());
    if (impossible.isPresent()) {
      refuse(
          record,
          String.format(
              "activity %s: %s; no human runs that, and counted it would outweigh every real run"
                  + " in the trends",
              a.activityId(), impossible.get()));
      return state.withRuns(runs.without(a.activityId())); // no earlier version stays counted
    }
    if (AthleteRuns.startsTooFarAhead(a.run(), now)) {
      refuse(
          record,
          String.format(
              "activity %s starts %s, more than %d days after this service's clock (%s): a watch"
                  + " clock that is wrong, or a writer that skipped ingest's checks; counted, it"
                  + " would push every real run out of the kept window",
              a.activityId(), a.run().start(), AthleteRuns.MAX_AHEAD.toDays(), now));
      return state.withRuns(runs.without(a.activityId())); // no earlier version stays counted
    }
    if (!runs.accepts(a.run(), zone)) {
      refuse(
          record,
          String.format(
              "activity %s started %s: before %s or more than %d days before the athlete's"
                  + " latest run, so it can no longer be counted",
              a.activityId(),
              a.run().start(),
              AthleteRuns.EARLIEST_START,
              AthleteRuns.RETAINED_DAYS));
    }
    return state.withRuns(runs.with(a.activityId(), a.run(), zone));
  }

  /**
   * A run that is not counted goes to the dead-letter topic, inside this transaction, so that the
   * athlete or an operator can see why a run they uploaded changed nothing.
   */
  private void refuse(Record<String, AthleteChange> record, String reason) {
    LOG.warn("Not counting a run of {}: {}", record.key(), reason);
    DeadLetter.Builder letter =
        DeadLetter.newBuilder()
            .setAthleteId(record.key())
            .setReason(reason)
            .setFailedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()));
    context
        .recordMetadata()
        .ifPresentOrElse(
            m -> letter.setSourceTopic(m.topic()).setPartition(m.partition()).setOffset(m.offset()),
            () ->
                letter
                    .setSourceTopic(Topics.ACTIVITY_SUMMARIES.name())
                    .setPartition(-1)
                    .setOffset(-1));
    context.forward(record.withValue(letter.build()));
  }
}
