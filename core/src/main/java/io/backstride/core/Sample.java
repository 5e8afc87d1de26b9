package io.backstride.core;

import java.time.Instant;

/**
 * One reading from a watch. Only the time is required: a treadmill run has no position, an old GPS
 * logger has no heart rate. Absent values are {@code null}.
 *
 * @param time when the reading was taken (UTC)
 * @param lat latitude in WGS84 degrees
 * @param lon longitude in WGS84 degrees
 * @param elevationM altitude in metres (barometric where the device has it)
 * @param speedMps the device's own speed
 * @param distanceM the device's cumulative distance from the start
 * @param heartRateBpm heart rate
 * @param cadenceSpm steps per minute, both feet
 * @param verticalOscillationMm vertical bounce of the torso per step
 * @param pauseBefore the recording was paused between the previous sample and this one (a FIT timer
 *     stop, a new TCX track or GPX track segment): the way from the previous sample was not run, so
 *     it counts toward no distance, moving time or descent
 */
public record Sample(
    Instant time,
    Double lat,
    Double lon,
    Double elevationM,
    Double speedMps,
    Double distanceM,
    Integer heartRateBpm,
    Double cadenceSpm,
    Double verticalOscillationMm,
    boolean pauseBefore) {

  public Sample {
    if (time == null) {
      throw new IllegalArgumentException("a sample needs a time");
    }
  }

  /** A sample that continues the recording of the one before it. */
  public Sample(
      Instant time,
      Double lat,
      Double lon,
      Double elevationM,
      Double speedMps,
      Double distanceM,
      Integer heartRateBpm,
      Double cadenceSpm,
      Double verticalOscillationMm) {
    this(
        time,
        lat,
        lon,
        elevationM,
        speedMps,
        distanceM,
        heartRateBpm,
        cadenceSpm,
        verticalOscillationMm,
        false);
  }

  /** A sample with a position and elevation only, as most GPX files give. */
  public static Sample at(Instant time, double lat, double lon, Double elevationM) {
    return new Sample(time, lat, lon, elevationM, null, null, null, null, null);
  }

  /** This sample as the first one after a pause in the recording. */
  public Sample afterPause() {
    return new Sample(
        time,
        lat,
        lon,
        elevationM,
        speedMps,
        distanceM,
        heartRateBpm,
        cadenceSpm,
        verticalOscillationMm,
        true);
  }

  /**
   * This sample with another cadence: a file's cadence unit (one foot or both) may be known only
   * once the whole file is read.
   */
  public Sample withCadence(Double cadenceSpm) {
    return new Sample(
        time,
        lat,
        lon,
        elevationM,
        speedMps,
        distanceM,
        heartRateBpm,
        cadenceSpm,
        verticalOscillationMm,
        pauseBefore);
  }

  public boolean hasPosition() {
    return lat != null && lon != null;
  }
}
