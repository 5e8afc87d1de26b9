package io.backstride.core.advice;

import java.util.Map;

/**
 * The words of backstride's advice, by the codes alerts carry ({@code adviceCodes}): drawn from a
 * physiotherapist's guidance to runners (RULES.md, points 1-6). Here in core because both the alert
 * emails and the athlete pages show them, and neither may depend on the other.
 */
public final class AdviceTexts {
  private static final Map<String, String> TEXT =
      Map.ofEntries(
          Map.entry(
              "EASE_DOWNHILL",
              "Add downhill running back gradually: keep this week's descents closer to what you"
                  + " usually run, and build from there over several weeks."),
          Map.entry(
              "FLAT_ROUTES",
              "Choose flatter routes for your next few runs. Running downhill arches the lower"
                  + " back more and lands harder than running on the flat."),
          Map.entry(
              "EASE_SPEED",
              "Keep most runs at your usual easy pace for a while and bring faster running back"
                  + " in small steps: a faster stride arches the lower back more."),
          Map.entry(
              "BUILD_GRADUALLY",
              "Let your weekly distance grow in small steps and hold it for a week or two before"
                  + " the next step, so that your body keeps up with the running."),
          Map.entry(
              "PAIN_PLAN",
              "If your back hurts while you run: take a few rest days from running and walk"
                  + " instead, then come back with easy run/walk intervals on flat ground. Build"
                  + " your distance up until you no longer need the walk breaks, and only then"
                  + " add hills or speed again. Keep moving in daily life rather than resting in"
                  + " bed; mild pain with movement is fine."),
          Map.entry(
              "RETURN_ORDER",
              "You are coming back from back pain: get your weekly distance back first, at an"
                  + " easy pace on the flat, and leave speed and hills until that feels fine."),
          Map.entry(
              "MOVE_DAILY",
              "Sit less and move more through the day: short walks and breaks from the chair"
                  + " help a sore back more than staying still."),
          Map.entry(
              "GAIT",
              "Try a slightly quicker cadence with shorter steps, land more quietly and bounce"
                  + " less: each of these softens what your lower back has to absorb."),
          Map.entry(
              "SHOES",
              "A shoe with less cushioning can help you feel the ground and land more softly;"
                  + " change shoes gradually, over a few weeks."),
          Map.entry(
              "STRENGTH",
              "A regular strength routine for the trunk and hips, beside your running, helps"
                  + " your back cope with the load."),
          Map.entry(
              "NOT_MEDICAL",
              "This is not medical advice and not a diagnosis: it only says that this rose"
                  + " faster than usual for you. If pain persists or worries you, see a"
                  + " physiotherapist."));

  /** The text of a code; unknown codes (from a newer producer) give an empty string. */
  public static String text(String code) {
    return TEXT.getOrDefault(code, "");
  }

  private AdviceTexts() {}
}
