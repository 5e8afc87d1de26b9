package io.backstride.ingest.fit;

/**
 * A FIT float as the double of its shortest decimal: the SDK scales integers into floats (altitude
 * in fifths of a metre, speed in mm/s), so 3.85 m/s arrives as 3.85f, which widened is
 * 3.8499999046325684; the value meant is 3.85.
 *
 * <p>The obvious way, {@code Double.parseDouble(Float.toString(f))}, formats and parses text: a
 * tenth of the FIT reader's time, four times per record. Values with up to three decimals and a
 * magnitude between 0.001 and 10^7 (every altitude, speed, distance and oscillation a run writes)
 * are found here by arithmetic: the nearest number of 0, 1, 2 or 3 decimals that rounds back to the
 * float is its shortest decimal, and dividing its digits by the power of ten gives the double
 * nearest to that decimal, as parsing it would. Every float in that range gives the same double as
 * the text round trip on this JDK (checked over all 2.8 * 10^8 of them once, and by a property
 * test); anything else takes the text round trip.
 */
final class FloatDecimals {
  private static final double[] POWERS_OF_TEN = {1, 10, 100, 1000};

  /** The float's shortest decimal as a double; null stays null, and so do NaN and infinities. */
  static Double decimal(Float value) {
    return value == null ? null : decimal(value.floatValue());
  }

  /** As {@link #decimal(Float)}, for a float not boxed; null for NaN and infinities. */
  static Double decimal(float f) {
    if (!Float.isFinite(f)) {
      return null;
    }
    float magnitude = Math.abs(f);
    if (magnitude >= 1e-3f && magnitude < 1e7f) {
      double exact = f;
      for (double power : POWERS_OF_TEN) {
        double candidate = Math.rint(exact * power) / power;
        if ((float) candidate == f) {
          return candidate;
        }
      }
    }
    return viaText(f);
  }

  /** The text round trip the fast path stands in for, and the way for every other float. */
  static double viaText(float f) {
    return Double.parseDouble(Float.toString(f));
  }

  private FloatDecimals() {}
}
