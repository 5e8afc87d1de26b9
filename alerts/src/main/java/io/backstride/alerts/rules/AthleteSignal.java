package io.backstride.alerts.rules;

import io.backstride.core.load.Trend;

/** One input of the rules for an athlete, from either of the two topics that feed them. */
public sealed interface AthleteSignal {

  /** A day's trend was computed (or recomputed) for the athlete. */
  record TrendComputed(Trend trend) implements AthleteSignal {}

  /** The athlete reported back pain. */
  record PainReported(SymptomState.PainReport report) implements AthleteSignal {}
}
