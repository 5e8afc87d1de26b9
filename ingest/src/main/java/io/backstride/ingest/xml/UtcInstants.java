package io.backstride.ingest.xml;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * The form nearly every watch and companion app writes, {@code 2026-03-02T07:00:00Z} with or
 * without a fraction, read digit by digit: the general parsers cost more than the rest of a track
 * point or a sync sample. The file readers and the sync route share it.
 */
public final class UtcInstants {
  private static final long[] POWERS_OF_TEN = {
    1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L
  };

  private UtcInstants() {}

  /**
   * The instant, to the nanosecond, or null for anything else (offsets, no zone, odd widths, out of
   * range), which the caller's general parser then reads or refuses with its own message.
   */
  public static Instant orNull(CharSequence t) {
    int n = t.length();
    if (n < 20
        || t.charAt(n - 1) != 'Z'
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 7);
    int day = digits(t, 8, 10);
    int hour = digits(t, 11, 13);
    int minute = digits(t, 14, 16);
    int second = digits(t, 17, 19);
    long nanos = 0;
    if (n > 20) {
      int fractionDigits = n - 21; // between the dot at 19 and the Z
      if (t.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
        return null;
      }
      int fraction = digits(t, 20, n - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction * POWERS_OF_TEN[9 - fractionDigits];
    }
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || day > YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The number written in {@code t[from, to)}, or -1 when any of it is not a digit. */
  private static int digits(CharSequence t, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
