package io.backstride.core.activity;

import io.backstride.core.Sample;
import java.util.List;

/**
 * The running totals of one activity while its samples arrive, in constant size: it keeps the last
 * accepted sample and sums, never the samples themselves, so a stream processor can hold one per
 * open activity. Immutable: {@link #plus(List)} returns the next state.
 *
 * <p>Each part is an accumulator of its own, folded with the others sample by sample: {@link Track}
 * decides whether a sample counts and how far it went, and the rest add it up. A new metric belongs
 * in one of them (or a new one beside them), with its fold and its defaults there.
 */
public record ActivityState(
    Track track, Distance distance, Elevation elevation, SpeedBands speedBands, Averages averages) {

  private static final ActivityState EMPTY =
      new ActivityState(
          Track.EMPTY, Distance.EMPTY, Elevation.EMPTY, SpeedBands.EMPTY, Averages.EMPTY);

  /** Before the first sample. */
  public static ActivityState empty() {
    return EMPTY;
  }

  /** The state after these samples, which must follow the ones already seen in time. */
  public ActivityState plus(List<Sample> samples) {
    // one mutable work area per batch, so a batch of hundreds of samples makes one new state
    Track.Builder t = new Track.Builder(track);
    Distance.Builder d = new Distance.Builder(distance);
    Elevation.Builder e = new Elevation.Builder(elevation);
    SpeedBands.Builder b = new SpeedBands.Builder(speedBands);
    Averages.Builder a = new Averages.Builder(averages);
    for (Sample s : samples) {
      if (t.accept(s)) {
        d.add(t);
        b.add(t);
        e.add(s, t, d.movingDistanceM());
        a.add(s);
        t.advance(s);
      }
    }
    return new ActivityState(t.build(), d.build(), e.build(), b.build(), a.build());
  }

  /** The finished activity's metrics. */
  public ActivityMetrics metrics() {
    return ActivityMetrics.of(this);
  }
}
