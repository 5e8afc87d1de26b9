package io.backstride.ingest.limits;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Reads through to another stream under {@link Limit}s, counting the bytes that pass. Every read,
 * single bytes and skips included, goes through the limits, so that no byte escapes a cap. With no
 * limits it only counts: the compressed side of a gzip ratio.
 *
 * <p>It also keeps the first failure of the wrapped stream itself (not of a limit), for the reason
 * the limits keep their flags: broken gzip read by a forgiving parser still shows as broken.
 */
public final class LimitedInputStream extends FilterInputStream {
  private final List<Limit> limits;
  private long count;
  private IOException failure;

  public LimitedInputStream(InputStream in, Limit... limits) {
    super(in);
    this.limits = List.of(limits);
  }

  /** The bytes read through so far. */
  public long count() {
    return count;
  }

  /** The first exception the wrapped stream threw, if it threw one. */
  public Optional<IOException> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    long allowed = length;
    for (Limit limit : limits) {
      limit.beforeRead();
      allowed = Math.min(allowed, limit.headroom());
    }
    long start = System.nanoTime();
    int n;
    try {
      n = super.read(buffer, offset, (int) Math.max(1, allowed));
    } catch (IOException e) {
      if (failure == null) {
        failure = e;
      }
      // the time waited counts even when the wait ended in a failure (a client gone idle)
      afterRead(0, System.nanoTime() - start);
      throw e;
    }
    if (n > 0) {
      count += n;
    }
    afterRead(Math.max(n, 0), System.nanoTime() - start);
    return n;
  }

  private void afterRead(int bytes, long nanos) throws IOException {
    for (Limit limit : limits) {
      limit.afterRead(bytes, nanos);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    // through read(), so that skipped bytes count against the caps as well
    byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
    int read = read(buffer, 0, buffer.length);
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
