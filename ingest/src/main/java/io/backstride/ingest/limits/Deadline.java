package io.backstride.ingest.limits;

import java.io.IOException;
import java.time.Duration;

/**
 * Fails every read after a deadline, so that reading one file takes bounded time: a reader that
 * grinds through a pathological file still reads, and its next read ends it; so does a client that
 * trickles its body, at its next byte. The clock starts when the deadline is made.
 *
 * <p>It also keeps the time spent waiting inside the wrapped stream's reads, so that an expired
 * deadline can be blamed on the client (the bytes came slowly) or on the work (they came, and
 * parsing them took the time).
 */
public final class Deadline implements Limit {
  private final Duration budget;
  private final long deadlineNanos;
  private volatile boolean expired;
  private long waitedNanos;

  public Deadline(Duration budget) {
    this.budget = budget;
    this.deadlineNanos = System.nanoTime() + budget.toNanos();
  }

  /** The time allowed. */
  public Duration budget() {
    return budget;
  }

  /** Whether a read came after the deadline. */
  public boolean expired() {
    return expired;
  }

  /** Whether most of the time allowed went to waiting for the wrapped stream's bytes. */
  public boolean mostlyWaited() {
    return waitedNanos * 2 > budget.toNanos();
  }

  @Override
  public void beforeRead() throws IOException {
    if (System.nanoTime() - deadlineNanos > 0) {
      expired = true;
      throw new IOException("reading took longer than " + budget.toMillis() + " ms");
    }
  }

  @Override
  public void afterRead(int bytes, long nanos) {
    waitedNanos += nanos;
  }

  @Override
  public boolean exceeded() {
    return expired;
  }
}
