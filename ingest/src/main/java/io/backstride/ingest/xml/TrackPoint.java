package io.backstride.ingest.xml;

import io.backstride.core.Sample;
import java.time.Instant;

/**
 * A GPX or TCX track point while its elements are being read: each value is set as its element is
 * read and stays null when the file has none. Mutable on purpose, one per point, so that reading a
 * value costs no copy.
 */
public final class TrackPoint {
  public Double lat;
  public Double lon;
  public Double elevation;
  public Double speed;
  public Double distance;
  public Integer heartRate;
  public Double cadence;
  public Instant time;

  /** The first point of a track but the first track: set by {@link TrackPoints}. */
  boolean pauseBefore;

  /**
   * The point as a sample, its cadence times {@code cadenceFactor}; needs its time. A position
   * needs both halves: one alone is none.
   */
  Sample toSample(double cadenceFactor) {
    boolean positioned = lat != null && lon != null;
    return new Sample(
        time,
        positioned ? lat : null,
        positioned ? lon : null,
        elevation,
        speed,
        distance,
        heartRate,
        cadence == null || cadenceFactor == 1 ? cadence : Double.valueOf(cadence * cadenceFactor),
        null,
        pauseBefore);
  }
}
