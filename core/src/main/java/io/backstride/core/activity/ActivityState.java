package io.backstride.core.activity;

import static io.backstride.core.activity.MetricRules.DOWNHILL_GRADE;
import static io.backstride.core.activity.MetricRules.ELEVATION_HYSTERESIS_M;
import static io.backstride.core.activity.MetricRules.GPS_JUMP_SPEED_MPS;
import static io.backstride.core.activity.MetricRules.GRADE_MIN_TRAVEL_M;
import static io.backstride.core.activity.MetricRules.MAX_MOVING_GAP_S;
import static io.backstride.core.activity.MetricRules.MOVING_SPEED_MPS;
import static io.backstride.core.activity.MetricRules.SPEED_BANDS;
import static io.backstride.core.activity.MetricRules.SPEED_BAND_MPS;

import io.backstride.core.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The running totals of one activity while its samples arrive, in constant size: it keeps the last
 * accepted sample and sums, never the samples themselves, so a stream processor can hold one per
 * open activity. Immutable: {@link #plus(List)} returns the next state.
 *
 * @param lastDeviceDistanceM the device's cumulative distance on the last accepted sample; null
 *     when that sample had none
 * @param elevationSmoothedM the low-passed elevation: raw watch altitude jitters by metres, and a
 *     hysteresis alone would count a 4 m peak-to-peak jitter as climbs and descents
 * @param elevationTurnM the smoothed elevation at the last confirmed turn between climbing and
 *     descending
 * @param elevationExtremeM the highest (climbing) or lowest (descending) smoothed elevation since
 *     that turn: a leg counts whole, from turn to extreme, once the elevation has come back from
 *     the extreme by the hysteresis
 * @param elevationDirection +1 climbing, -1 descending, 0 not yet known
 * @param gradeFromDistanceM moving distance at which the current grade segment began
 * @param gradeFromElevationM smoothed elevation at which the current grade segment began
 * @param bandDistanceM moving distance per speed band of {@link MetricRules#SPEED_BAND_MPS}
 * @param bandTimeS moving time per speed band (for the median moving speed)
 */
public record ActivityState(
    int sampleCount,
    int droppedJumps,
    Instant startTime,
    Instant lastTime,
    Double lastLat,
    Double lastLon,
    Double lastDeviceDistanceM,
    double distanceM,
    double movingDistanceM,
    double movingTimeS,
    Double elevationSmoothedM,
    Double elevationTurnM,
    Double elevationExtremeM,
    int elevationDirection,
    double ascentM,
    double descentM,
    double gradeFromDistanceM,
    Double gradeFromElevationM,
    double downhillDistanceM,
    List<Double> bandDistanceM,
    List<Double> bandTimeS,
    double heartRateSum,
    int heartRateCount,
    double cadenceSum,
    int cadenceCount,
    double verticalOscillationSum,
    int verticalOscillationCount) {

  /**
   * Time constant of the elevation low-pass: long enough to average 1 Hz jitter, short enough to
   * follow hills.
   */
  static final double ELEVATION_SMOOTHING_S = 10;

  public ActivityState {
    bandDistanceM = List.copyOf(bandDistanceM);
    bandTimeS = List.copyOf(bandTimeS);
  }

  /** Before the first sample. */
  public static ActivityState empty() {
    List<Double> zeros = zeros();
    return new ActivityState(
        0, 0, null, null, null, null, null, 0, 0, 0, null, null, null, 0, 0, 0, 0, null, 0, zeros,
        zeros, 0, 0, 0, 0, 0, 0);
  }

  /** The state after these samples, which must follow the ones already seen in time. */
  public ActivityState plus(List<Sample> samples) {
    Builder b = new Builder(this);
    for (Sample s : samples) {
      b.add(s);
    }
    return b.build();
  }

  /** Ascent including the climb still in progress. */
  public double totalAscentM() {
    return ascentM + (elevationDirection > 0 ? elevationExtremeM - elevationTurnM : 0);
  }

  /** Descent including the descent still in progress. */
  public double totalDescentM() {
    return descentM + (elevationDirection < 0 ? elevationTurnM - elevationExtremeM : 0);
  }

  /** The finished activity's metrics. */
  public ActivityMetrics metrics() {
    return ActivityMetrics.of(this);
  }

  private static List<Double> zeros() {
    Double[] z = new Double[SPEED_BANDS];
    Arrays.fill(z, 0.0);
    return List.of(z);
  }

  /** Mutable work area for one batch, so a batch of hundreds of samples makes one new state. */
  private static final class Builder {
    private int sampleCount;
    private int droppedJumps;
    private Instant startTime;
    private Instant lastTime;
    private Double lastLat;
    private Double lastLon;
    private Double lastDeviceDistanceM;
    private double distanceM;
    private double movingDistanceM;
    private double movingTimeS;
    // primitive while folding (the record's nullable values would be boxed anew for every sample);
    // all four are unset together until the first sample with an elevation
    private boolean hasElevation;
    private double elevationSmoothedM;
    private double elevationTurnM;
    private double elevationExtremeM;
    private int elevationDirection;
    private double ascentM;
    private double descentM;
    private double gradeFromDistanceM;
    private double gradeFromElevationM;
    private double downhillDistanceM;
    private double smoothingForDt = Double.NaN;
    private double smoothing;
    private final double[] bandDistanceM;
    private final double[] bandTimeS;
    private double heartRateSum;
    private int heartRateCount;
    private double cadenceSum;
    private int cadenceCount;
    private double verticalOscillationSum;
    private int verticalOscillationCount;

    Builder(ActivityState s) {
      sampleCount = s.sampleCount;
      droppedJumps = s.droppedJumps;
      startTime = s.startTime;
      lastTime = s.lastTime;
      lastLat = s.lastLat;
      lastLon = s.lastLon;
      lastDeviceDistanceM = s.lastDeviceDistanceM;
      distanceM = s.distanceM;
      movingDistanceM = s.movingDistanceM;
      movingTimeS = s.movingTimeS;
      hasElevation = s.elevationSmoothedM != null;
      if (hasElevation) {
        elevationSmoothedM = s.elevationSmoothedM;
        elevationTurnM = s.elevationTurnM;
        elevationExtremeM = s.elevationExtremeM;
        gradeFromElevationM = s.gradeFromElevationM;
      }
      elevationDirection = s.elevationDirection;
      ascentM = s.ascentM;
      descentM = s.descentM;
      gradeFromDistanceM = s.gradeFromDistanceM;
      downhillDistanceM = s.downhillDistanceM;
      bandDistanceM = s.bandDistanceM.stream().mapToDouble(Double::doubleValue).toArray();
      bandTimeS = s.bandTimeS.stream().mapToDouble(Double::doubleValue).toArray();
      heartRateSum = s.heartRateSum;
      heartRateCount = s.heartRateCount;
      cadenceSum = s.cadenceSum;
      cadenceCount = s.cadenceCount;
      verticalOscillationSum = s.verticalOscillationSum;
      verticalOscillationCount = s.verticalOscillationCount;
    }

    void add(Sample s) {
      if (lastTime != null && !s.time().isAfter(lastTime)) {
        return; // a repeated or out-of-order sample adds nothing
      }
      double dt =
          lastTime == null ? 0 : (s.time().toEpochMilli() - lastTime.toEpochMilli()) / 1000.0;
      // the way from the sample before a pause was not run: only the device's own distance,
      // which stops with its timer, may say anything about it
      boolean resumed = lastTime != null && s.pauseBefore();
      double positionStep =
          lastTime != null && s.hasPosition() && lastLat != null
              ? Geo.distanceM(lastLat, lastLon, s.lat(), s.lon())
              : Double.NaN;
      if (!resumed && dt > 0 && positionStep / dt > GPS_JUMP_SPEED_MPS) {
        droppedJumps++; // a position that implies running faster than 12 m/s is GPS noise
        return;
      }
      double step = lastTime == null ? 0 : stepDistance(s, dt, positionStep, resumed);
      sampleCount++;
      if (startTime == null) {
        startTime = s.time();
      }
      boolean moving =
          !resumed && dt > 0 && dt <= MAX_MOVING_GAP_S && step / dt >= MOVING_SPEED_MPS;
      distanceM += step;
      if (moving) {
        movingDistanceM += step;
        movingTimeS += dt;
        int band = Math.min(SPEED_BANDS - 1, (int) ((step / dt) / SPEED_BAND_MPS));
        bandDistanceM[band] += step;
        bandTimeS[band] += dt;
      }
      if (resumed) {
        restartElevation();
      }
      addElevation(s, dt, moving ? step : 0);
      if (s.hasPosition()) {
        lastLat = s.lat();
        lastLon = s.lon();
      }
      // only the previous sample's own: a delta over a sample without one would count again
      // the step that positions or speed measured to it
      lastDeviceDistanceM = s.distanceM();
      if (s.heartRateBpm() != null) {
        heartRateSum += s.heartRateBpm();
        heartRateCount++;
      }
      if (s.cadenceSpm() != null) {
        cadenceSum += s.cadenceSpm();
        cadenceCount++;
      }
      if (s.verticalOscillationMm() != null) {
        verticalOscillationSum += s.verticalOscillationMm();
        verticalOscillationCount++;
      }
      lastTime = s.time();
    }

    /**
     * Distance since the last sample. The device's cumulative distance wins where this sample and
     * the one before both have it and it did not go back: it is filtered, and it stops while the
     * watch is paused (Runalyze and GoldenCheetah take it too). Else the positions, else the
     * device's speed; across a pause nothing but the device's distance.
     */
    private double stepDistance(Sample s, double dt, double positionStep, boolean resumed) {
      if (s.distanceM() != null
          && lastDeviceDistanceM != null
          && s.distanceM() >= lastDeviceDistanceM) {
        return s.distanceM() - lastDeviceDistanceM;
      }
      if (resumed) {
        return 0;
      }
      if (!Double.isNaN(positionStep)) {
        return positionStep;
      }
      if (s.speedMps() != null) {
        return s.speedMps() * dt; // a treadmill without a distance field
      }
      return 0;
    }

    /**
     * After a pause the elevation starts afresh: the climb or descent in progress ends where the
     * recording stopped, and the way up or down during the pause (a lift, a car) is not counted.
     */
    private void restartElevation() {
      if (!hasElevation) {
        return;
      }
      if (elevationDirection > 0) {
        ascentM += elevationExtremeM - elevationTurnM;
      } else if (elevationDirection < 0) {
        descentM += elevationTurnM - elevationExtremeM;
      }
      hasElevation = false;
      elevationDirection = 0;
    }

    private void addElevation(Sample s, double dt, double movingStep) {
      if (s.elevationM() == null) {
        return;
      }
      if (!hasElevation) {
        hasElevation = true;
        elevationSmoothedM = s.elevationM();
        elevationTurnM = s.elevationM();
        elevationExtremeM = s.elevationM();
        gradeFromElevationM = s.elevationM();
        gradeFromDistanceM = movingDistanceM;
        return;
      }
      if (dt != smoothingForDt) { // samples mostly come at one interval: one exp per change
        smoothing = 1 - Math.exp(-dt / ELEVATION_SMOOTHING_S);
        smoothingForDt = dt;
      }
      elevationSmoothedM += smoothing * (s.elevationM() - elevationSmoothedM);
      followElevation(elevationSmoothedM);
      double travel = movingDistanceM - gradeFromDistanceM;
      if (movingStep > 0 && travel >= GRADE_MIN_TRAVEL_M) {
        double grade = (elevationSmoothedM - gradeFromElevationM) / travel;
        if (grade <= DOWNHILL_GRADE) {
          downhillDistanceM += travel;
        }
        gradeFromDistanceM = movingDistanceM;
        gradeFromElevationM = elevationSmoothedM;
      }
    }

    /**
     * Hysteresis over the smoothed elevation: a climb or descent counts from one turning point to
     * the next extreme, and a reversal counts only once it exceeds the hysteresis, so jitter around
     * a level makes no phantom hills while a real hill is counted whole.
     */
    private void followElevation(double e) {
      if (elevationDirection > 0) {
        if (e > elevationExtremeM) {
          elevationExtremeM = e;
        } else if (elevationExtremeM - e >= ELEVATION_HYSTERESIS_M) {
          ascentM += elevationExtremeM - elevationTurnM;
          turn(e, -1);
        }
      } else if (elevationDirection < 0) {
        if (e < elevationExtremeM) {
          elevationExtremeM = e;
        } else if (e - elevationExtremeM >= ELEVATION_HYSTERESIS_M) {
          descentM += elevationTurnM - elevationExtremeM;
          turn(e, +1);
        }
      } else if (Math.abs(e - elevationTurnM) >= ELEVATION_HYSTERESIS_M) {
        elevationDirection = e > elevationTurnM ? 1 : -1;
        elevationExtremeM = e;
      }
    }

    private void turn(double e, int newDirection) {
      elevationTurnM = elevationExtremeM;
      elevationExtremeM = e;
      elevationDirection = newDirection;
    }

    ActivityState build() {
      List<Double> bandDistances = new ArrayList<>(SPEED_BANDS);
      List<Double> bandTimes = new ArrayList<>(SPEED_BANDS);
      for (int i = 0; i < SPEED_BANDS; i++) {
        bandDistances.add(bandDistanceM[i]);
        bandTimes.add(bandTimeS[i]);
      }
      return new ActivityState(
          sampleCount,
          droppedJumps,
          startTime,
          lastTime,
          lastLat,
          lastLon,
          lastDeviceDistanceM,
          distanceM,
          movingDistanceM,
          movingTimeS,
          hasElevation ? elevationSmoothedM : null,
          hasElevation ? elevationTurnM : null,
          hasElevation ? elevationExtremeM : null,
          elevationDirection,
          ascentM,
          descentM,
          gradeFromDistanceM,
          hasElevation ? gradeFromElevationM : null,
          downhillDistanceM,
          bandDistances,
          bandTimes,
          heartRateSum,
          heartRateCount,
          cadenceSum,
          cadenceCount,
          verticalOscillationSum,
          verticalOscillationCount);
    }
  }
}
