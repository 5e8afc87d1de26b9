package io.backstride.ingest;

import io.backstride.avro.AthleteProfile;
import io.backstride.avro.SampleBatch;
import io.backstride.avro.SymptomReport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where accepted uploads go. The HTTP layer answers only once the returned future has completed, so
 * an implementation must complete it when the data is durable (for Kafka: acknowledged by all
 * in-sync replicas) and fail it otherwise.
 */
public interface ActivityPublisher {

  /** Publishes the batches of one activity, in order; completes when all are acknowledged. */
  CompletableFuture<Void> publish(String athleteId, List<SampleBatch> batches);

  /** Publishes an athlete's profile; completes when it is acknowledged. */
  CompletableFuture<Void> publishProfile(String athleteId, AthleteProfile profile);

  /** Publishes a symptom report; completes when it is acknowledged. */
  CompletableFuture<Void> publishSymptom(String athleteId, SymptomReport report);

  /**
   * Sends at once what the publishes before it hold back, and returns once all of it is
   * acknowledged or has failed (what the returned futures then say). A publisher that holds nothing
   * back does nothing.
   */
  default void flush() {}

  /**
   * Why the publisher cannot take records right now, or empty when it can (it knows where the
   * samples topic lives). Answers within a short bounded time, for {@code GET /health}.
   */
  default Optional<String> unavailableReason() {
    return Optional.empty();
  }

  /**
   * The id of the Kafka cluster the records go to, when known: what tells a fresh local stack at
   * the same URL apart from the last one (clients key their import journals by it). Answers within
   * a short bounded time, for {@code GET /health}.
   */
  default Optional<String> kafkaClusterId() {
    return Optional.empty();
  }
}
