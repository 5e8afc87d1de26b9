package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.core.Sample;
import io.backstride.ingest.ActivityReaders;
import io.backstride.ingest.SampleChecks;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
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

  @Test
  void atEveryQuarterHourOfTheDayIngestTakesEveryRunOfTheDemo() throws Exception {
    LocalDate today = LocalDate.parse("2026-12-02");
    ActivityReaders readers = new ActivityReaders();
    for (int quarter = 0; quarter < 24 * 4; quarter++) {
      Instant now = today.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(quarter * 900L + 1);
      List<DemoHistory.DemoRun> runs = DemoHistory.runs(today, DemoHistory.startAt(now), 2026L);
      // the last run is today's, the one nearest the clock; the others are days back
      DemoHistory.DemoRun last = runs.get(runs.size() - 1);
      List<Sample> samples =
          readers
              .read(new ByteArrayInputStream(last.gpx().getBytes(StandardCharsets.UTF_8)))
              .samples();

      assertThat(SampleChecks.problem(samples, now, SampleChecks.DEFAULT_MAX_CLOCK_AHEAD))
          .as("the demo started at %s", now)
          .isEmpty();
    }
  }
}
