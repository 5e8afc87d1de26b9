package io.backstride.core.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The running an athlete did on one local day. Built with {@link #plus} and {@link #minus} so that
 * a re-uploaded activity can be taken out before its new version goes in, and nothing is counted
 * twice.
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
    return new DailyLoad(
        runs + 1,
        distanceM + run.distanceM(),
        movingDistanceM + run.movingDistanceM(),
        movingTimeS + run.movingTimeS(),
        descentM + run.descentM(),
        combine(bandDistanceM, run.bandDistanceM(), 1));
  }

  public DailyLoad minus(ActivityLoad run) {
    if (runs <= 1) {
      return EMPTY; // exactly empty, not a residue of floating-point subtraction
    }
    return new DailyLoad(
        runs - 1,
        Math.max(0, distanceM - run.distanceM()),
        Math.max(0, movingDistanceM - run.movingDistanceM()),
        Math.max(0, movingTimeS - run.movingTimeS()),
        Math.max(0, descentM - run.descentM()),
        combine(bandDistanceM, run.bandDistanceM(), -1));
  }

  public boolean isEmpty() {
    return runs == 0;
  }

  private static List<Double> combine(List<Double> a, List<Double> b, int sign) {
    int n = Math.max(a.size(), b.size());
    List<Double> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double x = (i < a.size() ? a.get(i) : 0) + sign * (i < b.size() ? b.get(i) : 0);
      out.add(Math.max(0, x));
    }
    return out;
  }
}
