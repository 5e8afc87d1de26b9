package io.backstride.core.activity;

import static io.backstride.core.activity.MetricRules.SPEED_BANDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.core.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bands as arrays give what the bands as boxed lists gave: the same values to the bit, batch by
 * batch, and the same equality.
 */
class SpeedBandsTest {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  @Test
  void foldedInBatchesTheBandsAreToTheBitTheSampleBySampleBoxedFold() {
    Random random = new Random(20261202L);
    for (int run = 0; run < 300; run++) {
      List<Sample> samples = track(random, 50 + random.nextInt(3000));
      ActivityState state = ActivityState.empty();
      for (List<Sample> batch : batches(random, samples)) {
        state = state.plus(batch);
        // as an older stored form would hand the bands back: boxed, then read again
        SpeedBands b = state.speedBands();
        state =
            new ActivityState(
                state.track(),
                state.distance(),
                state.elevation(),
                new SpeedBands(b.distanceM(), b.timeS()),
                state.averages());
      }
      List<List<Double>> expected = boxedFold(samples);
      assertThat(state.speedBands().distanceM()).as("run %d", run).isEqualTo(expected.get(0));
      assertThat(state.speedBands().timeS()).as("run %d", run).isEqualTo(expected.get(1));
      assertThat(state.metrics().bandDistanceM()).isEqualTo(expected.get(0));
    }
  }

  @Test
  void equalityIsByValueAsTheListsWere() {
    double[] d = {0, 1.5, 2.25};
    double[] t = {0, 0.5, 1};
    SpeedBands fromArrays = new SpeedBands(d, t);
    SpeedBands fromLists = new SpeedBands(List.of(0.0, 1.5, 2.25), List.of(0.0, 0.5, 1.0));
    assertThat(fromArrays).isEqualTo(fromLists).hasSameHashCodeAs(fromLists);
    assertThat(fromArrays)
        .isNotEqualTo(new SpeedBands(List.of(0.0, 1.5, 2.25), List.of(0.0, 0.5, 2.0)));
    // Double.equals told 0.0 from -0.0; so does this
    assertThat(new SpeedBands(new double[] {-0.0}, new double[] {0}))
        .isNotEqualTo(new SpeedBands(new double[] {0.0}, new double[] {0}));
  }

  @Test
  void whatComesInIsCopiedAndWhatGoesOutCannotChangeTheBands() {
    double[] d = {1, 2};
    double[] t = {3, 4};
    SpeedBands b = new SpeedBands(d, t);
    d[0] = 99;
    t[1] = 99;
    assertThat(b.distanceM()).containsExactly(1.0, 2.0);
    assertThat(b.timeS()).containsExactly(3.0, 4.0);
    assertThatThrownBy(() -> b.distanceM().set(0, 5.0))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void foldingABatchLeavesTheStateItStartedFromAsItWas() {
    ActivityState before = ActivityState.empty().plus(track(new Random(7), 100));
    List<Double> distances = before.speedBands().distanceM();
    List<Sample> more = new ArrayList<>();
    for (Sample s : track(new Random(9), 100)) {
      more.add(Sample.at(s.time().plusSeconds(1000), s.lat(), s.lon(), s.elevationM()));
    }
    ActivityState after = before.plus(more);
    assertThat(after.speedBands()).isNotEqualTo(before.speedBands());
    assertThat(before.speedBands().distanceM()).isEqualTo(distances);
  }

  @Test
  void aNullInABoxedListIsRefused() {
    List<Double> withNull = new ArrayList<>(Collections.nCopies(3, 0.0));
    withNull.set(1, null);
    assertThatThrownBy(() -> new SpeedBands(withNull, List.of(0.0, 0.0, 0.0)))
        .isInstanceOf(NullPointerException.class);
  }

  /** The reference: every accepted sample's step added to boxed lists, one sample at a time. */
  private static List<List<Double>> boxedFold(List<Sample> samples) {
    List<Double> distances = new ArrayList<>(Collections.nCopies(SPEED_BANDS, 0.0));
    List<Double> times = new ArrayList<>(Collections.nCopies(SPEED_BANDS, 0.0));
    Track.Builder t = new Track.Builder(Track.EMPTY);
    for (Sample s : samples) {
      if (t.accept(s)) {
        if (t.moving) {
          int band =
              Math.min(SPEED_BANDS - 1, (int) ((t.stepM / t.dt) / MetricRules.SPEED_BAND_MPS));
          distances.set(band, distances.get(band) + t.stepM);
          times.set(band, times.get(band) + t.dt);
        }
        t.advance(s);
      }
    }
    return List.of(distances, times);
  }

  /** A run whose speed wanders between a standstill and a sprint, with the odd GPS jump. */
  private static List<Sample> track(Random random, int seconds) {
    List<Sample> samples = new ArrayList<>();
    double north = 0;
    double east = 0;
    double speed = 3;
    for (int t = 0; t < seconds; t += 1 + (random.nextInt(10) == 0 ? random.nextInt(5) : 0)) {
      speed = Math.max(0, Math.min(9, speed + random.nextGaussian() * 0.4));
      double step = random.nextInt(500) == 0 ? 200 : speed;
      double heading = random.nextDouble() * Math.PI / 4;
      north += step * Math.cos(heading);
      east += step * Math.sin(heading);
      double[] p = Geo.offset(46.0, 14.5, north, east);
      samples.add(Sample.at(T0.plusSeconds(t), p[0], p[1], 300 + 20 * Math.sin(t / 60.0)));
    }
    return samples;
  }

  private static List<List<Sample>> batches(Random random, List<Sample> samples) {
    List<List<Sample>> out = new ArrayList<>();
    int i = 0;
    while (i < samples.size()) {
      int n = 1 + random.nextInt(300);
      out.add(samples.subList(i, Math.min(samples.size(), i + n)));
      i += n;
    }
    return out;
  }

  @Test
  void theEmptyBandsAreZeroInEveryBand() {
    double[] zeros = new double[SPEED_BANDS];
    assertThat(SpeedBands.EMPTY).isEqualTo(new SpeedBands(zeros, zeros));
    assertThat(SpeedBands.EMPTY.distanceM()).hasSize(SPEED_BANDS).containsOnly(0.0);
  }
}
