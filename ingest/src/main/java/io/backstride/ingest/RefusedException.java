package io.backstride.ingest;

import java.time.Duration;

/**
 * What ingest refuses to take, before anything is published: the reason, for the adapter to map to
 * its own terms (HTTP maps each to a status and an error code), and one line for the caller saying
 * what is wrong and, where known, where.
 */
public final class RefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why; the names say what the caller should change. */
  public enum Reason {
    /** More bytes than allowed, on the wire or unpacked. */
    TOO_LARGE,
    /** The bytes came too slowly: the client's fault, not the file's. */
    BODY_TIMEOUT,
    /** The bytes came, but reading the file took longer than allowed. */
    PARSE_TIMEOUT,
    /** The stream failed before the file could be read. */
    UNREADABLE_BODY,
    /** Not an activity file of a supported format, or a malformed one. */
    INVALID_ACTIVITY,
    /** A file with more samples than one activity may have. */
    TOO_MANY_SAMPLES,
    /** Times or values no watch can have recorded. */
    IMPLAUSIBLE_SAMPLES,
    /** A live-sync batch of the wrong shape: a field missing or unreadable. */
    MALFORMED_BATCH,
    /** A live-sync batch of the right shape whose content cannot be taken. */
    INVALID_BATCH,
    /** A symptom report without a required field. */
    MALFORMED_SYMPTOM,
    /** A symptom report with a value out of its range. */
    INVALID_SYMPTOM
  }

  private final Reason reason;

  public RefusedException(Reason reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  /** The body did not arrive within {@code budget}. */
  public static RefusedException bodyTimeout(Duration budget) {
    return new RefusedException(
        Reason.BODY_TIMEOUT,
        "the body did not arrive within " + budget.toMillis() + " ms; send it faster");
  }

  public Reason reason() {
    return reason;
  }
}
