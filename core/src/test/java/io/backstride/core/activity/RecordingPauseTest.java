package io.backstride.core.activity;

import static io.backstride.core.activity.TrackBuilder.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.backstride.core.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A recording the athlete paused (auto-pause at a traffic light, the stop button): the way between
 * the sample before the pause and the one after is not run, and the device's own distance, which
 * stops with its timer, is taken over the sum of GPS steps.
 */
class RecordingPauseTest {
  private static final double LAT0 = 46.0;
  private static final double LON0 = 14.5;

  /** One sample a second due north at {@code speedMps}, from {@code northM} and {@code fromS}. */
  private static List<Sample> leg(
      int fromS, int seconds, double northM, double speedMps, double elevationM, Double deviceM) {
    List<Sample> samples = new ArrayList<>();
    for (int t = 0; t <= seconds; t++) {
      double[] p = Geo.offset(LAT0, LON0, northM + t * speedMps, 0);
      samples.add(
          new Sample(
              T0.plusSeconds(fromS + t),
              p[0],
              p[1],
              elevationM,
              null,
              deviceM == null ? null : deviceM + t * speedMps,
              null,
              null,
              null));
    }
    return samples;
  }

  /** The first sample of {@code leg} marked as following a pause. */
  private static List<Sample> resumed(List<Sample> leg) {
    List<Sample> out = new ArrayList<>(leg);
    out.set(0, out.get(0).afterPause());
    return out;
  }

  @Test
  void theWayAcrossAPauseIsNeitherDistanceNorMovingTime() {
    // 600 m in 200 s, paused for 20 s while walking 25 m on (GPS on, timer off), 600 m more
    List<Sample> track = new ArrayList<>(leg(0, 200, 0, 3.0, 300, null));
    track.addAll(resumed(leg(220, 200, 625, 3.0, 300, null)));

    ActivityMetrics m = ActivityState.empty().plus(track).metrics();

    assertThat(m.distanceM()).isCloseTo(1200, within(0.5));
    assertThat(m.movingDistanceM()).isCloseTo(1200, within(0.5));
    assertThat(m.movingTimeS()).isCloseTo(400, within(0.001));
  }

  @Test
  void withoutThePauseMarkTheSameWayCountsAsDistance() {
    // the same track unmarked: what the readers did before they marked pauses
    List<Sample> track = new ArrayList<>(leg(0, 200, 0, 3.0, 300, null));
    track.addAll(leg(220, 200, 625, 3.0, 300, null));

    ActivityMetrics m = ActivityState.empty().plus(track).metrics();

    assertThat(m.distanceM()).isCloseTo(1225, within(0.5));
  }

  @Test
  void aDescentDuringThePauseIsNotDescent() {
    // a run at 500 m, paused, taken down by a lift, resumed at 300 m: no descent was run
    List<Sample> track = new ArrayList<>(leg(0, 300, 0, 3.0, 500, null));
    track.addAll(resumed(leg(900, 300, 900, 3.0, 300, null)));

    ActivityMetrics m = ActivityState.empty().plus(track).metrics();

    assertThat(m.descentM()).isCloseTo(0, within(0.01));
    assertThat(m.downhillDistanceM()).isCloseTo(0, within(0.01));
    assertThat(m.movingTimeS()).isCloseTo(600, within(0.001));
  }

  @Test
  void aDescentRunBeforeThePauseStillCounts() {
    // 30 m down at -5% over 600 m, then paused at the bottom, then flat
    List<Sample> down = new ArrayList<>();
    for (int t = 0; t <= 400; t++) {
      double d = t * 3.0;
      double[] p = Geo.offset(LAT0, LON0, d, 0);
      double elevation = d < 300 ? 400 : d < 900 ? 400 - 0.05 * (d - 300) : 370;
      down.add(Sample.at(T0.plusSeconds(t), p[0], p[1], elevation));
    }
    List<Sample> track = new ArrayList<>(down);
    track.addAll(resumed(leg(460, 200, 1300, 3.0, 370, null)));

    ActivityMetrics m = ActivityState.empty().plus(track).metrics();

    assertThat(m.descentM()).isCloseTo(30, within(1.0));
  }

  @Test
  void theDeviceDistanceWinsOverTheGpsSum() {
    // GPS zig-zags 4 m east and back every second (15 m of real travel north at 3 m/s reads
    // longer); the device, filtered, says 3 m a second
    List<Sample> track = new ArrayList<>();
    for (int t = 0; t <= 300; t++) {
      double[] p = Geo.offset(LAT0, LON0, t * 3.0, t % 2 == 0 ? 0 : 4);
      track.add(new Sample(T0.plusSeconds(t), p[0], p[1], 300.0, null, t * 3.0, null, null, null));
    }

    ActivityMetrics m = ActivityState.empty().plus(track).metrics();

    assertThat(m.distanceM()).isCloseTo(900, within(0.01));
    assertThat(m.movingDistanceM()).isCloseTo(900, within(0.01));
  }

  @Test
  void theDeviceDistanceAcrossAPauseIsWhatTheDeviceCounted() {
    // the device's distance stands still while its timer is stopped; the GPS moved 25 m
    List<Sample> track = new ArrayList<>(leg(0, 200, 0, 3.0, 300, 0.0));
    track.addAll(resumed(leg(220, 200, 625, 3.0, 300, 600.0)));

    ActivityMetrics m = ActivityState.empty().plus(track).metrics();

    assertThat(m.distanceM()).isCloseTo(1200, within(0.01));
    assertThat(m.movingTimeS()).isCloseTo(400, within(0.001));
  }

  @Test
  void theDeviceDistanceCarriesAcrossBatchesAsLiveSyncSendsThem() {
    // live sync posts a run in batches, each sample with the watch's cumulative distance
    List<Sample> track = new ArrayList<>();
    for (int t = 0; t <= 300; t++) {
      double[] p = Geo.offset(LAT0, LON0, t * 3.0, t % 2 == 0 ? 0 : 4);
      track.add(new Sample(T0.plusSeconds(t), p[0], p[1], 300.0, null, t * 3.0, null, null, null));
    }

    ActivityState state = ActivityState.empty();
    for (int from = 0; from < track.size(); from += 50) {
      state = state.plus(track.subList(from, Math.min(track.size(), from + 50)));
    }

    assertThat(state.metrics()).isEqualTo(ActivityState.empty().plus(track).metrics());
    assertThat(state.metrics().distanceM()).isCloseTo(900, within(0.01));
  }

  @Test
  void aDeviceDistanceThatGoesBackIsNotTakenForThatStep() {
    // the device counter restarts at 0 half-way (a second sport in one file): that step is
    // measured by GPS, and the device's distance counts again from there
    List<Sample> track = new ArrayList<>(leg(0, 200, 0, 3.0, 300, 0.0));
    track.addAll(leg(201, 199, 603, 3.0, 300, 0.0));

    ActivityMetrics m = ActivityState.empty().plus(track).metrics();

    assertThat(m.distanceM()).isCloseTo(1200, within(0.5));
  }

  @Test
  void aPauseMarkOnTheFirstSampleChangesNothing() {
    List<Sample> track = resumed(leg(0, 200, 0, 3.0, 300, null));

    ActivityMetrics m = ActivityState.empty().plus(track).metrics();

    assertThat(m.distanceM()).isCloseTo(600, within(0.5));
    assertThat(m.movingTimeS()).isCloseTo(200, within(0.001));
  }
}
