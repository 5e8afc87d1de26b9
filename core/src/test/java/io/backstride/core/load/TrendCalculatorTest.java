package io.backstride.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TrendCalculatorTest {
  private static final LocalDate DAY1 = LocalDate.parse("2026-03-02");

  private static ActivityLoad run(LocalDate date, double distanceM, double descentM) {
    return new ActivityLoad(date, distanceM, distanceM, distanceM / 3.0, descentM, List.of());
  }

  /** Three runs a week (days 0, 2, 5 of each week) for {@code weeks} weeks. */
  private static NavigableMap<LocalDate, DailyLoad> steady(
      int weeks, double distanceM, double descentM) {
    NavigableMap<LocalDate, DailyLoad> loads = new TreeMap<>();
    for (int w = 0; w < weeks; w++) {
      for (int d : new int[] {0, 2, 5}) {
        LocalDate date = DAY1.plusDays(7L * w + d);
        loads.merge(date, DailyLoad.EMPTY.plus(run(date, distanceM, descentM)), (a, b) -> a);
      }
    }
    return loads;
  }

  @Test
  void acuteIsTheLastSevenDaysAndChronicTheWeeklyAverageOfDaysEightToThirtyFive() {
    NavigableMap<LocalDate, DailyLoad> loads = steady(6, 8000, 50);

    Trend t = TrendCalculator.trendOn(DAY1.plusDays(41), DAY1, loads);

    assertThat(t.acuteDistanceM()).isEqualTo(24000);
    assertThat(t.chronicWeeklyDistanceM()).isCloseTo(24000, within(1e-6));
    assertThat(t.acuteDescentM()).isEqualTo(150);
    assertThat(t.chronicWeeklyDescentM()).isCloseTo(150, within(1e-6));
    assertThat(t.baseline()).isEqualTo(BaselineState.READY);
    assertThat(t.acuteFrom()).isEqualTo(DAY1.plusDays(35));
    assertThat(t.chronicFrom()).isEqualTo(DAY1.plusDays(7));
    assertThat(t.chronicTo()).isEqualTo(DAY1.plusDays(34));
  }

  @Test
  void shortHistoryIsNotDilutedByDaysBeforeTheFirstActivity() {
    NavigableMap<LocalDate, DailyLoad> loads = steady(3, 8000, 50);

    // day 21: the chronic window holds days 1-14 of history only
    Trend t = TrendCalculator.trendOn(DAY1.plusDays(20), DAY1, loads);

    assertThat(t.chronicWeeklyDistanceM()).isCloseTo(24000, within(1e-6));
    assertThat(t.baseline()).isEqualTo(BaselineState.READY);
  }

  @Test
  void aBreakInsideTheHistoryCountsAsZeros() {
    NavigableMap<LocalDate, DailyLoad> loads = steady(2, 8000, 50);
    LocalDate back = DAY1.plusDays(34);
    loads.put(back, DailyLoad.EMPTY.plus(run(back, 8000, 50)));

    Trend t = TrendCalculator.trendOn(back, DAY1, loads);

    // the chronic window (days 0-27 of history) holds two weeks of 24 km: 12 km a week on average
    assertThat(t.chronicWeeklyDistanceM()).isCloseTo(12000, within(1e-6));
  }

  @Test
  void noBaselineInTheFirstThirteenDaysThenBuildingThenReady() {
    NavigableMap<LocalDate, DailyLoad> loads = steady(6, 8000, 50);

    assertThat(TrendCalculator.trendOn(DAY1.plusDays(12), DAY1, loads).baseline())
        .isEqualTo(BaselineState.NONE);
    assertThat(TrendCalculator.trendOn(DAY1.plusDays(13), DAY1, loads).baseline())
        .isEqualTo(BaselineState.BUILDING);
    assertThat(TrendCalculator.trendOn(DAY1.plusDays(20), DAY1, loads).baseline())
        .isEqualTo(BaselineState.READY);
  }
}
