package io.backstride.alerts.rules;

import io.backstride.core.alert.Severity;

/** How far past its threshold a rule fired. Ordered: a later constant is more severe. */
public enum Severity {
  MODERATE,
  HIGH
}
