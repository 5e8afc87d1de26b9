package io.backstride.core.activity;

/**
 * How far an activity went: all of it, and the part that was moving (faster than a stand, no pause)
 * with the time it took.
 */
public record Distance(double distanceM, double movingDistanceM, double movingTimeS) {

  static final Distance EMPTY = new Distance(0, 0, 0);

  /** The moving speed over the whole activity; 0 before it moved. */
  public double averageMovingSpeedMps() {
    return movingTimeS > 0 ? movingDistanceM / movingTimeS : 0;
  }

  /** The fold over one batch. */
  static final class Builder {
    private double distanceM;
    private double movingDistanceM;
    private double movingTimeS;

    Builder(Distance d) {
      distanceM = d.distanceM;
      movingDistanceM = d.movingDistanceM;
      movingTimeS = d.movingTimeS;
    }

    void add(Track.Builder step) {
      distanceM += step.stepM;
      if (step.moving) {
        movingDistanceM += step.stepM;
        movingTimeS += step.dt;
      }
    }

    /** Moving distance so far, where grade segments are measured along. */
    double movingDistanceM() {
      return movingDistanceM;
    }

    Distance build() {
      return new Distance(distanceM, movingDistanceM, movingTimeS);
    }
  }
}
