package io.backstride.core.activity;

import static io.backstride.core.activity.MetricRules.DOWNHILL_GRADE;
import static io.backstride.core.activity.MetricRules.ELEVATION_HYSTERESIS_M;
import static io.backstride.core.activity.MetricRules.GRADE_MIN_TRAVEL_M;

import io.backstride.core.Sample;

/**
 * Climbs, descents and downhill distance so far. The four nullable values are null together until
 * the first sample with an elevation, and again after a pause until the next one.
 *
 * @param smoothedM the low-passed elevation: raw watch altitude jitters by metres, and a hysteresis
 *     alone would count a 4 m peak-to-peak jitter as climbs and descents
 * @param turnM the smoothed elevation at the last confirmed turn between climbing and descending
 * @param extremeM the highest (climbing) or lowest (descending) smoothed elevation since that turn:
 *     a leg counts whole, from turn to extreme, once the elevation has come back from the extreme
 *     by the hysteresis
 * @param direction +1 climbing, -1 descending, 0 not yet known
 * @param ascentM the climbs finished so far
 * @param descentM the descents finished so far
 * @param gradeFromDistanceM moving distance at which the current grade segment began
 * @param gradeFromElevationM smoothed elevation at which the current grade segment began
 * @param downhillDistanceM moving distance at a grade of {@link MetricRules#DOWNHILL_GRADE} or
 *     steeper
 */
public record Elevation(
    Double smoothedM,
    Double turnM,
    Double extremeM,
    int direction,
    double ascentM,
    double descentM,
    double gradeFromDistanceM,
    Double gradeFromElevationM,
    double downhillDistanceM) {

  static final Elevation EMPTY = new Elevation(null, null, null, 0, 0, 0, 0, null, 0);

  /**
   * Time constant of the elevation low-pass: long enough to average 1 Hz jitter, short enough to
   * follow hills.
   */
  static final double SMOOTHING_S = 10;

  /** Ascent including the climb still in progress. */
  public double totalAscentM() {
    return ascentM + (direction > 0 ? extremeM - turnM : 0);
  }

  /** Descent including the descent still in progress. */
  public double totalDescentM() {
    return descentM + (direction < 0 ? turnM - extremeM : 0);
  }

  /** The fold over one batch. */
  static final class Builder {
    // primitive while folding (the record's nullable values would be boxed anew for every sample)
    private boolean known;
    private double smoothedM;
    private double turnM;
    private double extremeM;
    private int direction;
    private double ascentM;
    private double descentM;
    private double gradeFromDistanceM;
    private double gradeFromElevationM;
    private double downhillDistanceM;
    private double smoothingForDt = Double.NaN;
    private double smoothing;

    Builder(Elevation e) {
      known = e.smoothedM != null;
      if (known) {
        smoothedM = e.smoothedM;
        turnM = e.turnM;
        extremeM = e.extremeM;
        gradeFromElevationM = e.gradeFromElevationM;
      }
      direction = e.direction;
      ascentM = e.ascentM;
      descentM = e.descentM;
      gradeFromDistanceM = e.gradeFromDistanceM;
      downhillDistanceM = e.downhillDistanceM;
    }

    /**
     * Adds an accepted sample; {@code movingDistanceM} is the moving distance including its step.
     */
    void add(Sample s, Track.Builder step, double movingDistanceM) {
      if (step.resumed) {
        restart();
      }
      if (s.elevationM() == null) {
        return;
      }
      if (!known) {
        known = true;
        smoothedM = s.elevationM();
        turnM = s.elevationM();
        extremeM = s.elevationM();
        gradeFromElevationM = s.elevationM();
        gradeFromDistanceM = movingDistanceM;
        return;
      }
      if (step.dt != smoothingForDt) { // samples mostly come at one interval: one exp per change
        smoothing = 1 - Math.exp(-step.dt / SMOOTHING_S);
        smoothingForDt = step.dt;
      }
      smoothedM += smoothing * (s.elevationM() - smoothedM);
      follow(smoothedM);
      double travel = movingDistanceM - gradeFromDistanceM;
      if (step.moving && step.stepM > 0 && travel >= GRADE_MIN_TRAVEL_M) {
        double grade = (smoothedM - gradeFromElevationM) / travel;
        if (grade <= DOWNHILL_GRADE) {
          downhillDistanceM += travel;
        }
        gradeFromDistanceM = movingDistanceM;
        gradeFromElevationM = smoothedM;
      }
    }

    /**
     * After a pause the elevation starts afresh: the climb or descent in progress ends where the
     * recording stopped, and the way up or down during the pause (a lift, a car) is not counted.
     */
    private void restart() {
      if (!known) {
        return;
      }
      if (direction > 0) {
        ascentM += extremeM - turnM;
      } else if (direction < 0) {
        descentM += turnM - extremeM;
      }
      known = false;
      direction = 0;
    }

    /**
     * Hysteresis over the smoothed elevation: a climb or descent counts from one turning point to
     * the next extreme, and a reversal counts only once it exceeds the hysteresis, so jitter around
     * a level makes no phantom hills while a real hill is counted whole.
     */
    private void follow(double e) {
      if (direction > 0) {
        if (e > extremeM) {
          extremeM = e;
        } else if (extremeM - e >= ELEVATION_HYSTERESIS_M) {
          ascentM += extremeM - turnM;
          turn(e, -1);
        }
      } else if (direction < 0) {
        if (e < extremeM) {
          extremeM = e;
        } else if (e - extremeM >= ELEVATION_HYSTERESIS_M) {
          descentM += turnM - extremeM;
          turn(e, +1);
        }
      } else if (Math.abs(e - turnM) >= ELEVATION_HYSTERESIS_M) {
        direction = e > turnM ? 1 : -1;
        extremeM = e;
      }
    }

    private void turn(double e, int newDirection) {
      turnM = extremeM;
      extremeM = e;
      direction = newDirection;
    }

    Elevation build() {
      return new Elevation(
          known ? smoothedM : null,
          known ? turnM : null,
          known ? extremeM : null,
          direction,
          ascentM,
          descentM,
          gradeFromDistanceM,
          known ? gradeFromElevationM : null,
          downhillDistanceM);
    }
  }
}
