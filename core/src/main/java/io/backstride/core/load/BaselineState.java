package io.backstride.core.load;

/** How far an athlete's personal baseline has come. */
public enum BaselineState {
  /** The first 13 days: nothing to compare with, no ramp rule fires. */
  NONE,
  /** From day 14: this week against the previous one, volume only. */
  BUILDING,
  /** Enough history (14 days and 4 runs in the chronic window): acute/chronic ratios apply. */
  READY
}
