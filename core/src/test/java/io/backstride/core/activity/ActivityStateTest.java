package io.backstride.core.activity;

import static io.backstride.core.activity.TrackBuilder.T0;
import static io.backstride.core.activity.TrackBuilder.straight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.backstride.core.Sample;
import io.backstride.core.Sport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ActivityStateTest {

  @Test
  void measuresDistanceAndMovingTimeOfASteadyRun() {
    ActivityMetrics m = ActivityState.empty().plus(straight(1000, 3.0, d -> 300)).metrics();

    assertThat(m.distanceM()).isCloseTo(3000, within(3.0));
    assertThat(m.movingTimeS()).isCloseTo(1000, within(0.001));
    assertThat(m.avgMovingSpeedMps()).isCloseTo(3.0, within(0.01));
    assertThat(m.sport(Optional.empty())).isEqualTo(Sport.RUNNING);
  }

  @Test
  void countsASteadyFortyMetreDescentToWithinAFewMetres() {
    // 2 km at -2%: 40 m down, then 500 m flat so the smoothing settles
    ActivityMetrics m =
        ActivityState.empty()
            .plus(straight(850, 3.0, d -> d < 2000 ? 140 - 0.02 * d : 100))
            .metrics();

    assertThat(m.descentM()).isCloseTo(40, within(3.0));
    assertThat(m.ascentM()).isLessThan(1.0);
  }

  @Test
  void flatRunWithTwoMetreAltitudeNoiseHasNextToNoDescent() {
    Random noise = new Random(42);
    ActivityMetrics m =
        ActivityState.empty()
            .plus(straight(3600, 3.0, d -> 200 + (noise.nextDouble() * 4 - 2)))
            .metrics();

    assertThat(m.descentM()).isLessThan(5.0);
    assertThat(m.downhillDistanceM()).isLessThan(200.0);
  }

  @Test
  void downhillDistanceIsTheDistanceRunAtMinusThreePercentOrSteeper() {
    // 1 km flat, then 1 km at -5%, then 1 km flat
    ActivityMetrics m =
        ActivityState.empty()
            .plus(
                straight(1000, 3.0, d -> d < 1000 ? 100 : d < 2000 ? 100 - 0.05 * (d - 1000) : 50))
            .metrics();

    assertThat(m.downhillDistanceM()).isCloseTo(1000, within(120.0));
  }

  @Test
  void dropsAGpsJumpInsteadOfCountingIt() {
    List<Sample> samples = new ArrayList<>(straight(100, 3.0, d -> 100));
    Sample jump = Sample.at(T0.plusMillis(50_500), 46.01, 14.5, 100.0); // ~1 km away in 0.5 s
    samples.add(51, jump);

    ActivityState state = ActivityState.empty().plus(samples);

    assertThat(state.track().droppedJumps()).isEqualTo(1);
    assertThat(state.metrics().distanceM()).isCloseTo(300, within(1.0));
  }

  @Test
  void pausesAreNotMovingTime() {
    List<Sample> run = straight(100, 3.0, d -> 100);
    Sample last = run.get(run.size() - 1);
    // standing still for two minutes, one sample every 10 s
    List<Sample> all = new ArrayList<>(run);
    for (int t = 10; t <= 120; t += 10) {
      all.add(Sample.at(last.time().plusSeconds(t), last.lat(), last.lon(), 100.0));
    }

    ActivityMetrics m = ActivityState.empty().plus(all).metrics();

    assertThat(m.movingTimeS()).isCloseTo(100, within(0.001));
    assertThat(m.duration().getSeconds()).isEqualTo(220);
  }

  @Test
  void treadmillRunWithoutPositionsUsesTheDeviceDistance() {
    List<Sample> samples = new ArrayList<>();
    for (int t = 0; t <= 600; t++) {
      samples.add(new Sample(T0.plusSeconds(t), null, null, null, null, t * 2.5, 150, 170.0, null));
    }

    ActivityMetrics m = ActivityState.empty().plus(samples).metrics();

    assertThat(m.distanceM()).isCloseTo(1500, within(0.01));
    assertThat(m.avgMovingSpeedMps()).isCloseTo(2.5, within(0.01));
    assertThat(m.avgHeartRateBpm()).isEqualTo(150.0);
    assertThat(m.avgCadenceSpm()).isEqualTo(170.0);
  }

  @Test
  void batchesGiveTheSameResultAsOneList() {
    List<Sample> samples = straight(900, 3.2, d -> 100 + 20 * Math.sin(d / 300));

    ActivityState whole = ActivityState.empty().plus(samples);
    ActivityState batched = ActivityState.empty();
    for (int i = 0; i < samples.size(); i += 200) {
      batched = batched.plus(samples.subList(i, Math.min(samples.size(), i + 200)));
    }

    assertThat(batched).isEqualTo(whole);
  }

  @Test
  void slowActivityWithoutDeclaredSportIsInferredAsWalking() {
    ActivityMetrics m = ActivityState.empty().plus(straight(600, 1.3, d -> 100)).metrics();

    assertThat(m.sport(Optional.empty())).isEqualTo(Sport.WALKING);
    assertThat(m.sport(Optional.of(Sport.HIKING))).isEqualTo(Sport.HIKING);
  }
}
