package io.backstride.alerts.rules;

import io.backstride.core.alert.Severity;

import io.backstride.core.alert.RuleHit;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The last alert of one rule for one athlete, and whether a new hit may be raised after it: not
 * within the cool-down unless its severity rises, so a ramp that lasts a week is one message, not
 * seven.
 */
public record CoolDown(LocalDate date, Severity severity) {

  public static boolean allows(CoolDown previous, RuleHit hit, int coolDownDays) {
    if (previous == null) {
      return true;
    }
    long days = Math.abs(ChronoUnit.DAYS.between(previous.date(), hit.date()));
    return days >= coolDownDays || hit.severity().compareTo(previous.severity()) > 0;
  }
}
