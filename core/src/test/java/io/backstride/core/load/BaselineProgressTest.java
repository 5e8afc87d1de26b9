package io.backstride.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineProgressTest {
  private static final LocalDate DAY = LocalDate.parse("2026-03-02");

  private static ActivityLoad run(LocalDate date, double distanceM) {
    return new ActivityLoad(date, distanceM, distanceM, distanceM / 3, 10, List.of());
  }

  @Test
  void afterOneShortRunTheUsualWeekIsStillBuildingNotANumber() {
    LoadHistory h = LoadHistory.EMPTY.plus(run(DAY, 4700));

    Trend t = h.trendOn(DAY.plusDays(11)); // 12 days of history: 5 of them in the chronic window

    // the figure itself is one run scaled up to a week: not a usual week
    assertThat(t.chronicWeeklyDistanceM()).isGreaterThan(4700);
    assertThat(t.baselineProgress().ready()).isFalse();
    assertThat(t.baselineProgress().describe()).isEqualTo("building (5 of 14 days, 1 of 4 runs)");
  }

  @Test
  void saysWhatIsMissingOnceTheDaysAreThere() {
    LoadHistory h = LoadHistory.EMPTY.plus(run(DAY, 8000)).plus(run(DAY.plusDays(3), 8000));

    Trend t = h.trendOn(DAY.plusDays(30));

    assertThat(t.baselineProgress().chronicDays()).isEqualTo(24);
    assertThat(t.baselineProgress().describe()).isEqualTo("building (2 of 4 runs)");
  }

  @Test
  void isReadyWithFourRunsAndFourteenDaysInTheChronicWindow() {
    LoadHistory h = LoadHistory.EMPTY;
    for (int day = 0; day < 14; day += 3) {
      h = h.plus(run(DAY.plusDays(day), 8000));
    }

    Trend before = h.trendOn(DAY.plusDays(19));
    Trend ready = h.trendOn(DAY.plusDays(20));

    assertThat(before.baselineProgress().describe()).isEqualTo("building (13 of 14 days)");
    assertThat(ready.baselineProgress().ready()).isTrue();
    assertThat(ready.baselineProgress().describe()).isEqualTo("ready");
    assertThat(ready.baselineProgress().chronicDays()).isEqualTo(14);
  }
}
