package io.backstride.ingest.limits;

import java.io.IOException;

/**
 * One bound on reading untrusted bytes, applied by a {@link LimitedInputStream} around each read of
 * the stream it wraps: a cap on bytes, a ratio to another stream's bytes, a deadline. A limit that
 * refuses a read remembers that it did, because a parser may wrap the exception or swallow it and
 * report a premature end of file instead: the flag still says what really happened.
 *
 * <p>One instance may serve several streams one after the other (an archive's cap on all its
 * entries together); it is not thread-safe.
 */
public interface Limit {

  /**
   * Refuses the next read before it starts (a deadline that has passed); does nothing by default.
   */
  default void beforeRead() throws IOException {}

  /**
   * At most how many bytes the next read may ask for, so that a cap reads no more than one byte
   * past itself; unbounded by default.
   */
  default long headroom() {
    return Long.MAX_VALUE;
  }

  /**
   * Takes account of one read of the wrapped stream, and refuses it when it went too far.
   *
   * @param bytes what it gave: 0 at the end of the stream or when it failed
   * @param nanos how long the wrapped stream took to give them
   */
  void afterRead(int bytes, long nanos) throws IOException;

  /** Whether this limit has refused a read. */
  boolean exceeded();
}
