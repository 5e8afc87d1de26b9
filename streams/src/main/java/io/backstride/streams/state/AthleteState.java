package io.backstride.streams.state;

import io.backstride.core.load.AthleteRuns;
import io.backstride.core.load.LoadHistory;
import java.time.DateTimeException;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the training-load application keeps per athlete outside open activities: the time zone
 * their profile names and the runs that can still change a trend. One value per athlete, so that
 * one read and one write serve a whole change, and every change of one athlete is applied in the
 * order it arrived.
 *
 * @param zone the zone id the profile names, or null for none
 */
public record AthleteState(String zone, AthleteRuns runs) {
  private static final Logger LOG = LoggerFactory.getLogger(AthleteState.class);

  public static final AthleteState EMPTY = new AthleteState(null, AthleteRuns.EMPTY);

  /** With the zone a profile names; an empty name is none, as the stored form has it. */
  public AthleteState withZone(String zone) {
    return new AthleteState(zone == null || zone.isEmpty() ? null : zone, runs);
  }

  public AthleteState withRuns(AthleteRuns runs) {
    return new AthleteState(zone, runs);
  }

  /** The zone whose calendar this athlete's days follow: the profile's, else {@code fallback}. */
  public ZoneId zoneOr(ZoneId fallback) {
    if (zone == null || zone.isBlank()) {
      return fallback;
    }
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      LOG.warn("Unknown time zone {} in a profile; using {}", zone, fallback);
      return fallback;
    }
  }

  /** The athlete's daily loads in their zone. */
  public LoadHistory history(ZoneId fallback) {
    return runs.history(zoneOr(fallback));
  }
}
