package io.backstride.core.load;

import java.util.ArrayList;
import java.util.List;

/**
 * How far an athlete's usual week (the chronic weekly average) has come, for showing to a person.
 * Until the baseline is {@link BaselineState#READY} the usual week is an average of a few days
 * scaled to a week (one 4.7 km run three days into the chronic window reads as an 11 km week): a
 * number nobody should read as their usual week, so what is shown instead is how much is still
 * missing.
 *
 * @param chronicDays days of the athlete's history inside the chronic window (0-28)
 * @param chronicRuns runs in the chronic window
 */
public record BaselineProgress(BaselineState state, int chronicDays, int chronicRuns) {

  /** The progress on a day with {@code historyDays} of history and these chronic runs. */
  public static BaselineProgress of(BaselineState state, int historyDays, int chronicRuns) {
    int chronicWindow = TrendCalculator.CHRONIC_LAST_DAY - TrendCalculator.ACUTE_DAYS;
    int days = Math.max(0, Math.min(chronicWindow, historyDays - TrendCalculator.ACUTE_DAYS));
    return new BaselineProgress(state, days, chronicRuns);
  }

  public boolean ready() {
    return state == BaselineState.READY;
  }

  /**
   * "ready", or what the baseline still lacks: "building (5 of 14 days)", "building (2 of 4 runs)",
   * or both.
   */
  public String describe() {
    if (ready()) {
      return "ready";
    }
    List<String> missing = new ArrayList<>();
    if (chronicDays < TrendCalculator.BASELINE_MIN_CHRONIC_DAYS) {
      missing.add(chronicDays + " of " + TrendCalculator.BASELINE_MIN_CHRONIC_DAYS + " days");
    }
    if (chronicRuns < TrendCalculator.BASELINE_MIN_RUNS) {
      missing.add(chronicRuns + " of " + TrendCalculator.BASELINE_MIN_RUNS + " runs");
    }
    return missing.isEmpty() ? "building" : "building (" + String.join(", ", missing) + ")";
  }
}
