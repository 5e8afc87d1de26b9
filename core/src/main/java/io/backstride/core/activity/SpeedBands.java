package io.backstride.core.activity;

import static io.backstride.core.activity.MetricRules.SPEED_BANDS;
import static io.backstride.core.activity.MetricRules.SPEED_BAND_MPS;

import java.util.Arrays;
import java.util.List;

/**
 * Moving distance and time per speed band of {@link MetricRules#SPEED_BAND_MPS}, from 0 m/s up: the
 * distance for the speed load, the time for the median moving speed.
 *
 * <p>A class over two {@code double[]} rather than a record of two {@code List<Double>}: an open
 * activity's bands are read, folded and written once per sample batch, and boxing 2 x 48 values
 * there (and copying the lists again) was about 7 % of the stream thread at 10,000 athletes. The
 * arrays never leave this class: what comes in is copied, what goes out is a value or a copy.
 */
public final class SpeedBands {

  static final SpeedBands EMPTY = new SpeedBands(new double[SPEED_BANDS], new double[SPEED_BANDS]);

  private final double[] distanceM;
  private final double[] timeS;

  /** Copies both arrays. */
  public SpeedBands(double[] distanceM, double[] timeS) {
    this(distanceM.clone(), timeS.clone(), true);
  }

  /** From boxed lists (older stored forms); a null in either is refused. */
  public SpeedBands(List<Double> distanceM, List<Double> timeS) {
    this(unboxed(distanceM), unboxed(timeS), true);
  }

  /** Takes the arrays as they are: only for arrays nobody else holds. */
  private SpeedBands(double[] distanceM, double[] timeS, boolean owned) {
    this.distanceM = distanceM;
    this.timeS = timeS;
  }

  /** The number of distance values (the same as of time values in every state written). */
  public int distanceBands() {
    return distanceM.length;
  }

  public int timeBands() {
    return timeS.length;
  }

  public double distanceM(int band) {
    return distanceM[band];
  }

  public double timeS(int band) {
    return timeS[band];
  }

  /** The distances, boxed: for the finished activity's metrics, once per activity. */
  public List<Double> distanceM() {
    return boxed(distanceM);
  }

  public List<Double> timeS() {
    return boxed(timeS);
  }

  /** The time-weighted median of the moving speed: the middle of the band holding half the time. */
  public double medianSpeedMps(double movingTimeS) {
    double half = movingTimeS / 2;
    double seen = 0;
    for (int band = 0; band < timeS.length; band++) {
      seen += timeS[band];
      if (seen >= half && seen > 0) {
        return (band + 0.5) * SPEED_BAND_MPS;
      }
    }
    return 0;
  }

  @Override
  public boolean equals(Object o) {
    // Arrays.equals compares doubles as Double.equals did for the lists (bits, so 0.0 != -0.0)
    return o instanceof SpeedBands b
        && Arrays.equals(distanceM, b.distanceM)
        && Arrays.equals(timeS, b.timeS);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(distanceM) + Arrays.hashCode(timeS);
  }

  @Override
  public String toString() {
    return "SpeedBands[distanceM="
        + Arrays.toString(distanceM)
        + ", timeS="
        + Arrays.toString(timeS)
        + "]";
  }

  private static double[] unboxed(List<Double> values) {
    double[] a = new double[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = values.get(i); // a null throws, as List.copyOf did
    }
    return a;
  }

  private static List<Double> boxed(double[] values) {
    Double[] b = new Double[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = values[i];
    }
    return List.of(b);
  }

  /** The fold over one batch: works on its own copy, which {@link #build} hands over. */
  static final class Builder {
    private final double[] distanceM;
    private final double[] timeS;

    Builder(SpeedBands b) {
      distanceM = b.distanceM.clone();
      timeS = b.timeS.clone();
    }

    void add(Track.Builder step) {
      if (step.moving) {
        int band = Math.min(SPEED_BANDS - 1, (int) ((step.stepM / step.dt) / SPEED_BAND_MPS));
        distanceM[band] += step.stepM;
        timeS[band] += step.dt;
      }
    }

    /**
     * The bands so far; the builder is not used after this (ActivityState.plus makes one per
     * batch).
     */
    SpeedBands build() {
      return new SpeedBands(distanceM, timeS, true);
    }
  }
}
