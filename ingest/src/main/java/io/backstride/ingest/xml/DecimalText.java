package io.backstride.ingest.xml;

/**
 * {@link Double#parseDouble} for the numbers of a track, without its cost: the JDK's parser builds
 * a digit buffer and a big-number comparison for every value, a sixth of a TCX read. Nearly every
 * value in a GPX or TCX file is a plain decimal ({@code 46.0500280}, {@code -79.0931872185}) of at
 * most 15 or so digits; its digits as an integer and the power of ten it is divided by are then
 * both exact doubles, and one IEEE division rounds correctly, so the quotient is the double nearest
 * to the decimal: exactly what {@code parseDouble} returns (Clinger's fast path). Anything else (an
 * exponent, more digits, {@code NaN}, a {@code d} suffix) goes to {@code parseDouble}.
 */
final class DecimalText {
  /** The largest integer below which every integer is a double. */
  private static final long EXACT_INTEGERS = 1L << 53;

  /**
   * The most characters after the sign the loop reads: 18 digits always fit a long, and knowing
   * that before the loop spares it a count per digit.
   */
  private static final int MAX_DIGITS = 18;

  /** 10^0 to 10^22, all exact doubles. */
  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  /**
   * The text as {@code Double.parseDouble(text.toString())} reads it, whitespace around it allowed.
   *
   * @throws NumberFormatException when it is not a number, as {@code parseDouble} does
   */
  static double parse(CharSequence text) {
    if (text instanceof TextBuffer buffer) {
      return parse(buffer.array(), 0, buffer.length());
    }
    String string = text.toString();
    return parse(string.toCharArray(), 0, string.length());
  }

  /**
   * As {@link #parse(CharSequence)}, the text being {@code chars[from, to)}: one array is what
   * every value of a read comes in (the parser's text and attribute values copied into a {@link
   * TextBuffer}), so the loop below sees a single kind of input.
   *
   * @throws NumberFormatException when it is not a number, as {@code parseDouble} does
   */
  static double parse(char[] chars, int from, int to) {
    while (from < to && chars[from] <= ' ') {
      from++;
    }
    while (to > from && chars[to - 1] <= ' ') {
      to--;
    }
    int i = from;
    boolean negative = false;
    if (i < to && (chars[i] == '-' || chars[i] == '+')) {
      negative = chars[i] == '-';
      i++;
    }
    int first = i;
    if (to - first > MAX_DIGITS) {
      return slow(chars, from, to); // its digits could overflow the long
    }
    long digits = 0;
    int point = -1;
    for (; i < to; i++) {
      int digit = chars[i] - '0';
      if (digit >= 0 && digit <= 9) {
        digits = digits * 10 + digit;
      } else if (chars[i] == '.' && point < 0) {
        point = i;
      } else {
        return slow(chars, from, to);
      }
    }
    int decimals = point < 0 ? 0 : to - point - 1;
    int count = to - first - (point < 0 ? 0 : 1);
    if (count == 0 || digits > EXACT_INTEGERS) {
      return slow(chars, from, to);
    }
    double value = digits / POWERS_OF_TEN[decimals];
    return negative ? -value : value;
  }

  private static double slow(char[] chars, int from, int to) {
    return Double.parseDouble(new String(chars, from, to - from));
  }

  private DecimalText() {}
}
