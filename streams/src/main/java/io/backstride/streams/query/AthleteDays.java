package io.backstride.streams.query;

import io.backstride.core.load.LoadHistory;
import java.util.Optional;

/** Where an athlete's daily loads are: here, on another instance, or nowhere just now. */
public interface AthleteDays {

  Location locate(String athleteId);

  /**
   * The athlete's days from this instance's standby replica of the owner's partition, if it keeps
   * one ({@code num.standby.replicas} above 0) and holds the athlete: what to answer while the
   * owner does not, for the time its dead session takes to run out. Under exactly-once the standby
   * reads committed changelog records only, so it holds what the owner had committed, which is what
   * the owner's successor restores.
   */
  default Optional<LoadHistory> standbyCopy(String athleteId) {
    return Optional.empty();
  }

  /** The answer of {@link #locate}. */
  sealed interface Location {}

  /** This instance holds the athlete's days (possibly none). */
  record Local(LoadHistory history) implements Location {}

  /** Another instance holds them, reachable at {@code baseUrl} (e.g. http://host:port). */
  record Remote(String baseUrl) implements Location {}

  /** Nobody can answer now (a rebalance, a restore): ask again shortly. */
  record Unavailable(String reason) implements Location {}
}
