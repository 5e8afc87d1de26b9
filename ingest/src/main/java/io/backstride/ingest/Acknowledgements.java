package io.backstride.ingest;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, bounded, for the publisher's acknowledgement, so that ingest answers only once Kafka has
 * taken the data. Anything but success is a {@link NotAcknowledgedException}.
 */
public final class Acknowledgements {
  private static final Logger LOG = LoggerFactory.getLogger(Acknowledgements.class);

  private final Duration timeout;

  /**
   * @param timeout how long a request waits for Kafka ({@link IngestConfig#ackTimeout()})
   */
  public Acknowledgements(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * Publishes and waits for the acknowledgement.
   *
   * @param what the data, for the caller and the log: "activity a1b2", "profile of runner-1"
   * @throws NotAcknowledgedException when the publisher fails, throws, or is not done in time
   */
  public void await(Supplier<CompletableFuture<Void>> publish, String what) {
    long timeoutMs = timeout.toMillis();
    try {
      publish.get().get(timeoutMs, TimeUnit.MILLISECONDS);
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
