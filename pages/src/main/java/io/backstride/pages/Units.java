package io.backstride.pages;

import java.util.Locale;

/**
 * The athlete's units on the pages: kilometres and metres, or miles and feet, and pace per km or
 * mile. The email's formats, so that a figure reads the same in the email and on the page.
 */
record Units(boolean metric) {
  private static final double MILE_M = 1609.344;
  private static final double FOOT_M = 0.3048;

  String distance(double metres) {
    return String.format(Locale.ENGLISH, "%.1f %s", distanceValue(metres), distanceUnit());
  }

  String elevation(double metres) {
    return String.format(Locale.ENGLISH, "%.0f %s", elevationValue(metres), elevationUnit());
  }

  String pace(double metresPerSecond) {
    if (metresPerSecond <= 0) {
      return "-";
    }
    long seconds = Math.round((metric ? 1000 : MILE_M) / metresPerSecond);
    return String.format(Locale.ENGLISH, "%d:%02d /%s", seconds / 60, seconds % 60, distanceUnit());
  }

  double distanceValue(double metres) {
    return metres / (metric ? 1000 : MILE_M);
  }

  double elevationValue(double metres) {
    return metric ? metres : metres / FOOT_M;
  }

  /** Speed on the chart: km/h or mph, where higher is faster as on the other charts. */
  double speedValue(double metresPerSecond) {
    return metresPerSecond * 3600 / (metric ? 1000 : MILE_M);
  }

  String distanceUnit() {
    return metric ? "km" : "mi";
  }

  String elevationUnit() {
    return metric ? "m" : "ft";
  }

  String speedUnit() {
    return metric ? "km/h" : "mph";
  }
}
