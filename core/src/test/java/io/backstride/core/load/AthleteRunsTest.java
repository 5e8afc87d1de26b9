package io.backstride.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AthleteRunsTest {
  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final LocalDate DAY0 = LocalDate.parse("2026-03-02");

  private static RunLoad run(Instant start, double distanceM) {
    return new RunLoad(start, distanceM, distanceM, distanceM / 3, 40, List.of(0.0, distanceM));
  }

  private static Instant day(int n) {
    return T0.plus(Duration.ofDays(n));
  }

  @Test
  void aRunStartingMoreThanTwoDaysAheadOfTheClockIsTooFarAhead() {
    Instant now = T0;

    assertThat(AthleteRuns.startsTooFarAhead(run(now.plus(Duration.ofDays(2)), 5000), now))
        .isFalse();
    assertThat(
            AthleteRuns.startsTooFarAhead(
                run(now.plus(Duration.ofDays(2)).plusMillis(1), 5000), now))
        .isTrue();
    assertThat(AthleteRuns.startsTooFarAhead(run(now.minus(Duration.ofDays(400)), 5000), now))
        .isFalse();
  }

  @Test
  void aReUploadReplacesItsRunInsteadOfCountingTwice() {
    AthleteRuns runs =
        AthleteRuns.EMPTY.with("a1", run(T0, 8000), UTC).with("a1", run(T0, 8200), UTC);

    DailyLoad day = runs.history(UTC).days().get(DAY0);
    assertThat(day.runs()).isEqualTo(1);
    assertThat(day.distanceM()).isEqualTo(8200);
  }

  @Test
  void removingARunRestoresTheDayExactlyAndAnEmptyDayDisappears() {
    AthleteRuns one = AthleteRuns.EMPTY.with("a1", run(T0, 8000), UTC);
    AthleteRuns two = one.with("a2", run(T0.plus(Duration.ofHours(9)), 5000), UTC);

    assertThat(two.without("a2").history(UTC)).isEqualTo(one.history(UTC));
    assertThat(two.without("a2").without("a1").history(UTC).days()).isEmpty();
    assertThat(one.without("never-seen")).isSameAs(one);
  }

  @Test
  void theDaysAreDrawnInTheZoneAskedFor() {
    // 23:30 in New York on 1 March is 04:30 UTC on 2 March
    AthleteRuns runs =
        AthleteRuns.EMPTY.with("late", run(Instant.parse("2026-03-02T04:30:00Z"), 5000), UTC);

    assertThat(runs.history(UTC).days()).containsOnlyKeys(DAY0);
    assertThat(runs.history(ZoneId.of("America/New_York")).days())
        .containsOnlyKeys(DAY0.minusDays(1));
  }

  @Test
  void runsOlderThanTheRetainedWindowAreLetGoButTheFirstDayIsRemembered() {
    AthleteRuns runs = AthleteRuns.EMPTY;
    int last = AthleteRuns.RETAINED_DAYS + 56;
    for (int d = 0; d <= last; d += 2) {
      runs = runs.with("r" + d, run(day(d), 6000), UTC).pruned(UTC);
    }

    LoadHistory history = runs.history(UTC);
    LocalDate latest = DAY0.plusDays(last);
    LocalDate keptFrom = latest.minusDays(AthleteRuns.RETAINED_DAYS - 1L);
    assertThat(history.days().firstKey()).isAfterOrEqualTo(keptFrom);
    // every other day from the first kept one to the latest
    assertThat(runs.runs()).hasSize(AthleteRuns.RETAINED_DAYS / 2);
    assertThat(history.firstDay()).isEqualTo(DAY0);
    assertThat(history.trendOn(latest).historyDays()).isEqualTo(last + 1);
    assertThat(history.completeFrom())
        .isEqualTo(keptFrom.plusDays(TrendCalculator.CHRONIC_LAST_DAY));
  }

  @Test
  void aRunFromBeforeTheRetainedWindowIsNotTaken() {
    AthleteRuns runs =
        AthleteRuns.EMPTY
            .with("old", run(T0, 6000), UTC)
            .with("new", run(day(AthleteRuns.RETAINED_DAYS + 20), 6000), UTC)
            .pruned(UTC);
    assertThat(runs.runs()).containsOnlyKeys("new");

    RunLoad tooOld = run(day(5), 7000);
    assertThat(runs.accepts(tooOld, UTC)).isFalse();
    assertThat(runs.with("late", tooOld, UTC)).isSameAs(runs);
    assertThat(runs.accepts(run(day(60), 7000), UTC)).isTrue();
  }

  @Test
  void aCorrectionThatMovesAKeptRunOutOfTheWindowTakesTheOldVersionOut() {
    AthleteRuns runs =
        AthleteRuns.EMPTY
            .with("old", run(T0, 6000), UTC)
            .with("kept", run(day(30), 6000), UTC)
            .with("new", run(day(AthleteRuns.RETAINED_DAYS + 20), 6000), UTC)
            .pruned(UTC);
    assertThat(runs.runs()).containsOnlyKeys("kept", "new");

    AthleteRuns corrected = runs.with("kept", run(day(5), 6100), UTC);

    assertThat(corrected.runs()).containsOnlyKeys("new");
  }

  @Test
  void theFirstRunBehindTheWindowIsRefusedThoughNothingWasLetGoYet() {
    LocalDate latestDay = DAY0.plusDays(AthleteRuns.RETAINED_DAYS + 20);
    AthleteRuns runs =
        AthleteRuns.EMPTY.with("new", run(day(AthleteRuns.RETAINED_DAYS + 20), 6000), UTC);

    assertThat(runs.refusal("old", run(T0, 7000), UTC))
        .contains(
            new AthleteRuns.Refusal(
                AthleteRuns.Refusal.Reason.BEFORE_KEPT_WINDOW,
                latestDay.minusDays(AthleteRuns.RETAINED_DAYS - 1L),
                latestDay));
    assertThat(runs.with("old", run(T0, 7000), UTC)).isSameAs(runs);
    // a correction of the latest run is judged against the other runs, not its own old version
    assertThat(runs.refusal("new", run(T0, 7000), UTC)).isEmpty();
  }

  @Test
  void aRunFromAResetWatchClockIsNotTaken() {
    RunLoad epoch = run(Instant.parse("1970-01-01T00:00:00Z"), 5000);

    assertThat(AthleteRuns.EMPTY.accepts(epoch, UTC)).isFalse();
    assertThat(AthleteRuns.EMPTY.refusal("reset", epoch, UTC).orElseThrow().reason())
        .isEqualTo(AthleteRuns.Refusal.Reason.BEFORE_EARLIEST_START);
    assertThat(AthleteRuns.EMPTY.with("reset", epoch, UTC).runs()).isEmpty();
  }

  @Test
  void aDayOfSeveralRunsSumsTheSameWhateverTheOrderTheyArrivedIn() {
    double[] distances = {3333.33, 4444.44, 2222.22, 1111.11, 5555.55};
    AthleteRuns forward = AthleteRuns.EMPTY;
    AthleteRuns backward = AthleteRuns.EMPTY;
    for (int i = 0; i < distances.length; i++) {
      int j = distances.length - 1 - i;
      forward = forward.with("a" + i, run(T0.plusSeconds(600L * i), distances[i]), UTC);
      backward = backward.with("a" + j, run(T0.plusSeconds(600L * j), distances[j]), UTC);
      // a run on another day changes the map's layout, not this day's sum
      forward = forward.with("other" + i, run(day(3 + i), 1000), UTC);
    }

    assertThat(forward.history(UTC).days().get(DAY0))
        .isEqualTo(backward.history(UTC).days().get(DAY0));
  }

  @Test
  void withNothingLetGoTheHistoryIsComplete() {
    AthleteRuns runs =
        AthleteRuns.EMPTY.with("a1", run(day(10), 8000), UTC).with("a0", run(T0, 5000), UTC);

    LoadHistory history = runs.history(UTC);
    assertThat(history.completeFrom()).isNull();
    assertThat(history.firstDay()).isEqualTo(DAY0);
    assertThat(runs.without("a0").history(UTC).firstDay()).isEqualTo(DAY0.plusDays(10));
  }
}
