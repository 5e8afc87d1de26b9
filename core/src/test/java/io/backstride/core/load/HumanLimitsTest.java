package io.backstride.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HumanLimitsTest {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  private static RunLoad run(double distanceM, double movingTimeS, double descentM) {
    return new RunLoad(T0, distanceM, distanceM, movingTimeS, descentM, List.of(0.0, distanceM));
  }

  @Test
  void realRunsFromAParkrunToA48HourRaceAreCounted() {
    assertThat(HumanLimits.problem(run(5_000, 1_500, 20))).isEmpty();
    assertThat(HumanLimits.problem(run(42_195, 7_235, 300))).isEmpty(); // 2:00:35
    assertThat(HumanLimits.problem(run(100, 9.58, 0))).isEmpty(); // Bolt's 100 m
    assertThat(HumanLimits.problem(run(474_000, 48 * 3_600, 2_000))).isEmpty();
    assertThat(HumanLimits.problem(run(0, 0, 0))).isEmpty(); // a recording that never moved
  }

  @Test
  void theRunTheTrendsShowedIsRefused() {
    assertThat(HumanLimits.problem(run(9.2e16, 2_401, 0)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("more than the 1000000 m"));
  }

  @Test
  void aRunFasterThanAnyHumanOrWithDistanceInNoTimeIsRefused() {
    assertThat(HumanLimits.problem(run(10_000, 600, 0)))
        .hasValue("10000 m in 600 s of moving time, faster than 12 m/s on average");
    assertThat(HumanLimits.problem(run(500, 0, 0))).isPresent();
  }

  @Test
  void nonFiniteOrNegativeTotalsAreRefused() {
    assertThat(HumanLimits.problem(run(Double.NaN, 600, 0))).isPresent();
    assertThat(HumanLimits.problem(run(Double.POSITIVE_INFINITY, 600, 0))).isPresent();
    assertThat(HumanLimits.problem(run(5_000, 1_500, -3))).isPresent();
    assertThat(HumanLimits.problem(run(5_000, Double.POSITIVE_INFINITY, 0))).isPresent();
    assertThat(
            HumanLimits.problem(
                new RunLoad(T0, 5_000, 5_000, 1_500, 0, List.of(Double.NaN, 5_000.0))))
        .hasValue("a speed band's distance is NaN m");
  }

  @Test
  void moreDescentThanDistanceIsRefused() {
    assertThat(HumanLimits.problem(run(5_000, 1_500, 5_001)))
        .hasValue("5001 m of descent in 5000 m of running: more descent than distance");
  }
}
