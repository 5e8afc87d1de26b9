package io.backstride.ingest;

import io.backstride.core.Sample;
import io.backstride.core.Sport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An activity file read into samples, whatever its format. The samples are sorted by time and no
 * two share a time, so the first one is the start.
 *
 * @param format the file format, as the {@code source} of the sample batches: "gpx", "tcx" or "fit"
 * @param sport the sport the file names; empty when it names none we can use (inferred later)
 * @param samples the timed samples, at least one
 * @param pointsWithoutTime points the file holds but that carry no time (skipped, not guessed)
 */
public record ParsedActivity(
    String format, Optional<Sport> sport, List<Sample> samples, int pointsWithoutTime) {

  public ParsedActivity {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("an activity needs at least one sample");
    }
    samples = List.copyOf(samples);
  }

  /** An activity whose every point had a time. */
  public ParsedActivity(String format, Optional<Sport> sport, List<Sample> samples) {
    this(format, sport, samples, 0);
  }

  /** The time of the first sample. */
  public Instant start() {
    return samples.get(0).time();
  }
}
