package io.backstride.alerts.rules;

import io.backstride.core.alert.RuleId;

/** The back-pain-risk rules of RULES.md. */
public enum RuleId {
  SPEED_RAMP,
  DOWNHILL_RAMP,
  VOLUME_RAMP,
  BACK_PAIN_REPORTED,
  RECURRING_BACK_PAIN,
  RETURN_TOO_FAST
}
