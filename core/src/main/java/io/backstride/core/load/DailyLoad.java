package io.backstride.core.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The running an athlete did on one local day: the sum of its runs ({@link #plus}). A day with only
 * other activities (a hike) is a day of history with no runs in it.
 */
public record DailyLoad(
    int runs,
    double distanceM,
    double movingDistanceM,
    double movingTimeS,
    double descentM,
    List<Double> bandDistanceM) {

  public static final DailyLoad EMPTY = new DailyLoad(0, 0, 0, 0, 0, List.of());

  public DailyLoad {
    bandDistanceM = List.copyOf(bandDistanceM);
  }

  public DailyLoad plus(ActivityLoad run) {
    if (!run.run()) {
      return this; // not running: no load, and no run to count toward a baseline
    }
    if (runs == 0) {
      // the first run of a day is the day: its (immutable) band list is shared, not summed
      return new DailyLoad(
          1,
          run.distanceM(),
          run.movingDistanceM(),
          run.movingTimeS(),
          run.descentM(),
          run.bandDistanceM());
    }
    return new DailyLoad(
        runs + 1,
        distanceM + run.distanceM(),
        movingDistanceM + run.movingDistanceM(),
        movingTimeS + run.movingTimeS(),
        descentM + run.descentM(),
        combine(bandDistanceM, run.bandDistanceM()));
  }

  public boolean isEmpty() {
    return runs == 0;
  }

  private static List<Double> combine(List<Double> a, List<Double> b) {
    int n = Math.max(a.size(), b.size());
    List<Double> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add((i < a.size() ? a.get(i) : 0) + (i < b.size() ? b.get(i) : 0));
    }
    return out;
  }
}
