package io.backstride.streams;

import io.backstride.core.Sport;
import io.backstride.core.activity.ActivityState;
import java.util.Optional;

/**
 * An activity whose batches are still arriving: who, what, and the running totals so far. This is
 * what the {@code open-activities} store holds, constant in size however long the run.
 *
 * @param nextSeq the batch sequence number expected next; an older one is a redelivery
 */
record OpenActivity(
    String athleteId,
    String activityId,
    Sport sport,
    String source,
    int nextSeq,
    ActivityState state) {

  static OpenActivity start(String athleteId, String activityId, Sport sport, String source) {
    return new OpenActivity(athleteId, activityId, sport, source, 0, ActivityState.empty());
  }

  OpenActivity next(int seq, ActivityState newState) {
    return new OpenActivity(athleteId, activityId, sport, source, seq + 1, newState);
  }

  Optional<Sport> declaredSport() {
    return Optional.ofNullable(sport);
  }
}
