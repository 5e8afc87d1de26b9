package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DemoHistoryTest {

  @Test
  void runsStartAtSevenOnceTodaysRunIsOverAndAtMidnightBefore() {
    assertThat(DemoHistory.startAt(Instant.parse("2026-12-02T00:16:00Z")))
        .isEqualTo(LocalTime.MIDNIGHT);
    assertThat(DemoHistory.startAt(Instant.parse("2026-12-02T07:59:59Z")))
        .isEqualTo(LocalTime.MIDNIGHT);
    assertThat(DemoHistory.startAt(Instant.parse("2026-12-02T08:00:00Z")))
        .isEqualTo(LocalTime.of(7, 0));
  }

  @Test
  void justAfterMidnightTodaysRunIsLessThanAnHourAheadOfTheClock() {
    Instant now = Instant.parse("2026-12-02T00:00:01Z");
    LocalDate today = LocalDate.parse("2026-12-02");

    var runs = DemoHistory.runs(today, DemoHistory.startAt(now), 2026L);

    assertThat(runs.get(runs.size() - 1).date()).isEqualTo(today);
    Instant lastStart = today.atTime(DemoHistory.startAt(now)).toInstant(ZoneOffset.UTC);
    Instant lastEnd = lastStart.plusSeconds((long) (DemoHistory.RUN_DISTANCE_M / 2.9));
    assertThat(Duration.between(now, lastEnd)).isLessThan(Duration.ofHours(1));
  }
}
