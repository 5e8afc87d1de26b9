package io.backstride.ingest;

import io.backstride.core.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Puts the samples of any reader into the order {@link ParsedActivity} promises: sorted by time, no
 * two with the same time. Watches do write points out of order (a clock correction after a GPS fix)
 * and twice (a lap boundary repeats its point in TCX).
 */
public final class SampleOrder {

  /**
   * Sorted by time (stable, so the first of equal times is the one kept), duplicates dropped. A
   * list already in strictly increasing order, as nearly every file's is, is returned as it is: the
   * check is one pass, where the sort and the copies were three.
   */
  public static List<Sample> sortedUnique(List<Sample> samples) {
    return sortedUnique(samples, Sample::time);
  }

  /**
   * As {@link #sortedUnique(List)}, for anything with a time (a reader's points before samples).
   */
  public static <T> List<T> sortedUnique(List<T> items, Function<? super T, Instant> time) {
    if (strictlyIncreasing(items, time)) {
      return items;
    }
    List<T> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(time));
    List<T> unique = new ArrayList<>(sorted.size());
    for (T item : sorted) {
      if (unique.isEmpty() || !time.apply(unique.get(unique.size() - 1)).equals(time.apply(item))) {
        unique.add(item);
      }
    }
    return unique;
  }

  private static <T> boolean strictlyIncreasing(List<T> items, Function<? super T, Instant> time) {
    for (int i = 1; i < items.size(); i++) {
      if (time.apply(items.get(i - 1)).compareTo(time.apply(items.get(i))) >= 0) {
        return false;
      }
    }
    return true;
  }

  private SampleOrder() {}
}
