package io.backstride.streams;

import static io.backstride.streams.Fixture.T0;
import static io.backstride.streams.Fixture.WALL_CLOCK_START;
import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.AthleteTrend;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose end lies ahead of the service's clock (a watch clock running fast, written by a
 * producer other than ingest) is counted, and nothing the topology writes for it is stamped later
 * than the service's clock: the broker refuses records more than an hour ahead of its own, and
 * under exactly-once that refusal stops the application.
 */
class ClockAheadTest {
  private static final String ATHLETE = "ahead";

  @TempDir Path stateDir;

  @Test
  void theSummaryAndTrendsOfARunAheadOfTheClockAreStampedWithTheClockAndTheRunCounts() {
    Instant start = WALL_CLOCK_START.plus(Duration.ofHours(3)); // within the 2 days allowed
    try (Fixture f = new Fixture(stateDir, Map.of())) {
      f.upload(ATHLETE, "fast-clock", start, 8000, 40);

      List<TestRecord<String, ActivitySummary>> summaries = f.summaries.readRecordsToList();
      assertThat(summaries).hasSize(1);
      assertThat(summaries.get(0).getValue().getEndTime()).isAfter(start);
      assertThat(summaries.get(0).getRecordTime()).isEqualTo(WALL_CLOCK_START);

      List<TestRecord<String, AthleteTrend>> trends = f.trends.readRecordsToList();
      assertThat(trends).isNotEmpty();
      assertThat(trends).allSatisfy(t -> assertThat(t.getRecordTime()).isEqualTo(WALL_CLOCK_START));
      assertThat(trends.get(trends.size() - 1).getValue().getAcuteDistanceM()).isPositive();
      assertThat(f.deadLetters.isEmpty()).isTrue();
    }
  }

  @Test
  void aRunInThePastKeepsItsEndAsTheSummarysTime() {
    try (Fixture f = new Fixture(stateDir, Map.of())) {
      f.upload(ATHLETE, "past", T0, 8000, 40);

      TestRecord<String, ActivitySummary> summary = f.summaries.readRecord();
      assertThat(summary.getRecordTime()).isEqualTo(summary.getValue().getEndTime());
      assertThat(summary.getRecordTime()).isBefore(WALL_CLOCK_START);
    }
  }
}
