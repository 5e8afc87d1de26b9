package io.backstride.streams;

import io.backstride.core.load.RunLoad;

/** One change to an athlete's training-load state, from either of the two topics that feed it. */
sealed interface AthleteChange {

  /**
   * An activity's summary arrived, changed or was removed.
   *
   * @param run what of it counts, or null when it does not count (not a run, or removed)
   */
  record ActivityChanged(String activityId, RunLoad run) implements AthleteChange {}

  /**
   * The athlete's profile changed.
   *
   * @param zone the zone id it names, or null for none (or a deleted profile)
   */
  record ZoneChanged(String zone) implements AthleteChange {}
}
