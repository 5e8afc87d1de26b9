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
    for (int d = 0; d < 120; d += 2) {
      runs = runs.with("r" + d, run(day(d), 6000), UTC).pruned(UTC);
    }

    LoadHistory history = runs.history(UTC);
    LocalDate latest = DAY0.plusDays(118);
    LocalDate keptFrom = latest.minusDays(AthleteRuns.RETAINED_DAYS - 1L);
    assertThat(history.days().firstKey()).isAfterOrEqualTo(keptFrom);
    assertThat(runs.runs()).hasSize(46); // days 28, 30, ... 118
    assertThat(history.firstDay()).isEqualTo(DAY0);
    assertThat(history.trendOn(latest).historyDays()).isEqualTo(119);
    assertThat(history.completeFrom())
        .isEqualTo(keptFrom.plusDays(TrendCalculator.CHRONIC_LAST_DAY));
  }

  @Test
  void aRunFromBeforeTheRetainedWindowIsNotTaken() {
    AthleteRuns runs =
        AthleteRuns.EMPTY
            .with("old", run(T0, 6000), UTC)
            .with("new", run(day(100), 6000), UTC)
            .pruned(UTC);
    assertThat(runs.runs()).containsOnlyKeys("new");

    RunLoad tooOld = run(day(5), 7000);
    assertThat(runs.accepts(tooOld, UTC)).isFalse();
    assertThat(runs.with("late", tooOld, UTC)).isSameAs(runs);
    assertThat(runs.accepts(run(day(60), 7000), UTC)).isTrue();
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
