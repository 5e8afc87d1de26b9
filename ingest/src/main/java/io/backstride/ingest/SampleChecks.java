package io.backstride.ingest;

import io.backstride.core.Sample;
import io.backstride.core.SamplePlausibility;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Plausibility of samples, whatever their source (files and live sync both pass here): times a
 * watch can have recorded, and the values {@link SamplePlausibility} allows. A watch with a reset
 * clock writes 1970 or 2089; storing such times would place a run on a day the athlete never ran
 * and skew every trend, so the whole upload is refused with the first offending sample named.
 *
 * <p>A time ahead of the server's clock is refused beyond a margin ({@link
 * IngestConfig#maxClockAhead()}, an hour by default) rather than a day: the training-load
 * application writes an activity's summary with the time of its last sample, and a Kafka 4 broker
 * refuses a record more than {@code log.message.timestamp.after.max.ms} (an hour by default) ahead
 * of its own clock. Under exactly-once that refused send stops the application, so an upload from a
 * watch running two hours fast, once accepted here, stopped the trends of every athlete.
 */
public final class SampleChecks {

  /** Nothing a GPS watch uploads today was recorded before this. */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /** The broker's own default for how far ahead a record's timestamp may be. */
  public static final Duration DEFAULT_MAX_CLOCK_AHEAD = Duration.ofHours(1);

  /**
   * The reason the samples are implausible, naming the first offending sample (1-based, in the
   * order given), or empty when they are all fine.
   *
   * @param now the server's clock
   * @param maxAhead how far ahead of {@code now} a sample may lie (a watch's clock running fast)
   */
  public static Optional<String> problem(List<Sample> samples, Instant now, Duration maxAhead) {
    Instant latest = now.plus(maxAhead);
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      if (s.time().isBefore(EARLIEST)) {
        return Optional.of(
            "implausible time "
                + s.time()
                + " at sample "
                + (i + 1)
                + ": times must lie after "
                + EARLIEST
                + " (a watch whose clock was reset)");
      }
      if (s.time().isAfter(latest)) {
        return Optional.of(
            "implausible time "
                + s.time()
                + " at sample "
                + (i + 1)
                + ": "
                + amount(Duration.between(now, s.time()))
                + " ahead of the server's clock ("
                + now
                + "); at most "
                + amount(maxAhead)
                + " ahead is taken, so set the watch's clock");
      }
      Optional<String> value = SamplePlausibility.problem(s);
      if (value.isPresent()) {
        return Optional.of(value.get() + " at sample " + (i + 1));
      }
    }
    return Optional.empty();
  }

  /** A duration as a reader says it: {@code 2 h 5 min}, {@code 59 min}, {@code 1 h 0 min 30 s}. */
  static String amount(Duration d) {
    StringBuilder text = new StringBuilder();
    if (d.toHours() > 0) {
      text.append(d.toHours()).append(" h");
    }
    if (d.toMinutesPart() > 0 || (d.toHours() > 0 && d.toSecondsPart() > 0)) {
      text.append(text.isEmpty() ? "" : " ").append(d.toMinutesPart()).append(" min");
    }
    if (d.toSecondsPart() > 0 || text.isEmpty()) {
      text.append(text.isEmpty() ? "" : " ").append(d.toSecondsPart()).append(" s");
    }
    return text.toString();
  }

  private SampleChecks() {}
}
