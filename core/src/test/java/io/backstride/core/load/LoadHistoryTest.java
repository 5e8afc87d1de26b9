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
}
