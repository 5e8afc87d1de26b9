package io.backstride.streams.query;

import io.backstride.core.load.LoadHistory;

/** Where an athlete's daily loads are: here, on another instance, or nowhere just now. */
public interface AthleteDays {

  Location locate(String athleteId);

  /** The answer of {@link #locate}. */
  sealed interface Location {}

  /** This instance holds the athlete's days (possibly none). */
  record Local(LoadHistory history) implements Location {}

  /** Another instance holds them, reachable at {@code baseUrl} (e.g. http://host:port). */
  record Remote(String baseUrl) implements Location {}

  /** Nobody can answer now (a rebalance, a restore): ask again shortly. */
  record Unavailable(String reason) implements Location {}
}
