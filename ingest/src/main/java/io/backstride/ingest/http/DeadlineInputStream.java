package io.backstride.ingest.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Fails every read after a deadline, so that reading one file takes bounded time: a reader that
 * grinds through a pathological file still reads, and its next read ends it. Like {@link
 * CappedInputStream}, the flag survives whatever the reader makes of the exception.
 */
public final class DeadlineInputStream extends FilterInputStream {
  private final long deadlineNanos;
  private final Duration budget;
  private volatile boolean expired;

  public DeadlineInputStream(InputStream in, Duration budget) {
    super(in);
    this.budget = budget;
    this.deadlineNanos = System.nanoTime() + budget.toNanos();
  }

  /** Whether a read came after the deadline. */
  public boolean expired() {
    return expired;
  }

  /** The time allowed. */
  public Duration budget() {
    return budget;
  }

  @Override
  public int read() throws IOException {
    check();
    return super.read();
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    check();
    return super.read(buffer, offset, length);
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
