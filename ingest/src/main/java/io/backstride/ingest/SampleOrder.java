package io.backstride.ingest;

import io.backstride.core.Sample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts the samples of any reader into the order {@link ParsedActivity} promises: sorted by time, no
 * two with the same time. Watches do write points out of order (a clock correction after a GPS fix)
 * and twice (a lap boundary repeats its point in TCX).
 */
public final class SampleOrder {

  /** Sorted by time (stable, so the first of equal times is the one kept), duplicates dropped. */
  public static List<Sample> sortedUnique(List<Sample> samples) {
    List<Sample> sorted = new ArrayList<>(samples);
    sorted.sort(Comparator.comparing(Sample::time));
    List<Sample> unique = new ArrayList<>(sorted.size());
    for (Sample sample : sorted) {
      if (unique.isEmpty() || !unique.get(unique.size() - 1).time().equals(sample.time())) {
        unique.add(sample);
      }
    }
    return unique;
  }

  private SampleOrder() {}
}
