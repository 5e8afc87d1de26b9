package io.backstride.ingest.limits;

import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * At most so many bytes: the read that would pass the cap fails with a {@link TooLargeException}.
 * The cap may grow while reading ({@link #growing}), as the cap on unpacked gzip grows with the
 * compressed bytes consumed. Given to several streams, one instance caps them all together.
 */
public final class ByteCap implements Limit {
  private final LongSupplier cap;
  private final String reason;
  private long count;
  private boolean exceeded;

  private ByteCap(LongSupplier cap, String reason) {
    this.cap = cap;
    this.reason = reason;
  }

  /** At most {@code maxBytes}; the exception says "more than N bytes". */
  public static ByteCap of(long maxBytes) {
    return of(maxBytes, "more than " + maxBytes + " bytes");
  }

  /** At most {@code maxBytes}; {@code reason} is the exception's message. */
  public static ByteCap of(long maxBytes, String reason) {
    return new ByteCap(() -> maxBytes, reason);
  }

  /** At most what {@code cap} says at each read, which must never shrink. */
  public static ByteCap growing(LongSupplier cap, String reason) {
    return new ByteCap(cap, reason);
  }

  /** The bytes counted against this cap, by every stream it was given to. */
  public long count() {
    return count;
  }

  @Override
  public long headroom() {
    // one byte past the cap tells "exactly the cap, then the end" from "too much"
    long left = Math.max(0, cap.getAsLong() - count);
    return left == Long.MAX_VALUE ? left : left + 1;
  }

  @Override
  public void afterRead(int bytes, long nanos) throws TooLargeException {
    count += bytes;
    if (count > cap.getAsLong()) {
      exceeded = true;
      throw new TooLargeException(reason);
    }
  }

  @Override
  public boolean exceeded() {
    return exceeded;
  }

  /** A read went past a {@link ByteCap}. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String reason) {
      super(reason);
    }
  }
}
