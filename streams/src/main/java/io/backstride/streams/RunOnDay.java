package io.backstride.streams;

import io.backstride.core.load.ActivityLoad;

/**
 * An activity placed on the athlete-local day it started, in the zone of the athlete's profile.
 *
 * @param counts whether it is a run (only running counts toward run load)
 */
record RunOnDay(String athleteId, boolean counts, ActivityLoad load) {}
