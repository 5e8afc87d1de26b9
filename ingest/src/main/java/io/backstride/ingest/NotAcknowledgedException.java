package io.backstride.ingest;

/**
 * Valid data that Kafka did not acknowledge in time, or refused: nothing is wrong with the request,
 * and repeating it is safe, as its ids are deterministic. HTTP answers 503 with {@code
 * Retry-After}.
 */
public final class NotAcknowledgedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NotAcknowledgedException(String detail) {
    super(detail);
  }
}
