package io.backstride.ingest.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Lets at most {@code limit} bytes through and fails the read that would go beyond. Used on the
 * request body and again after gzip, so that neither a huge upload nor a small gzip bomb can fill
 * the heap. The flag survives whatever the reader makes of the exception (a parser may wrap it).
 */
public final class CappedInputStream extends FilterInputStream {
  private final long limit;
  private long count;
  private boolean exceeded;

  public CappedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  /** Whether a read went past the limit. */
  public boolean exceeded() {
    return exceeded;
  }

  @Override
  public int read() throws IOException {
    if (count >= limit) {
      return probe();
    }
    int b = super.read();
    if (b >= 0) {
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (count >= limit) {
      return probe();
    }
    int n = super.read(buffer, offset, (int) Math.min(length, limit - count));
    if (n > 0) {
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Through read(), so that skipped bytes count as well.
    byte[] buffer = new byte[(int) Math.min(n, 8192)];
    int read = read(buffer, 0, buffer.length);
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** At the limit: the end of the stream is fine, one more byte is not. */
  private int probe() throws IOException {
    if (super.read() < 0) {
      return -1;
    }
    exceeded = true;
    throw new TooLargeException(limit);
  }

  /** The body went past the cap. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(long limit) {
      super("more than " + limit + " bytes");
    }
  }
}
