package io.backstride.alerts.rules;

import java.util.Map;

/**
 * Advice that goes with alerts, in backstride's own words, drawn from a physiotherapist's guidance
 * to runners (RULES.md, points 1-6). Alerts carry the codes; the texts are looked up when an email
 * is written, so analysts see stable codes and the wording can improve without touching the topic.
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

  private static final Map<String, String> TEXT =
      Map.ofEntries(
          Map.entry(
              EASE_DOWNHILL,
              "Add downhill running back gradually: keep this week's descents closer to what you"
                  + " usually run, and build from there over several weeks."),
          Map.entry(
              FLAT_ROUTES,
              "Choose flatter routes for your next few runs. Running downhill arches the lower"
                  + " back more and lands harder than running on the flat."),
          Map.entry(
              EASE_SPEED,
              "Keep most runs at your usual easy pace for a while and bring faster running back"
                  + " in small steps: a faster stride arches the lower back more."),
          Map.entry(
              BUILD_GRADUALLY,
              "Let your weekly distance grow in small steps and hold it for a week or two before"
                  + " the next step, so that your body keeps up with the running."),
          Map.entry(
              PAIN_PLAN,
              "If your back hurts while you run: take a few rest days from running and walk"
                  + " instead, then come back with easy run/walk intervals on flat ground. Build"
                  + " your distance up until you no longer need the walk breaks, and only then"
                  + " add hills or speed again. Keep moving in daily life rather than resting in"
                  + " bed; mild pain with movement is fine."),
          Map.entry(
              RETURN_ORDER,
              "You are coming back from back pain: get your weekly distance back first, at an"
                  + " easy pace on the flat, and leave speed and hills until that feels fine."),
          Map.entry(
              MOVE_DAILY,
              "Sit less and move more through the day: short walks and breaks from the chair"
                  + " help a sore back more than staying still."),
          Map.entry(
              GAIT,
              "Try a slightly quicker cadence with shorter steps, land more quietly and bounce"
                  + " less: each of these softens what your lower back has to absorb."),
          Map.entry(
              SHOES,
              "A shoe with less cushioning can help you feel the ground and land more softly;"
                  + " change shoes gradually, over a few weeks."),
          Map.entry(
              STRENGTH,
              "A regular strength routine for the trunk and hips, beside your running, helps"
                  + " your back cope with the load."),
          Map.entry(
              NOT_MEDICAL,
              "This is not medical advice and not a diagnosis: it only says that this rose"
                  + " faster than usual for you. If pain persists or worries you, see a"
                  + " physiotherapist."));

  /** The text of a code; unknown codes (from a newer producer) give an empty string. */
  public static String text(String code) {
    return TEXT.getOrDefault(code, "");
  }

  private Advice() {}
}
