package io.backstride.ingest.fit;

import java.nio.charset.StandardCharsets;

/**
 * Recognises a FIT file by its header: a header size of 12 or 14 bytes at byte 0 and the ASCII
 * signature ".FIT" at bytes 8 to 11. Used to sniff the format before choosing a reader.
 */
public final class FitHeader {
  /** The smallest legal header (protocol 1.0); 2.0 headers are 14 bytes with their own CRC. */
  static final int MIN_SIZE = 12;

  private static final byte[] SIGNATURE = ".FIT".getBytes(StandardCharsets.US_ASCII);

  /** Whether the first bytes of a file are a FIT header. */
  public static boolean is(byte[] head) {
    if (head.length < MIN_SIZE || (head[0] & 0xff) < MIN_SIZE) {
      return false;
    }
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (head[8 + i] != SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }

  private FitHeader() {}
}
