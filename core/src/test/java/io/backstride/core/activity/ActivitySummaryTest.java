package io.backstride.core.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.core.Sport;
import io.backstride.core.load.RunLoad;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivitySummaryTest {
  private static final Instant START = Instant.parse("2026-03-02T07:00:00Z");

  private static ActivitySummary of(Sport sport) {
    return new ActivitySummary(
        "ana",
        "run-1",
        sport,
        "gpx",
        START,
        START.plusSeconds(3600),
        3601,
        10_000,
        3_500,
        9_900,
        150,
        140,
        1_200,
        2.83,
        List.of(0.0, 4_000.0, 5_900.0),
        null,
        null,
        null);
  }

  @Test
  void aRunCountsWithItsDistanceTimeDescentAndBands() {
    assertThat(of(Sport.RUNNING).runLoad())
        .isEqualTo(new RunLoad(START, 10_000, 9_900, 3_500, 140, List.of(0.0, 4_000.0, 5_900.0)));
  }

  @Test
  void anythingElseIsHistoryWithoutLoadFromItsStart() {
    for (Sport sport : List.of(Sport.WALKING, Sport.HIKING, Sport.CYCLING, Sport.OTHER)) {
      assertThat(of(sport).runLoad()).isEqualTo(RunLoad.notARun(START));
    }
  }
}
