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

/** Each metric of RULES.md against a synthetic profile whose true value is known. */
class KnownTruthTest {

  @Test
  void countsTheExactDescentOfANoiseFreeRamp() {
    // 100 m down over 2 km (-5%), flat before and after so the smoothing settles
    ActivityMetrics m =
        ActivityState.empty()
            .plus(straight(1200, 3.0, d -> d < 500 ? 300 : d < 2500 ? 300 - 0.05 * (d - 500) : 200))
            .metrics();

    assertThat(m.descentM()).isCloseTo(100, within(0.5));
    assertThat(m.ascentM()).isCloseTo(0, within(0.01));
    assertThat(m.downhillDistanceM()).isCloseTo(2000, within(100.0));
  }

  @Test
  void countsARampDescentThroughTwoMetreNoiseToWithinAFewMetres() {
    Random noise = new Random(7);
    ActivityMetrics m =
        ActivityState.empty()
            .plus(
                straight(
                    1200,
                    3.0,
                    d ->
                        (d < 500 ? 300 : d < 2500 ? 300 - 0.05 * (d - 500) : 200)
                            + noise.nextDouble() * 4
                            - 2))
            .metrics();

    assertThat(m.descentM()).isCloseTo(100, within(5.0));
    assertThat(m.ascentM()).isLessThan(5.0);
  }

  @Test
  void climbAndDescentOfAnOutAndBackHillAreEqual() {
    ActivityMetrics m =
        ActivityState.empty()
            .plus(straight(2000, 3.0, d -> 100 + 60 * (d <= 3000 ? d / 3000 : (6000 - d) / 3000)))
            .metrics();

    assertThat(m.ascentM()).isCloseTo(60, within(2.0));
    assertThat(m.descentM()).isCloseTo(60, within(2.0));
  }

  @Test
  void aLongPauseIsNeitherMovingTimeNorMovingDistance() {
    List<Sample> first = straight(300, 3.0, d -> 100);
    List<Sample> all = new ArrayList<>(first);
    // five minutes later, 40 m further on (a GPS fix after the watch slept): not moving
    Sample last = first.get(first.size() - 1);
    double[] p = Geo.offset(last.lat(), last.lon(), 40, 0);
    for (int t = 0; t <= 300; t++) {
      double[] q = Geo.offset(p[0], p[1], t * 3.0, 0);
      all.add(Sample.at(last.time().plusSeconds(300 + t), q[0], q[1], 100.0));
    }

    ActivityMetrics m = ActivityState.empty().plus(all).metrics();

    assertThat(m.movingTimeS()).isCloseTo(600, within(0.001));
    assertThat(m.movingDistanceM()).isCloseTo(1800, within(2.0));
    assertThat(m.distanceM()).isCloseTo(1840, within(2.0));
    assertThat(m.avgMovingSpeedMps()).isCloseTo(3.0, within(0.01));
  }

  @Test
  void severalGpsJumpsAreAllDroppedAndTheTrackContinues() {
    List<Sample> samples = new ArrayList<>(straight(600, 3.0, d -> 100));
    for (int at : new int[] {500, 300, 100}) {
      Sample s = samples.get(at);
      double[] far = Geo.offset(s.lat(), s.lon(), 0, 500);
      samples.add(at + 1, Sample.at(s.time().plusMillis(500), far[0], far[1], 100.0));
    }

    ActivityState state = ActivityState.empty().plus(samples);

    assertThat(state.track().droppedJumps()).isEqualTo(3);
    assertThat(state.metrics().distanceM()).isCloseTo(1800, within(2.0));
  }

  @Test
  void treadmillRunWithOnlyTheDeviceSpeedUsesSpeedTimesTime() {
    List<Sample> samples = new ArrayList<>();
    for (int t = 0; t <= 1200; t++) {
      samples.add(new Sample(T0.plusSeconds(t), null, null, null, 3.2, null, null, null, null));
    }

    ActivityMetrics m = ActivityState.empty().plus(samples).metrics();

    assertThat(m.distanceM()).isCloseTo(3840, within(0.01));
    assertThat(m.movingTimeS()).isCloseTo(1200, within(0.001));
    assertThat(m.descentM()).isZero();
    assertThat(m.sport(Optional.empty())).isEqualTo(Sport.RUNNING);
  }

  @Test
  void treadmillPrefersTheDeviceDistanceOverItsSpeed() {
    List<Sample> samples = new ArrayList<>();
    for (int t = 0; t <= 600; t++) {
      // the speed field disagrees with the distance: the distance is what the belt measured
      samples.add(new Sample(T0.plusSeconds(t), null, null, null, 9.0, t * 2.5, null, null, null));
    }

    ActivityMetrics m = ActivityState.empty().plus(samples).metrics();

    assertThat(m.distanceM()).isCloseTo(1500, within(0.01));
  }

