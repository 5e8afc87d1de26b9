package io.backstride.alerts.rules;

import java.util.Map;

/**
 * Advice that goes with alerts, in backstride's own words, drawn from a physiotherapist's guidance
 * to runners. Alerts carry the codes; the texts are looked up when an email is written, so analysts
 * see stable codes and the wording can improve without touching the topic.
 */
public final class Advice {
  public static final String EASE_DOWNHILL = "EASE_DOWNHILL";
  public static final String FLAT_ROUTES = "FLAT_ROUTES";
  public static final String PAIN_PLAN = "PAIN_PLAN";
  public static final String STRENGTH = "STRENGTH";
  public static final String NOT_MEDICAL = "NOT_MEDICAL";

  private static final Map<String, String> TEXT =
      Map.of(
          EASE_DOWNHILL,
          "Add downhill running back gradually: keep this week's descents closer to what you"
              + " usually run, and build from there over several weeks.",
          FLAT_ROUTES,
          "Choose flatter routes for your next few runs. Running downhill arches the lower back"
              + " more and lands harder than running on the flat.",
          PAIN_PLAN,
          "If your back hurts while you run: take a few days off running and walk instead, then"
              + " come back with easy run/walk intervals on flat ground. Build your distance up"
              + " until you no longer need the walk breaks, and only then add hills or speed"
              + " again. Keep moving in daily life rather than resting in bed; mild pain with"
              + " movement is fine.",
          STRENGTH,
          "A regular strength routine for the trunk and hips, beside your running, helps your"
              + " back cope with the load.",
          NOT_MEDICAL,
          "This is not medical advice and not a diagnosis: it only says that this rose faster"
              + " than usual for you. If pain persists or worries you, see a physiotherapist.");

  /** The text of a code; unknown codes (from a newer producer) give an empty string. */
  public static String text(String code) {
    return TEXT.getOrDefault(code, "");
  }

  private Advice() {}
}
