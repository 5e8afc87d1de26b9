package io.backstride.core.profile;

import java.util.Locale;

/**
 * Numbers in the athlete's units: km and m, or mi and ft, and pace per km or mile. One formatter
 * for the emails and the athlete pages, so that a figure reads the same in both.
 */
public record Units(boolean metric) {
  public static final double METRES_PER_MILE = 1609.344;
  public static final double FEET_PER_METRE = 3.28084;

  /** A distance: "24.0 km" or "14.9 mi". */
  public String distance(double metres) {
    return metric
        ? String.format(Locale.ENGLISH, "%.1f km", metres / 1000)
        : String.format(Locale.ENGLISH, "%.1f mi", metres / METRES_PER_MILE);
  }

  /** An elevation: "620 m" or "2034 ft". */
  public String elevation(double metres) {
    return metric
        ? String.format(Locale.ENGLISH, "%.0f m", metres)
        : String.format(Locale.ENGLISH, "%.0f ft", metres * FEET_PER_METRE);
  }

  /** A pace: "5:03 /km" or "8:08 /mi"; runners think in pace, not m/s. */
  public String pace(double metresPerSecond) {
    if (metresPerSecond <= 0) {
      return "-";
    }
    double seconds = (metric ? 1000 : METRES_PER_MILE) / metresPerSecond;
    long rounded = Math.round(seconds);
    return String.format(
        Locale.ENGLISH, "%d:%02d /%s", rounded / 60, rounded % 60, metric ? "km" : "mi");
  }

  /** The chart's value of a distance (km or mi) or an elevation (m or ft). */
  public double distanceValue(double metres) {
    return metric ? metres / 1000 : metres / METRES_PER_MILE;
  }

  public double elevationValue(double metres) {
    return metric ? metres : metres * FEET_PER_METRE;
  }

  /** Speed for the chart: km/h or mph. */
  public double speedValue(double metresPerSecond) {
    return metric ? metresPerSecond * 3.6 : metresPerSecond * 3600 / METRES_PER_MILE;
  }

  public String distanceUnit() {
    return metric ? "km" : "mi";
  }

  public String elevationUnit() {
    return metric ? "m" : "ft";
  }

  public String speedUnit() {
    return metric ? "km/h" : "mph";
  }
}
