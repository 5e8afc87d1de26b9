package io.backstride.streams;

import static io.backstride.streams.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.AthleteTrend;
import io.backstride.avro.DeadLetter;
import io.backstride.core.load.AthleteRuns;
import io.backstride.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A history uploaded in any order ends with the same trend for every day. */
class UploadOrderTest {
  private static final String ATHLETE = "ana";

  @TempDir Path inOrderDir;
  @TempDir Path shuffledDir;

  private record Run(String id, int day, double distanceM, double climbM) {}

  private static List<Run> history() {
    List<Run> runs = new ArrayList<>();
    int n = 0;
    for (int week = 0; week < 8; week++) {
      for (int day : new int[] {0, 3, 5}) {
        runs.add(new Run("r" + n++, 7 * week + day, 6000 + 500 * (week % 3), 20 + 10 * week));
      }
    }
    runs.add(new Run("comeback", 7 * 8 + 40, 5000, 10)); // after a break longer than the windows
    return runs;
  }

  private static Map<LocalDate, AthleteTrend> replay(Path dir, List<Run> runs) {
    try (Fixture f = new Fixture(dir, Map.of())) {
      for (Run r : runs) {
        f.upload(ATHLETE, r.id(), T0.plus(Duration.ofDays(r.day())), r.distanceM(), r.climbM());
      }
      return f.latestTrends();
    }
  }

  @Test
  void outOfOrderUploadsGiveTheSameTrendsForEveryDayAsOrderedOnes() {
    List<Run> ordered = history();
    List<Run> shuffled = new ArrayList<>(ordered);
    Collections.shuffle(shuffled, new Random(4));

    Map<LocalDate, AthleteTrend> expected = replay(inOrderDir, ordered);
    Map<LocalDate, AthleteTrend> actual = replay(shuffledDir, shuffled);

    LocalDate first = LocalDate.parse("2026-03-02");
    LocalDate last = first.plusDays(7 * 8 + 40);
    assertThat(expected).hasSize((int) (last.toEpochDay() - first.toEpochDay()) + 1);
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    for (LocalDate day : expected.keySet()) {
      assertThat(actual.get(day)).as("trend of %s", day).isEqualTo(expected.get(day));
    }
  }

  @Test
  void theFirstRunUploadedLastFillsInEveryDayBeforeTheOthers() {
    Map<LocalDate, AthleteTrend> trends =
        replay(inOrderDir, List.of(new Run("later", 60, 5000, 10), new Run("first", 0, 5000, 10)));

    assertThat(trends).hasSize(61);
    assertThat(trends.get(LocalDate.parse("2026-03-02").plusDays(60)).getHistoryDays())
        .isEqualTo(61);
  }

  @Test
  void aRunUploadedMoreThanTheKeptDaysBehindTheLatestChangesNoTrend() {
    int latest = AthleteRuns.RETAINED_DAYS + 10;
    Map<LocalDate, AthleteTrend> withoutIt =
        replay(
            inOrderDir,
            List.of(new Run("first", 0, 5000, 10), new Run("latest", latest, 5000, 10)));
    Map<LocalDate, AthleteTrend> withIt =
        replay(
            shuffledDir,
            List.of(
                new Run("first", 0, 5000, 10),
                new Run("latest", latest, 5000, 10),
                new Run("too-late", 3, 9000, 90)));

    assertThat(withIt).isEqualTo(withoutIt);
    assertThat(withIt.get(LocalDate.parse("2026-03-02").plusDays(3)).getAcuteRuns()).isEqualTo(1);
  }

