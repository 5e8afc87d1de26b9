package io.backstride.ingest;

import io.backstride.avro.AthleteProfile;
import io.backstride.avro.SampleBatch;
import io.backstride.avro.SymptomReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ActivityPublisher} whose every publish returns only once Kafka has acknowledged, within
 * a bounded wait, so that ingest answers only after Kafka does. Anything but success is a {@link
 * NotAcknowledgedException}.
 */
public final class AcknowledgedPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(AcknowledgedPublisher.class);

  private final ActivityPublisher publisher;
  private final Duration timeout;

  /**
   * @param timeout how long a request waits for Kafka ({@link IngestConfig#ackTimeout()})
   */
  public AcknowledgedPublisher(ActivityPublisher publisher, Duration timeout) {
    this.publisher = publisher;
    this.timeout = timeout;
  }

  /**
   * Publishes sample batches of one athlete, in order.
   *
   * @param what the batches, for the caller and the log: "activity a1b2", "batch 3 of run-1"
   * @throws NotAcknowledgedException when the publisher fails, throws, or is not done in time
   */
  public void batches(String athleteId, List<SampleBatch> batches, String what) {
    await(() -> publisher.publish(athleteId, batches), what);
  }

  /** Publishes an athlete's profile; throws {@link NotAcknowledgedException} as above. */
  public void profile(String athleteId, AthleteProfile profile) {
    await(() -> publisher.publishProfile(athleteId, profile), "profile of " + athleteId);
  }

  /** Publishes a symptom report; throws {@link NotAcknowledgedException} as above. */
  public void symptom(String athleteId, SymptomReport report) {
    await(
        () -> publisher.publishSymptom(athleteId, report),
        "symptom report " + report.getReportId());
  }

  private void await(Supplier<CompletableFuture<Void>> publish, String what) {
    long timeoutMs = timeout.toMillis();
    try {
      CompletableFuture<Void> acknowledged = publish.get();
      if (!acknowledged.isDone()) {
        // what the publisher holds back for one request leaves now, not after its linger
        publisher.flush();
      }
      acknowledged.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("no acknowledgement for {} within {} ms", what, timeoutMs);
      throw new NotAcknowledgedException(
          "Kafka did not acknowledge the " + what + " within " + timeoutMs + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      LOG.warn("publishing {} failed", what, cause);
      throw new NotAcknowledgedException("could not publish the " + what + ": " + oneLine(cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotAcknowledgedException("interrupted while waiting for Kafka");
    } catch (RuntimeException e) {
      LOG.warn("publishing {} failed", what, e);
      throw new NotAcknowledgedException("could not publish the " + what + ": " + oneLine(e));
    }
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.strip().replaceAll("\\s+", " ");
  }
}
