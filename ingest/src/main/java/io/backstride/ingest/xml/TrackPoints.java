package io.backstride.ingest.xml;

import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.ingest.InvalidActivityException;
import io.backstride.ingest.ParsedActivity;
import io.backstride.ingest.SampleOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The samples of an XML track as its points are read: GPX and TCX both split a recording into
 * tracks (a GPX track segment, a TCX {@code Track}) where the watch was stopped, and both skip a
 * point without a time rather than guess one.
 *
 * <p>The points are kept as read and become samples once, at the end, when their order and the unit
 * of their cadence are known: a sample made per point and then copied to sort, mark or scale it
 * cost as much as a sixth of a read.
 */
public final class TrackPoints {
  private final String points;

  /**
   * Sized for a quarter of an hour at one point a second: growing from ten one half at a time cost
   * a run's reader 3 % of its time in copies, and a few KB for a short file cost nothing.
   */
  private final List<TrackPoint> timed = new ArrayList<>(1024);

  private int withoutTime;
  private boolean trackBegins;

  /**
   * @param points what the format calls its points, for the message when none has a time
   */
  public TrackPoints(String points) {
    this.points = points;
  }

  /**
   * The next point begins a track: unless it is the first of the file, the way to it was not
   * recorded, so its sample is {@link Sample#afterPause()}.
   */
  public void trackBegins() {
    trackBegins = true;
  }

  /** Adds the point read; false, and only counted, when it has no time. */
  public boolean add(TrackPoint point) {
    if (point.time == null) {
      withoutTime++;
      return false;
    }
    point.pauseBefore = trackBegins && !timed.isEmpty();
    timed.add(point);
    trackBegins = false;
    return true;
  }

  /**
   * The activity of the points added, sorted by time without duplicates (the first of equal times
   * kept), each value as read.
   *
   * @throws InvalidActivityException when no point had a time
   */
  public ParsedActivity activity(String format, Optional<Sport> sport)
      throws InvalidActivityException {
    return activity(format, sport, cadences -> 1);
  }

  /**
   * As {@link #activity(String, Optional)}, every cadence multiplied by what {@code cadenceFactor}
   * answers for the positive cadences of those points, sorted (a unit is a file's, not a point's).
   *
   * @throws InvalidActivityException when no point had a time
   */
  public ParsedActivity activity(
      String format, Optional<Sport> sport, ToDoubleFunction<double[]> cadenceFactor)
      throws InvalidActivityException {
    requireTimed();
    List<TrackPoint> ordered = SampleOrder.sortedUnique(timed, point -> point.time);
    double factor = cadenceFactor.applyAsDouble(positiveCadences(ordered));
    List<Sample> samples = new ArrayList<>(ordered.size());
    for (TrackPoint point : ordered) {
      samples.add(point.toSample(factor));
    }
    return new ParsedActivity(format, sport, samples, withoutTime);
  }

  /** Whether a point with a time has been added. */
  public boolean anyTimed() {
    return !timed.isEmpty();
  }

  /**
   * The time of the first point added that had one, in the file's order: the activity's start,
   * unless the file's points are out of order (then {@link #activity}'s first sample is earlier).
   *
   * @throws InvalidActivityException when no point had a time, as {@link #activity} does
   */
  public Instant firstTime() throws InvalidActivityException {
    requireTimed();
    return timed.get(0).time;
  }

  private void requireTimed() throws InvalidActivityException {
    if (timed.isEmpty()) {
      throw InvalidActivityException.noTimedPoints(
          points, withoutTime, "the file has no " + points);
    }
  }

  private static double[] positiveCadences(List<TrackPoint> ordered) {
    double[] cadences = new double[ordered.size()];
    int n = 0;
    for (TrackPoint point : ordered) {
      if (point.cadence != null && point.cadence > 0) {
        cadences[n++] = point.cadence;
      }
    }
    double[] positive = Arrays.copyOf(cadences, n);
    Arrays.sort(positive);
    return positive;
  }
}
