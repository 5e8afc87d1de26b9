package io.backstride.core.symptom;

/** When the back hurt, relative to running. */
public enum PainTiming {
  DURING,
  AFTER,
  UNRELATED
}