  @Test
  void averagesHeartRateCadenceAndVerticalOscillationOverTheSamplesThatHaveThem() {
    List<Sample> samples = new ArrayList<>();
    for (int t = 0; t <= 100; t++) {
      double[] p = Geo.offset(46.0, 14.5, t * 3.0, 0);
      boolean even = t % 2 == 0;
      samples.add(
          new Sample(
              T0.plusSeconds(t),
              p[0],
              p[1],
              100.0,
              null,
              null,
              even ? 140 : 160,
              even ? 170.0 : null,
              t < 50 ? 80.0 : 90.0));
    }

    ActivityMetrics m = ActivityState.empty().plus(samples).metrics();

    assertThat(m.avgHeartRateBpm()).isCloseTo(149.9, within(0.1));
    assertThat(m.avgCadenceSpm()).isEqualTo(170.0);
    assertThat(m.avgVerticalOscillationMm()).isCloseTo(85.05, within(0.01));
  }

  @Test
  void averagesAreAbsentWhenNoSampleHasThem() {
    ActivityMetrics m = ActivityState.empty().plus(straight(60, 3.0, d -> 100)).metrics();

    assertThat(m.avgHeartRateBpm()).isNull();
    assertThat(m.avgCadenceSpm()).isNull();
    assertThat(m.avgVerticalOscillationMm()).isNull();
  }

  @Test
  void infersRunningFromTheMedianMovingSpeedNotTheMean() {
    // 10 min walking at 1.4 m/s, then 20 min running at 3 m/s: the median is running
    List<Sample> samples = new ArrayList<>();
    double d = 0;
    for (int t = 0; t <= 1800; t++) {
      double[] p = Geo.offset(46.0, 14.5, d, 0);
      samples.add(Sample.at(T0.plusSeconds(t), p[0], p[1], 100.0));
      d += t < 600 ? 1.4 : 3.0;
    }

    ActivityMetrics m = ActivityState.empty().plus(samples).metrics();

    assertThat(m.medianMovingSpeedMps()).isGreaterThanOrEqualTo(1.8);
    assertThat(m.sport(Optional.empty())).isEqualTo(Sport.RUNNING);
  }

  @Test
  void anActivityThatNeverMovesIsOther() {
    List<Sample> samples = new ArrayList<>();
    for (int t = 0; t <= 60; t++) {
      samples.add(Sample.at(T0.plusSeconds(t), 46.0, 14.5, 100.0));
    }

    assertThat(ActivityState.empty().plus(samples).metrics().sport(Optional.empty()))
        .isEqualTo(Sport.OTHER);
  }

  @Test
  void speedBandsAddUpToTheMovingDistance() {
    List<Sample> samples = new ArrayList<>();
    double d = 0;
    for (int t = 0; t <= 1000; t++) {
      double[] p = Geo.offset(46.0, 14.5, d, 0);
      samples.add(Sample.at(T0.plusSeconds(t), p[0], p[1], 100.0));
      d += t < 500 ? 2.6 : 3.6;
    }

    ActivityMetrics m = ActivityState.empty().plus(samples).metrics();

    double sum = m.bandDistanceM().stream().mapToDouble(Double::doubleValue).sum();
    assertThat(sum).isCloseTo(m.movingDistanceM(), within(0.001));
    assertThat(m.bandDistanceM().get(10)).isCloseTo(1300, within(5.0)); // 2.50-2.75 m/s
    assertThat(m.bandDistanceM().get(14)).isCloseTo(1800, within(5.0)); // 3.50-3.75 m/s
  }

  @Test
  void repeatedAndOlderSamplesAddNothing() {
    List<Sample> run = straight(300, 3.0, d -> 100);
    ActivityState once = ActivityState.empty().plus(run);

    ActivityState again = once.plus(run.subList(100, 200));

    assertThat(again).isEqualTo(once);
  }

  @Test
  void exportSportNamesMapToSports() {
    assertThat(Sport.fromExportName("running")).contains(Sport.RUNNING);
    assertThat(Sport.fromExportName("TrailRunning")).contains(Sport.RUNNING);
    assertThat(Sport.fromExportName("Biking")).contains(Sport.CYCLING);
    assertThat(Sport.fromExportName("walking")).contains(Sport.WALKING);
    assertThat(Sport.fromExportName("hiking")).contains(Sport.HIKING);
    assertThat(Sport.fromExportName("Other")).isEmpty();
    assertThat(Sport.fromExportName(" ")).isEmpty();
    assertThat(Sport.fromExportName("swimming")).contains(Sport.OTHER);
  }
}
