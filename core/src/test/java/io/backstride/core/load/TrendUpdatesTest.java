package io.backstride.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendUpdatesTest {
  private static final LocalDate D0 = LocalDate.parse("2026-03-02");

  private static ActivityLoad run(int day, double distanceM) {
    return new ActivityLoad(
        D0.plusDays(day), distanceM, distanceM, distanceM / 3, 30, List.of(0.0, distanceM));
  }

  private static List<LocalDate> days(List<Trend> trends) {
    return trends.stream().map(Trend::date).toList();
  }

  @Test
  void theFirstRunSendsItsOwnDay() {
    List<Trend> trends =
        TrendUpdates.between(LoadHistory.EMPTY, LoadHistory.EMPTY.plus(run(0, 8000)));

    assertThat(days(trends)).containsExactly(D0);
    assertThat(trends.get(0).acuteDistanceM()).isEqualTo(8000);
  }

  @Test
  void aNewLatestRunFillsInTheRestDaysBeforeIt() {
    LoadHistory before = LoadHistory.EMPTY.plus(run(0, 8000));
    LoadHistory after = before.plus(run(3, 6000));

    assertThat(days(TrendUpdates.between(before, after)))
        .containsExactly(D0.plusDays(1), D0.plusDays(2), D0.plusDays(3));
  }

  @Test
  void aLateRunCorrectsItsDayAndEveryLaterOneUpToTheLatest() {
    LoadHistory before = LoadHistory.EMPTY.plus(run(0, 8000)).plus(run(10, 8000));
    LoadHistory after = before.plus(run(4, 5000));

    List<Trend> trends = TrendUpdates.between(before, after);

    assertThat(days(trends)).first().isEqualTo(D0.plusDays(4));
    assertThat(days(trends)).last().isEqualTo(D0.plusDays(10));
    assertThat(trends.get(0).acuteDistanceM()).isEqualTo(13000);
  }

  @Test
  void aChangeReachesOnlyTheDaysWhoseWindowsHoldIt() {
    LoadHistory before = LoadHistory.EMPTY;
    for (int d = 0; d <= 60; d += 3) {
      before = before.plus(run(d, 6000));
    }
    LoadHistory after = before.plus(run(6, 1000));

    List<Trend> trends = TrendUpdates.between(before, after);

    assertThat(days(trends)).first().isEqualTo(D0.plusDays(6));
    assertThat(days(trends))
        .last()
        .isEqualTo(D0.plusDays(6 + TrendCalculator.CHRONIC_LAST_DAY - 1));
  }

  @Test
  void nothingChangedNothingSent() {
    LoadHistory h = LoadHistory.EMPTY.plus(run(0, 8000));

    assertThat(TrendUpdates.between(h, LoadHistory.of(h.days()))).isEmpty();
  }

  @Test
  void noTrendIsSentForADayWhoseWindowLostRuns() {
    LocalDate completeFrom = D0.plusDays(40);
    LoadHistory before =
        new LoadHistory(LoadHistory.EMPTY.plus(run(30, 6000)).days(), D0, completeFrom);
    LoadHistory after = new LoadHistory(before.plus(run(35, 6000)).days(), D0, completeFrom);
    LoadHistory afterNext = new LoadHistory(after.plus(run(45, 6000)).days(), D0, completeFrom);

    assertThat(TrendUpdates.between(before, after)).isEmpty();
    assertThat(days(TrendUpdates.between(after, afterNext)).get(0)).isEqualTo(completeFrom);
  }

  @Test
  void removingTheLatestRunSendsItsDayAgainWithoutIt() {
    LoadHistory before = LoadHistory.EMPTY.plus(run(0, 8000)).plus(run(3, 6000));
    LoadHistory after = LoadHistory.EMPTY.plus(run(0, 8000));

    List<Trend> trends = TrendUpdates.between(before, after);

    assertThat(days(trends)).containsExactly(D0.plusDays(3));
    assertThat(trends.get(0).acuteDistanceM()).isEqualTo(8000);
  }
}
