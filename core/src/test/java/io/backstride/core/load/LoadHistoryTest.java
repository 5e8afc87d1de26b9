package io.backstride.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadHistoryTest {
  private static final LocalDate DAY = LocalDate.parse("2026-03-02");

  private static ActivityLoad run(LocalDate date, double distanceM) {
    return new ActivityLoad(date, distanceM, distanceM, distanceM / 3, 40, List.of(0.0, distanceM));
  }

  @Test
  void runsOfOneDayAddUpAndOtherDaysStayApart() {
    LoadHistory h =
        LoadHistory.EMPTY
            .plus(run(DAY, 8000))
            .plus(run(DAY, 2000))
            .plus(run(DAY.plusDays(2), 5000));

    assertThat(h.days()).containsOnlyKeys(DAY, DAY.plusDays(2));
    assertThat(h.days().get(DAY).runs()).isEqualTo(2);
    assertThat(h.days().get(DAY).distanceM()).isEqualTo(10000);
    assertThat(h.days().get(DAY).bandDistanceM()).containsExactly(0.0, 10000.0);
  }

  @Test
  void theFirstDayIsTheEarliestRunWhateverTheOrderTheyCameIn() {
    LoadHistory h = LoadHistory.EMPTY.plus(run(DAY.plusDays(3), 8000)).plus(run(DAY, 2000));

    assertThat(h.firstDay()).isEqualTo(DAY);
    assertThat(h.completeFrom()).isNull();
    assertThat(h.trendOn(DAY.plusDays(3)).historyDays()).isEqualTo(4);
  }

  private static ActivityLoad hike(LocalDate date) {
    return new ActivityLoad(date, 9000, 8000, 9000, 400, List.of(0.0, 9000.0), false);
  }

  @Test
  void aHikeIsADayOfHistoryWithNoRunLoad() {
    LoadHistory h = LoadHistory.EMPTY.plus(hike(DAY)).plus(run(DAY.plusDays(2), 5000));

    assertThat(h.firstDay()).isEqualTo(DAY);
    assertThat(h.days()).containsOnlyKeys(DAY, DAY.plusDays(2));
    assertThat(h.days().get(DAY)).isEqualTo(DailyLoad.EMPTY);
    Trend onRunDay = h.trendOn(DAY.plusDays(2));
    assertThat(onRunDay.historyDays()).isEqualTo(3);
    assertThat(onRunDay.acuteRuns()).isEqualTo(1);
    assertThat(onRunDay.acuteDistanceM()).isEqualTo(5000);
    assertThat(onRunDay.acuteDescentM()).isEqualTo(40);
  }

  @Test
  void hikesOnlyMakeTrendsForEveryDayWithoutRunsAndNoBaseline() {
    LoadHistory h = LoadHistory.EMPTY;
    for (int day = 0; day < 40; day += 2) {
      h = h.plus(hike(DAY.plusDays(day)));
    }

    List<Trend> trends = TrendUpdates.between(LoadHistory.EMPTY, h);

    assertThat(trends).hasSize(39);
    assertThat(trends.get(0).date()).isEqualTo(DAY);
    assertThat(trends.get(38).date()).isEqualTo(DAY.plusDays(38));
    assertThat(trends)
        .allSatisfy(
            t -> {
              assertThat(t.acuteRuns() + t.chronicRuns()).isZero();
              assertThat(t.acuteDistanceM() + t.chronicWeeklyDistanceM()).isZero();
              assertThat(t.baseline()).isNotEqualTo(BaselineState.READY);
            });
  }
}
