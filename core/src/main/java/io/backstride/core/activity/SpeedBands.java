package io.backstride.core.activity;

import static io.backstride.core.activity.MetricRules.SPEED_BANDS;
import static io.backstride.core.activity.MetricRules.SPEED_BAND_MPS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Moving distance and time per speed band of {@link MetricRules#SPEED_BAND_MPS}, from 0 m/s up: the
 * distance for the speed load, the time for the median moving speed.
 */
public record SpeedBands(List<Double> distanceM, List<Double> timeS) {

  static final SpeedBands EMPTY = new SpeedBands(zeros(), zeros());

  public SpeedBands {
    distanceM = List.copyOf(distanceM);
    timeS = List.copyOf(timeS);
  }

  /** The time-weighted median of the moving speed: the middle of the band holding half the time. */
  public double medianSpeedMps(double movingTimeS) {
    double half = movingTimeS / 2;
    double seen = 0;
    for (int band = 0; band < timeS.size(); band++) {
      seen += timeS.get(band);
      if (seen >= half && seen > 0) {
        return (band + 0.5) * SPEED_BAND_MPS;
      }
    }
    return 0;
  }

  private static List<Double> zeros() {
    Double[] z = new Double[SPEED_BANDS];
    Arrays.fill(z, 0.0);
    return List.of(z);
  }

  /** The fold over one batch. */
  static final class Builder {
    private final double[] distanceM;
    private final double[] timeS;

    Builder(SpeedBands b) {
      distanceM = b.distanceM.stream().mapToDouble(Double::doubleValue).toArray();
      timeS = b.timeS.stream().mapToDouble(Double::doubleValue).toArray();
    }

    void add(Track.Builder step) {
      if (step.moving) {
        int band = Math.min(SPEED_BANDS - 1, (int) ((step.stepM / step.dt) / SPEED_BAND_MPS));
        distanceM[band] += step.stepM;
        timeS[band] += step.dt;
      }
    }

    SpeedBands build() {
      List<Double> distances = new ArrayList<>(distanceM.length);
      List<Double> times = new ArrayList<>(timeS.length);
      for (int i = 0; i < distanceM.length; i++) {
        distances.add(distanceM[i]);
        times.add(timeS[i]);
      }
      return new SpeedBands(distances, times);
    }
  }
}
