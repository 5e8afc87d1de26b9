package io.backstride.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WarmUpTest {
  private static final LocalDate TODAY = LocalDate.parse("2026-04-13");

  @Test
  void theSampleDaysReadBackFromTheTrendsJsonAsTheyWere() {
    List<TrendDay> days = WarmUp.sampleDays(TODAY);

    assertThat(ApiClients.readTrends(ApiClients.writeTrends(days))).isEqualTo(days);
    assertThat(days.get(days.size() - 1).date()).isEqualTo(TODAY);
  }

  @Test
  void everyPieceRunsEvenWithTheTrendsApiNotUpYet() {
    AtomicInteger profileRounds = new AtomicInteger();
    // port 9 (discard) on loopback: nothing listens, the connection is refused at once
    ApiClients nobody = new ApiClients("http://127.0.0.1:9", "http://127.0.0.1:9", null);

    assertThat(WarmUp.run(nobody, profileRounds::incrementAndGet, TODAY)).isTrue();
    assertThat(profileRounds).hasValue(1);
  }
}
