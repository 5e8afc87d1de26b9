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
 */
public final class SampleChecks {

  /** Nothing a GPS watch uploads today was recorded before this. */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /** Clock skew and time zones allowed ahead of the server's clock. */
  public static final Duration MAX_AHEAD = Duration.ofDays(1);

  /**
   * The reason the samples are implausible, naming the first offending sample (1-based, in the
   * order given), or empty when they are all fine.
   */
  public static Optional<String> problem(List<Sample> samples, Instant now) {
    Instant latest = now.plus(MAX_AHEAD);
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      if (s.time().isBefore(EARLIEST) || s.time().isAfter(latest)) {
        return Optional.of(
            "implausible time "
                + s.time()
                + " at sample "
                + (i + 1)
                + ": times must lie between "
                + EARLIEST
                + " and a day after the server's clock ("
                + latest
                + ")");
      }
      Optional<String> value = SamplePlausibility.problem(s);
      if (value.isPresent()) {
        return Optional.of(value.get() + " at sample " + (i + 1));
      }
    }
    return Optional.empty();
  }

  private SampleChecks() {}
}
