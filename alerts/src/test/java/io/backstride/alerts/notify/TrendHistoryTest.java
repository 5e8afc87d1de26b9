package io.backstride.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.alerts.rules.Trends;
import io.backstride.core.load.Trend;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendHistoryTest {

  @Test
  void keepsEightWeeksBehindTheNewestTrendAndARecomputedDayReplacesItsOldValue() {
    List<Trend> trends = new ArrayList<>();
    for (int d = 0; d < 100; d++) {
      trends.add(Trends.steady(Trends.DAY.plusDays(d)));
    }
    trends.add(
        Trends.descent(
            Trends.DAY.plusDays(99), io.backstride.core.load.BaselineState.READY, 500, 150));

    var kept = TrendHistory.bounded(trends);

    LocalDate newest = Trends.DAY.plusDays(99);
    assertThat(kept).hasSize(TrendHistory.DAYS);
    assertThat(kept.firstKey()).isEqualTo(newest.minusDays(55));
    assertThat(kept.get(newest).acuteDescentM()).isEqualTo(500);
  }
}
