package io.backstride.core.activity;

import static io.backstride.core.activity.MetricRules.GPS_JUMP_SPEED_MPS;
import static io.backstride.core.activity.MetricRules.MAX_MOVING_GAP_S;
import static io.backstride.core.activity.MetricRules.MOVING_SPEED_MPS;

import io.backstride.core.Sample;
import java.time.Instant;

/**
 * Which samples an activity has taken and where the last one left it: the part of the running
 * totals that decides, for each new sample, whether it counts and how far it went.
 *
 * @param droppedJumps samples dropped as GPS jumps
 * @param lastDeviceDistanceM the device's cumulative distance on the last accepted sample; null
 *     when that sample had none
 */
public record Track(
    int sampleCount,
    int droppedJumps,
    Instant startTime,
    Instant lastTime,
    Double lastLat,
    Double lastLon,
    Double lastDeviceDistanceM) {

  static final Track EMPTY = new Track(0, 0, null, null, null, null, null);

  /**
   * The fold over one batch. {@link #accept} says whether a sample counts and leaves its step (the
   * time since the last one, the distance, a pause before it, moving or not) for the other
   * accumulators; {@link #advance} then makes it the last sample.
   */
  static final class Builder {
    private int sampleCount;
    private int droppedJumps;
    private Instant startTime;
    private Instant lastTime;
    private Double lastLat;
    private Double lastLon;
    private Double lastDeviceDistanceM;

    /** Seconds since the previous accepted sample; 0 for the first. */
    double dt;

    /** Distance since the previous accepted sample. */
    double stepM;

    /** The sample follows a pause: the way from the one before was not run. */
    boolean resumed;

    /** The step was run (or walked), not a stand or a pause. */
    boolean moving;

    Builder(Track t) {
      sampleCount = t.sampleCount;
      droppedJumps = t.droppedJumps;
      startTime = t.startTime;
      lastTime = t.lastTime;
      lastLat = t.lastLat;
      lastLon = t.lastLon;
      lastDeviceDistanceM = t.lastDeviceDistanceM;
    }

    /** Whether {@code s} counts; if it does, its step is set and it is counted. */
    boolean accept(Sample s) {
      if (lastTime != null && !s.time().isAfter(lastTime)) {
        return false; // a repeated or out-of-order sample adds nothing
      }
      dt = lastTime == null ? 0 : (s.time().toEpochMilli() - lastTime.toEpochMilli()) / 1000.0;
      // the way from the sample before a pause was not run: only the device's own distance,
      // which stops with its timer, may say anything about it
      resumed = lastTime != null && s.pauseBefore();
      double positionStep =
          lastTime != null && s.hasPosition() && lastLat != null
              ? Geo.distanceM(lastLat, lastLon, s.lat(), s.lon())
              : Double.NaN;
      if (!resumed && dt > 0 && positionStep / dt > GPS_JUMP_SPEED_MPS) {
        droppedJumps++; // a position that implies running faster than 12 m/s is GPS noise
        return false;
      }
      stepM = lastTime == null ? 0 : stepDistance(s, positionStep);
      sampleCount++;
      if (startTime == null) {
        startTime = s.time();
      }
      moving = !resumed && dt > 0 && dt <= MAX_MOVING_GAP_S && stepM / dt >= MOVING_SPEED_MPS;
      return true;
    }

    /** Makes the accepted {@code s} the last sample. */
    void advance(Sample s) {
      if (s.hasPosition()) {
        lastLat = s.lat();
        lastLon = s.lon();
      }
      // only the previous sample's own: a delta over a sample without one would count again
      // the step that positions or speed measured to it
      lastDeviceDistanceM = s.distanceM();
      lastTime = s.time();
    }

    /**
     * Distance since the last sample. The device's cumulative distance wins where this sample and
     * the one before both have it and it did not go back: it is filtered, and it stops while the
     * watch is paused (Runalyze and GoldenCheetah take it too). Else the positions, else the
     * device's speed; across a pause nothing but the device's distance.
     */
    private double stepDistance(Sample s, double positionStep) {
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

    Track build() {
      return new Track(
          sampleCount, droppedJumps, startTime, lastTime, lastLat, lastLon, lastDeviceDistanceM);
    }
  }
}
