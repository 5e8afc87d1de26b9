package io.backstride.streams;

import io.backstride.avro.DeadLetter;
import io.backstride.core.load.AthleteRuns;
import io.backstride.core.load.HumanLimits;
import io.backstride.core.load.Trend;
import io.backstride.core.load.TrendUpdates;
import io.backstride.schemas.Topics;
import io.backstride.schemas.codec.TrendCodec;
import io.backstride.streams.AthleteChange.ActivityChanged;
import io.backstride.streams.AthleteChange.ZoneChanged;
import io.backstride.streams.state.AthleteState;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
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
  private final TrainingLoadMeters meters;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, AthleteState> states;

  /**
   * @param defaultZone the calendar of athletes whose profile names no zone
   */
  AthleteLoadProcessor(ZoneId defaultZone, TrainingLoadMeters meters) {
    this.defaultZone = defaultZone;
    this.meters = meters;
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
    for (Trend trend : trendsBetween(record.value(), before, after)) {
      // stamped with the event time of the change that caused it: the end of a day that has not
      // ended yet would be a future timestamp, which brokers refuse
      context.forward(record.withValue(TrendCodec.toAvro(athleteId, trend)));
      meters.trendEmitted();
    }
    AthleteState kept = after.withRuns(after.runs().pruned(after.zoneOr(defaultZone)));
    if (kept.equals(AthleteState.EMPTY)) {
      states.delete(athleteId);
    } else {
      states.put(athleteId, kept);
    }
  }

  /**
   * The trends a change made new. An activity's change leaves the zone as it was, so the days of
   * the runs both states share are the same, and only the changed run's days need comparing (one
   * walk over the runs); a new zone can move every run's day, so both histories are compared whole.
   */
  private List<Trend> trendsBetween(AthleteChange change, AthleteState before, AthleteState after) {
    if (change instanceof ActivityChanged) {
      return TrendUpdates.between(before.runs(), after.runs(), after.zoneOr(defaultZone));
    }
    return TrendUpdates.between(before.history(defaultZone), after.history(defaultZone));
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
    Optional<AthleteRuns.Refusal> refusal = runs.refusal(a.activityId(), a.run(), zone);
    if (refusal.isPresent()) {
      refuse(record, reason(a, refusal.get(), zone));
      return state.withRuns(runs.without(a.activityId())); // no earlier version stays counted
    }
    return state.withRuns(runs.withAccepted(a.activityId(), a.run()));
  }

  /** The one reason a run is not counted, in words an athlete or an operator can act on. */
  private static String reason(ActivityChanged a, AthleteRuns.Refusal refusal, ZoneId zone) {
    String run = "activity " + a.activityId() + " started " + a.run().start();
    if (refusal.reason() == AthleteRuns.Refusal.Reason.BEFORE_EARLIEST_START) {
      return String.format(
          "%s, before %s: a watch clock that was reset, not history, so it is not counted",
          run, AthleteRuns.EARLIEST_START);
    }
    String day = ", on " + a.run().dayIn(zone) + " in the athlete's calendar: ";
    if (refusal.windowFromLatestRun()) {
      return String.format(
          "%s%smore than %d days before the athlete's latest run (%s), before the kept window"
              + " that starts on %s, so it can no longer be counted",
          run, day, AthleteRuns.RETAINED_DAYS, refusal.latestDay(), refusal.keptFrom());
    }
    return String.format(
        "%s%sbefore the kept window that starts on %s (runs before it were let go when a run up"
            + " to %d days later arrived), so it can no longer be counted",
        run, day, refusal.keptFrom(), AthleteRuns.RETAINED_DAYS);
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
    meters.runNotCounted();
  }
}