  @Test
  void aRunThatCanNoLongerBeCountedIsDeadLetteredWithTheReason() {
    try (Fixture f = new Fixture(inOrderDir, Map.of())) {
      f.upload(ATHLETE, "first", T0, 5000, 10);
      f.upload(
          ATHLETE, "latest", T0.plus(Duration.ofDays(AthleteRuns.RETAINED_DAYS + 10)), 5000, 10);
      f.upload(ATHLETE, "too-late", T0.plus(Duration.ofDays(3)), 9000, 90);

      List<DeadLetter> letters = f.deadLetters.readValuesToList();

      assertThat(letters).hasSize(1);
      assertThat(letters.get(0).getAthleteId()).isEqualTo(ATHLETE);
      assertThat(letters.get(0).getSourceTopic()).isEqualTo(Topics.ACTIVITY_SUMMARIES.name());
      assertThat(letters.get(0).getOffset()).isEqualTo(2);
      assertThat(letters.get(0).getReason())
          .contains("too-late")
          .contains(AthleteRuns.RETAINED_DAYS + " days before the athlete's latest run");
      assertThat(
              f.meters
                  .get("backstride.dead.letters")
                  .tags("reason", "run_not_counted", "source", Topics.ACTIVITY_SUMMARIES.name())
                  .counter()
                  .count())
          .isEqualTo(1);
    }
  }

  @Test
  void theDeadLetterOfARunBehindTheKeptWindowNamesThatOneReasonWithTheDates() {
    try (Fixture f = new Fixture(inOrderDir, Map.of())) {
      f.upload(ATHLETE, "first", T0, 5000, 10);
      f.upload(
          ATHLETE, "latest", T0.plus(Duration.ofDays(AthleteRuns.RETAINED_DAYS + 10)), 5000, 10);
      f.upload(ATHLETE, "too-late", T0.plus(Duration.ofDays(3)), 9000, 90);

      String reason = f.deadLetters.readValuesToList().get(0).getReason();

      assertThat(reason)
          .isEqualTo(
              "activity too-late started 2026-03-05T07:00:00Z, on 2026-03-05 in the athlete's"
                  + " calendar: more than 182 days before the athlete's latest run (2026-09-10),"
                  + " before the kept window that starts on 2026-03-13, so it can no longer be"
                  + " counted")
          .doesNotContain("2000");
    }
  }

  @Test
  void theFirstRunBehindTheKeptWindowIsDeadLetteredAndCountsForNothingLikeAnyLaterOne() {
    int latest = AthleteRuns.RETAINED_DAYS + 10;
    Map<LocalDate, AthleteTrend> withoutIt =
        replay(inOrderDir, List.of(new Run("latest", latest, 5000, 10)));
    Map<LocalDate, AthleteTrend> withIt;
    List<DeadLetter> letters;
    try (Fixture f = new Fixture(shuffledDir, Map.of())) {
      // nothing has been let go yet when the old run arrives: the window is only the latest run's
      f.upload(ATHLETE, "latest", T0.plus(Duration.ofDays(latest)), 5000, 10);
      f.upload(ATHLETE, "too-old", T0, 9000, 90);
      withIt = f.latestTrends();
      letters = f.deadLetters.readValuesToList();
    }

    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).getReason())
        .startsWith("activity too-old started 2026-03-02T07:00:00Z")
        .contains("more than 182 days before the athlete's latest run (2026-09-10)");
    assertThat(withIt).isEqualTo(withoutIt);
  }

  @Test
  void aRunFromTheFutureIsDeadLetteredAndEveryRealRunStillCounts() {
    int future = (int) Duration.between(T0, Fixture.WALL_CLOCK_START).toDays() + 3;
    Map<LocalDate, AthleteTrend> withoutIt =
        replay(inOrderDir, List.of(new Run("first", 0, 5000, 10), new Run("second", 3, 6000, 20)));

    Map<LocalDate, AthleteTrend> withIt;
    List<DeadLetter> letters;
    try (Fixture f = new Fixture(shuffledDir, Map.of())) {
      f.upload(ATHLETE, "first", T0, 5000, 10);
      f.upload(ATHLETE, "wrong-clock", T0.plus(Duration.ofDays(future)), 9000, 90);
      f.upload(ATHLETE, "second", T0.plus(Duration.ofDays(3)), 6000, 20);
      withIt = f.latestTrends();
      letters = f.deadLetters.readValuesToList();
    }

    // without the refusal the run would be the latest, and the first run would be let go
    assertThat(withIt).isEqualTo(withoutIt);
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).getAthleteId()).isEqualTo(ATHLETE);
    assertThat(letters.get(0).getReason())
        .contains("wrong-clock")
        .contains(AthleteRuns.MAX_AHEAD.toDays() + " days after this service's clock");
  }
}
