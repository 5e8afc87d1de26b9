package io.backstride.schemas.state;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Variable-length integers (LEB128: seven bits a byte, low bits first; signed values zig-zag
 * encoded), length-prefixed strings, raw doubles and one-byte presence flags, for state that is
 * stored once per athlete and read and written on every change: small numbers, and there are many
 * of them, take one or two bytes.
 */
public final class CompactBytes {
  private CompactBytes() {}

  /** Appends values to a growing buffer. */
  public static final class Writer {
    // a plain array, not a ByteArrayOutputStream: its write is synchronized, a lock per byte
    private byte[] buf = new byte[256];
    private int size;

    private void put(int b) {
      if (size == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[size++] = (byte) b;
    }

    public Writer unsigned(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("not unsigned: " + value);
      }
      while ((value & ~0x7FL) != 0) {
        put((int) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      put((int) value);
      return this;
    }

    public Writer signed(long value) {
      return unsigned((value << 1) ^ (value >> 63));
    }

    public Writer bytes(byte[] value) {
      if (size + value.length > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + value.length));
      }
      System.arraycopy(value, 0, buf, size, value.length);
      size += value.length;
      return this;
    }

    public Writer string(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      unsigned(utf8.length);
      return bytes(utf8);
    }

    /** A double as its eight IEEE 754 bytes: exact, for running totals that keep accumulating. */
    public Writer f64(double value) {
      long bits = Double.doubleToRawLongBits(value);
      for (int shift = 56; shift >= 0; shift -= 8) {
        put((int) (bits >>> shift));
      }
      return this;
    }

    public Writer optF64(Double value) {
      bool(value != null);
      return value == null ? this : f64(value);
    }

    public Writer bool(boolean value) {
      put(value ? 1 : 0);
      return this;
    }

    public Writer optString(String value) {
      bool(value != null);
      return value == null ? this : string(value);
    }

    public Writer instant(Instant value) {
      signed(value.getEpochSecond());
      return unsigned(value.getNano());
    }

    public Writer optInstant(Instant value) {
      bool(value != null);
      return value == null ? this : instant(value);
    }

    public byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }

  /** Reads what a {@link Writer} wrote; anything malformed is an {@link IllegalStateException}. */
  public static final class Reader {
    private final byte[] in;
    private int at;

    public Reader(byte[] in) {
      this.in = in;
    }

    public long unsigned() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = next();
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalStateException("a variable-length integer longer than 64 bits at " + at);
    }

    public long signed() {
      long raw = unsigned();
      return (raw >>> 1) ^ -(raw & 1);
    }

    public int count() {
      long n = unsigned();
      if (n > in.length - at) {
        throw new IllegalStateException(
            "a count of " + n + " with " + (in.length - at) + " bytes left");
      }
      return (int) n;
    }

    /** A number that must be at most {@code max}, e.g. an index. */
    public int atMost(int max) {
      long n = unsigned();
      if (n > max) {
        throw new IllegalStateException(n + " where at most " + max + " fits, at " + at);
      }
      return (int) n;
    }

    public byte[] bytes(int n) {
      if (n > in.length - at) {
        throw new IllegalStateException("truncated at " + at);
      }
      byte[] out = Arrays.copyOfRange(in, at, at + n);
      at += n;
      return out;
    }

    public String string() {
      return new String(bytes(count()), StandardCharsets.UTF_8);
    }

    public int next() {
      if (at >= in.length) {
        throw new IllegalStateException("truncated at " + at);
      }
      return in[at++] & 0xFF;
    }

    public double f64() {
      long bits = 0;
      for (int i = 0; i < 8; i++) {
        bits = (bits << 8) | next();
      }
      return Double.longBitsToDouble(bits);
    }

    public Double optF64() {
      return bool() ? f64() : null;
    }

    public boolean bool() {
      int b = next();
      if (b > 1) {
        throw new IllegalStateException("a flag of " + b + " at " + (at - 1));
      }
      return b == 1;
    }

    public String optString() {
      return bool() ? string() : null;
    }

    public Instant instant() {
      long seconds = signed();
      return Instant.ofEpochSecond(seconds, atMost(999_999_999));
    }

    public Instant optInstant() {
      return bool() ? instant() : null;
    }

    public boolean atEnd() {
      return at == in.length;
    }
  }
}
