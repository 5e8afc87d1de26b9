package io.backstride.ingest.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Fails every read after a deadline, so that reading one file takes bounded time: a reader that
 * grinds through a pathological file still reads, and its next read ends it; so does a client that
 * trickles its body, at its next byte. Like {@link CappedInputStream}, the flag survives whatever
 * the reader makes of the exception.
 *
 * <p>It also keeps the time spent waiting inside the wrapped stream's reads, so that an expired
 * deadline can be blamed on the client (the bytes came slowly) or on the work (they came, and
 * parsing them took the time).
 */
public final class DeadlineInputStream extends FilterInputStream {
  private final long deadlineNanos;
  private final Duration budget;
  private volatile boolean expired;
  private long waitedNanos;

  public DeadlineInputStream(InputStream in, Duration budget) {
    super(in);
    this.budget = budget;
    this.deadlineNanos = System.nanoTime() + budget.toNanos();
  }

  /** Whether a read came after the deadline. */
  public boolean expired() {
    return expired;
  }

  /** Whether most of the time allowed went to waiting for the wrapped stream's bytes. */
  public boolean mostlyWaited() {
    return waitedNanos * 2 > budget.toNanos();
  }

  /** The time allowed. */
  public Duration budget() {
    return budget;
  }

  @Override
  public int read() throws IOException {
    check();
    long start = System.nanoTime();
    try {
      return super.read();
    } finally {
      waitedNanos += System.nanoTime() - start;
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    check();
    long start = System.nanoTime();
    try {
      return super.read(buffer, offset, length);
    } finally {
      waitedNanos += System.nanoTime() - start;
    }
  }

  @Override
  public long skip(long n) throws IOException {
    check();
    return super.skip(n);
  }

  private void check() throws IOException {
    if (System.nanoTime() - deadlineNanos > 0) {
      expired = true;
      throw new IOException("reading took longer than " + budget.toMillis() + " ms");
    }
  }
}
