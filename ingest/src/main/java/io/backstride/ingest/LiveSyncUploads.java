package io.backstride.ingest;

import io.backstride.avro.SampleBatch;
import io.backstride.ingest.RefusedException.Reason;
import io.backstride.ingest.http.Metrics;
import io.backstride.ingest.http.SyncAccepted;
import io.backstride.ingest.http.SyncBatchRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One live-sync batch: checked and built ({@link SyncBatches}), published to {@code
 * activity-samples.v1}, and answered once Kafka has acknowledged it, with a warning when the run
 * lies too far behind the athlete's newest for the trends to count it.
 */
public final class LiveSyncUploads {
  private final AcknowledgedPublisher publisher;
  private final NewestRuns newestRuns;
  private final Metrics metrics;
  private final Clock clock;
  private final Duration maxClockAhead;

  /**
   * @param clock the server's clock, against which sample times are judged plausible
   * @param maxClockAhead how far ahead of it a sample may lie, as for a file
   */
  LiveSyncUploads(
      AcknowledgedPublisher publisher,
      NewestRuns newestRuns,
      Metrics metrics,
      Clock clock,
      Duration maxClockAhead) {
    this.publisher = publisher;
    this.newestRuns = newestRuns;
    this.metrics = metrics;
    this.clock = clock;
    this.maxClockAhead = maxClockAhead;
  }

  /**
   * @throws RefusedException for a batch that cannot be taken (nothing is published)
   * @throws NotAcknowledgedException when Kafka did not take it in time
   */
  public SyncAccepted accept(String athleteId, SyncBatchRequest request) {
    SampleBatch batch = checked(athleteId, request);
    // the first sample of a batch is at or after its run's start: a batch that far behind is a run
    // that far behind. Only a final batch makes a run newest: an unfinished one is not counted yet
    Optional<Instant> first =
        batch.getSamples().isEmpty()
            ? Optional.empty()
            : Optional.of(batch.getSamples().get(0).getTime());
    Optional<String> warning = first.flatMap(t -> newestRuns.warning(athleteId, t));
    publisher.batches(
        athleteId, List.of(batch), "batch " + batch.getSeq() + " of " + batch.getActivityId());
    if (batch.getFinal$()) {
      first.ifPresent(t -> newestRuns.accepted(athleteId, t));
    }
    metrics.samplesProduced(Metrics.SYNC, batch.getSamples().size());
    metrics.uploadAccepted(Metrics.SYNC, batch.getSamples().size());
    return new SyncAccepted(
        batch.getActivityId(), batch.getSeq(), batch.getSamples().size(), warning.orElse(null));
  }

  /** The batch, or why it is refused: its shape (malformed) or its content (invalid). */
  private SampleBatch checked(String athleteId, SyncBatchRequest request) {
    try {
      return SyncBatches.of(athleteId, request, clock.instant(), maxClockAhead);
    } catch (SyncBatches.InvalidBatchException e) {
      Reason reason = e.status() == 422 ? Reason.INVALID_BATCH : Reason.MALFORMED_BATCH;
      throw new RefusedException(reason, e.getMessage());
    }
  }
}
