package io.backstride.alerts.rules;

import io.backstride.core.advice.AdviceTexts;

/**
 * Advice that goes with alerts, in backstride's own words, drawn from a physiotherapist's guidance
 * to runners (RULES.md, points 1-6). Alerts carry the codes; the texts are looked up when an email
 * is written, so analysts see stable codes and the wording can improve without touching the topic.
 * The texts live in core ({@link AdviceTexts}): the athlete pages show them too.
 */
public final class Advice {
  public static final String EASE_DOWNHILL = "EASE_DOWNHILL";
  public static final String FLAT_ROUTES = "FLAT_ROUTES";
  public static final String EASE_SPEED = "EASE_SPEED";
  public static final String BUILD_GRADUALLY = "BUILD_GRADUALLY";
  public static final String PAIN_PLAN = "PAIN_PLAN";
  public static final String RETURN_ORDER = "RETURN_ORDER";
  public static final String MOVE_DAILY = "MOVE_DAILY";
  public static final String GAIT = "GAIT";
  public static final String SHOES = "SHOES";
  public static final String STRENGTH = "STRENGTH";
  public static final String NOT_MEDICAL = "NOT_MEDICAL";

  /** The text of a code; unknown codes (from a newer producer) give an empty string. */
  public static String text(String code) {
    return AdviceTexts.text(code);
  }

  private Advice() {}
}
