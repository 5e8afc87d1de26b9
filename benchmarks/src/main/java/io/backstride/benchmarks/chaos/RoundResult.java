package io.backstride.benchmarks.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One chaos round's figures, one row of the table.
 *
 * @param athletes the round's athletes
 * @param fault what was broken
 * @param accepted uploads ingest answered 202
 * @param unavailable answers 503 (each retried by the uploader)
 * @param slowestUnavailable the longest a 503 took to come back (zero if none)
 * @param retryAfterOnEvery503 whether every 503 carried {@code Retry-After}
 * @param outcome what came out for the round's athlete
 * @param lost acknowledged uploads that were never counted
 * @param trendsEqualClean whether every day's trend equals the clean round's
 * @param recovery from the fault (or the end of it) to the pipeline serving again, as the round
 *     defines it
 */
public record RoundResult(
    List<String> athletes,
    String fault,
    int accepted,
    int unavailable,
    Duration slowestUnavailable,
    boolean retryAfterOnEvery503,
    Outcome outcome,
    int lost,
    boolean trendsEqualClean,
    Duration recovery) {

  static RoundResult of(
      List<String> athletes,
      String fault,
      Uploader uploader,
      Outcome outcome,
      boolean trendsEqualClean,
      Duration recovery) {
    List<Duration> unavailable = uploader.unavailableAnswers();
    return new RoundResult(
        athletes,
        fault,
        uploader.accepted().size(),
        unavailable.size(),
        unavailable.stream().max(Duration::compareTo).orElse(Duration.ZERO),
        uploader.everyUnavailableHadRetryAfter(),
        outcome,
        outcome.lost(uploader.accepted()),
        trendsEqualClean,
        recovery);
  }

  /** Whether nothing was lost or doubled and the trends came out as in a clean run. */
  public boolean clean() {
    return lost == 0
        && outcome.conflictingSummaries() == 0
        && outcome.duplicateEmails() == 0
        && outcome.lostEmails() == 0
        && !outcome.alertIds().isEmpty()
        && trendsEqualClean
        && retryAfterOnEvery503;
  }

  static String header() {
    return "| fault | uploads 202 | 503s (slowest) | activities counted | summaries re-sent"
        + " (differing) | lost | counted twice | trends = clean | emails | duplicate emails"
        + " | lost emails | recovery |\n"
        + "|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|";
  }

  String row() {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d (%s) | %d | %d (%d) | %d | %s | %s | %d | %d | %d | %s |",
        fault,
        accepted,
        unavailable,
        seconds(slowestUnavailable) + (retryAfterOnEvery503 ? "" : ", no Retry-After"),
        outcome.counted(),
        outcome.resentSummaries(),
        outcome.conflictingSummaries(),
        lost,
        trendsEqualClean ? "none" : "see trends",
        trendsEqualClean ? "yes" : "NO",
        outcome.emails(),
        outcome.duplicateEmails(),
        outcome.lostEmails(),
        recovery == null ? "-" : seconds(recovery));
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
