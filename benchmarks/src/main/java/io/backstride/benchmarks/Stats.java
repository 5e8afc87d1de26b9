package io.backstride.benchmarks;

import java.util.List;
import java.util.Locale;

/** The few statistics the harnesses print: medians of repeated rounds and rates. */
final class Stats {

  /** The median; the mean of the middle two for an even count. */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  static double perSecond(long count, long nanos) {
    return count * 1e9 / nanos;
  }

  /** A rate with thousands separated, as the tables in BENCHMARKS.md show it. */
  static String rate(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  private Stats() {}
}
