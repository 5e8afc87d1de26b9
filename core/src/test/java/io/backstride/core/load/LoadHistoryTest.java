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
  }

  @Test
  void takingTheOnlyRunOutOfADayRemovesTheDay() {
    ActivityLoad a = run(DAY, 8000);
    ActivityLoad b = run(DAY.plusDays(1), 6000);

    LoadHistory h = LoadHistory.EMPTY.plus(a).plus(b).minus(a);

    assertThat(h.days()).containsOnlyKeys(DAY.plusDays(1));
    assertThat(h.minus(b)).isEqualTo(LoadHistory.EMPTY);
  }

  @Test
  void takingOutARunThatWasNeverAddedChangesNothing() {
    LoadHistory h = LoadHistory.EMPTY.plus(run(DAY, 8000));

    assertThat(h.minus(run(DAY.plusDays(5), 8000))).isEqualTo(h);
  }
}
