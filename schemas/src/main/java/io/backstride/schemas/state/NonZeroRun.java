package io.backstride.schemas.state;

import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.IntToDoubleFunction;

/**
 * The part of a per-band list from its first to its last value that is not zero. An activity fills
 * a few neighbouring speed bands and leaves the slow and fast ends empty, so a state value keeps
 * only this run and where it starts.
 *
 * @param first the index of the first value kept
 * @param end the index after the last value kept; {@code first} when none is
 */
public record NonZeroRun(int first, int end) {

  /** The run of {@code values} between the first and the last that {@code isZero} refuses. */
  public static NonZeroRun of(List<Double> values, DoublePredicate isZero) {
    int first = 0;
    while (first < values.size() && isZero.test(values.get(first))) {
      first++;
    }
    int end = values.size();
    while (end > first && isZero.test(values.get(end - 1))) {
      end--;
    }
    return new NonZeroRun(first, end);
  }

  /**
   * The same over {@code size} values read by index (an open activity's bands, per batch, without
   * boxing or copying them).
   */
  public static NonZeroRun of(int size, IntToDoubleFunction values, DoublePredicate isZero) {
    int first = 0;
    while (first < size && isZero.test(values.applyAsDouble(first))) {
      first++;
    }
    int end = size;
    while (end > first && isZero.test(values.applyAsDouble(end - 1))) {
      end--;
    }
    return new NonZeroRun(first, end);
  }

  public int length() {
    return end - first;
  }
}
