package io.backstride.ingest;

import io.backstride.core.load.AthleteRuns;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The newest run start this ingest instance has accepted per athlete, so that the answer to an
 * upload can say when the run lies too far behind it for the trends to count it.
 *
 * <p>The training-load state keeps runs up to {@link AthleteRuns#RETAINED_DAYS} days before the
 * athlete's latest run, counted in the athlete's calendar, and dead-letters an older one. Ingest
 * cannot see that state; what it can know honestly is what passed through itself. So the warning is
 * one-sided: when it is given, the run will not be counted (the margin of {@link #MARGIN} covers
 * the athlete's time zone and a live-sync batch that starts after its run); when it is absent,
 * nothing is promised, for a newer run may have come through another instance, before this one
 * started, or be one this instance has forgotten (it remembers {@link #MAX_ATHLETES} athletes). The
 * dead letter on {@code ingest-dead-letter.v1} remains the final word.
 */
final class NewestRuns {
  /** The athletes remembered, least recently uploading forgotten first: about 100 bytes each. */
  static final int MAX_ATHLETES = 100_000;

  /** Beyond the kept days: a day for the athlete's zone (and DST), a day for a sync batch. */
  static final Duration MARGIN = Duration.ofDays(2);

  private static final Duration BEHIND = Duration.ofDays(AthleteRuns.RETAINED_DAYS).plus(MARGIN);

  private final Map<String, Instant> newest =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
          return size() > MAX_ATHLETES;
        }
      };

  /**
   * A warning for a run of {@code athleteId} starting at {@code start}, when this instance has
   * accepted a run of theirs that puts it out of the kept window; empty otherwise.
   */
  synchronized Optional<String> warning(String athleteId, Instant start) {
    Instant latest = newest.get(athleteId);
    if (latest == null || !start.isBefore(latest.minus(BEHIND))) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            "not counted in the trends: this run starts %s, more than %d days before the newest"
                + " run accepted for %s (%s), and the trends keep runs only up to %d days before"
                + " an athlete's latest run; ingest-dead-letter.v1 will say so too",
            LocalDate.ofInstant(start, ZoneOffset.UTC),
            AthleteRuns.RETAINED_DAYS,
            athleteId,
            LocalDate.ofInstant(latest, ZoneOffset.UTC),
            AthleteRuns.RETAINED_DAYS));
  }

  /** Remembers an accepted run's start, if it is the athlete's newest. */
  synchronized void accepted(String athleteId, Instant start) {
    newest.merge(athleteId, start, (a, b) -> a.isAfter(b) ? a : b);
  }
}
