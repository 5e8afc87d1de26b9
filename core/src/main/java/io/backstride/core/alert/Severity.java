package io.backstride.core.alert;

/** How far past its threshold a rule fired. Ordered: a later constant is more severe. */
public enum Severity {
  MODERATE,
  HIGH
}
