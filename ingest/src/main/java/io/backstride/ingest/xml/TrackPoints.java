package io.backstride.ingest.xml;

import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.ingest.InvalidActivityException;
import io.backstride.ingest.ParsedActivity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The samples of an XML track as its points are read: GPX and TCX both split a recording into
 * tracks (a GPX track segment, a TCX {@code Track}) where the watch was stopped, and both skip a
 * point without a time rather than guess one.
 */
public final class TrackPoints {
  private final String points;
  private final List<Sample> samples = new ArrayList<>();
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
    Sample sample = point.toSample();
    samples.add(trackBegins && !samples.isEmpty() ? sample.afterPause() : sample);
    trackBegins = false;
    return true;
  }

  /**
   * The activity of the points added, their samples put in order by {@code tidy}.
   *
   * @throws InvalidActivityException when no point had a time
   */
  public ParsedActivity activity(
      String format, Optional<Sport> sport, UnaryOperator<List<Sample>> tidy)
      throws InvalidActivityException {
    if (samples.isEmpty()) {
      throw InvalidActivityException.noTimedPoints(
          points, withoutTime, "the file has no " + points);
    }
    return new ParsedActivity(format, sport, tidy.apply(samples), withoutTime);
  }
}
