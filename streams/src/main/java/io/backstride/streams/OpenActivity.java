package io.backstride.streams;

import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.core.activity.ActivityState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An activity whose batches are still arriving: who, what, and the running totals so far. This is
 * what the {@code open-activities} store holds, bounded in size however long the run: the totals
 * are constant-size, and at most {@link #MAX_PENDING_BATCHES} batches wait for a missing one.
 *
 * <p>Once finished it stays in the store for a while as a closed record of which upload (or which
 * batches of a live sync) made the version sent: a straggling batch of another upload of the same
 * file must not start a fresh, partial version after it.
 *
 * @param uploadId the file upload whose batches build this version; {@code null} for live sync
 * @param nextSeq the batch sequence number expected next; an older one is a redelivery
 * @param finished whether the batch flagged final has been applied
 * @param lastBatchAtMs wall-clock time the last batch arrived, for completion by inactivity
 * @param pending batches that arrived ahead of a missing one, in sequence order
 */
public record OpenActivity(
    String athleteId,
    String activityId,
    Sport sport,
    String source,
    String uploadId,
    int nextSeq,
    ActivityState state,
    boolean finished,
    long lastBatchAtMs,
    List<PendingBatch> pending) {

  /**
   * Batches kept waiting for a missing one. Samples must be folded in time order, so a batch that
   * overtook another waits; beyond this many the missing batch is taken as lost and the gap is
   * skipped, which keeps the state bounded (a lost batch costs its own samples, nothing more).
   */
  static final int MAX_PENDING_BATCHES = 4;

  /** A batch that arrived before the one it follows. */
  public record PendingBatch(int seq, boolean last, List<Sample> samples) {
    public PendingBatch {
      samples = List.copyOf(samples);
    }
  }

  public OpenActivity {
    pending = pending == null ? List.of() : List.copyOf(pending);
  }

  /** A live-sync activity, whose batches carry no upload id. */
  public static OpenActivity start(
      String athleteId, String activityId, Sport sport, String source, long nowMs) {
    return start(athleteId, activityId, sport, source, null, nowMs);
  }

  public static OpenActivity start(
      String athleteId,
      String activityId,
      Sport sport,
      String source,
      String uploadId,
      long nowMs) {
    return new OpenActivity(
        athleteId,
        activityId,
        sport,
        source,
        uploadId,
        0,
        ActivityState.empty(),
        false,
        nowMs,
        List.of());
  }

  /** What a batch of this activity is to the version being built. */
  enum Fit {
    /** Part of this version (or a repeat of one, which {@link #accept} ignores). */
    SAME,
    /** The first batch of a new version, which replaces this one whatever it holds. */
    RESTART,
    /** A batch of an upload that has been replaced: mixing it in would blend two versions. */
    STRAY
  }

  /**
   * Where a batch belongs. Between file uploads the upload id decides: batch 0 of another upload
   * starts over (two uploads posted at once interleave their batches, and the one that started last
   * wins whole), any other batch of another upload is a stray. A live sync has no upload id: a
   * batch numbered 0 starts over when it does not repeat the first batch, that is when it starts at
   * another instant than what has been folded in already.
   */
  Fit fit(String batchUploadId, int seq, List<Sample> samples) {
    if (uploadId != null || batchUploadId != null) {
      if (Objects.equals(uploadId, batchUploadId)) {
        return Fit.SAME;
      }
      return seq == 0 ? Fit.RESTART : Fit.STRAY;
    }
    if (seq != 0 || nextSeq == 0) {
      return Fit.SAME;
    }
    boolean repeat =
        !samples.isEmpty()
            && state.track().startTime() != null
            && samples.get(0).time().equals(state.track().startTime());
    return repeat ? Fit.SAME : Fit.RESTART;
  }

  /**
   * This version as the closed record kept after it was sent, dated {@code nowMs}: which upload
   * made it and how far its batches went, without the totals. Nothing reads them once the summary
   * is sent, and one closed record is written per upload and scanned every minute for the idle
   * time: with the totals it was ~300 bytes, most of the open-activities changelog.
   */
  OpenActivity closed(long nowMs) {
    return progressed(nextSeq, ActivityState.empty(), true, nowMs, List.of());
  }

  /**
   * The activity after one more batch: applied when it is the next one (with any waiting batches it
   * unblocks), kept waiting when one before it is missing, ignored when already seen.
   */
  public OpenActivity accept(int seq, boolean last, List<Sample> samples, long nowMs) {
    if (finished) {
      return this; // its version was sent whole: a batch of it can only be a repeat
    }
    if (seq < nextSeq || pending.stream().anyMatch(p -> p.seq() == seq)) {
      return this; // a repeated batch: applying it again would count nothing new anyway
    }
    if (seq == nextSeq && pending.isEmpty()) {
      // the batch expected, nothing waiting: folded in at once, what drain would do with it alone
      return progressed(seq + 1, state.plus(samples), last, nowMs, List.of());
    }
    List<PendingBatch> waiting = new ArrayList<>(pending);
    waiting.add(new PendingBatch(seq, last, samples));
    waiting.sort(Comparator.comparingInt(PendingBatch::seq));
    OpenActivity next = progressed(nextSeq, state, finished, nowMs, waiting).drain(false);
    return next.pending.size() > MAX_PENDING_BATCHES ? next.drain(true) : next;
  }

  /**
   * Applies waiting batches in order; with {@code skipGaps}, also past missing ones (the activity
   * is being completed, or too many are waiting).
   */
  OpenActivity drain(boolean skipGaps) {
    ActivityState s = state;
    int seq = nextSeq;
    boolean done = finished;
    List<PendingBatch> left = new ArrayList<>();
    for (PendingBatch p : pending) {
      if (left.isEmpty() && (p.seq() == seq || skipGaps)) {
        s = s.plus(p.samples());
        seq = p.seq() + 1;
        done |= p.last();
      } else {
        left.add(p);
      }
    }
    return progressed(seq, s, done, lastBatchAtMs, left);
  }

  /** The same activity (athlete, id, sport, source, upload) at another point of its batches. */
  private OpenActivity progressed(
      int nextSeq,
      ActivityState state,
      boolean finished,
      long lastBatchAtMs,
      List<PendingBatch> pending) {
    return new OpenActivity(
        athleteId,
        activityId,
        sport,
        source,
        uploadId,
        nextSeq,
        state,
        finished,
        lastBatchAtMs,
        pending);
  }

  /**
   * Whether no batch has arrived for {@code idleMs} by {@code nowMs}, counting from {@code
   * watchingSinceMs} at the earliest: after a restart the batches that came while the application
   * was down are still in the topic, and must not be cut off by a deadline that passed meanwhile.
   */
  boolean idleAt(long nowMs, long idleMs, long watchingSinceMs) {
    return nowMs >= idleFrom(idleMs, watchingSinceMs);
  }

  /** The wall-clock time from which {@link #idleAt} holds, with the same arguments. */
  long idleFrom(long idleMs, long watchingSinceMs) {
    return Math.max(lastBatchAtMs, watchingSinceMs) + idleMs;
  }

  Optional<Sport> declaredSport() {
    return Optional.ofNullable(sport);
  }
}
