package io.backstride.core.activity;

import io.backstride.core.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** Synthetic tracks with a known truth: due north at a given speed, one sample a second. */
final class TrackBuilder {
  static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final double LAT0 = 46.0;
  private static final double LON0 = 14.5;

  /**
   * @param elevationAt elevation as a function of distance travelled
   */
  static List<Sample> straight(int seconds, double speedMps, DoubleUnaryOperator elevationAt) {
    List<Sample> samples = new ArrayList<>();
    for (int t = 0; t <= seconds; t++) {
      double d = t * speedMps;
      double[] p = Geo.offset(LAT0, LON0, d, 0);
      samples.add(Sample.at(T0.plusSeconds(t), p[0], p[1], elevationAt.applyAsDouble(d)));
    }
    return samples;
  }

  private TrackBuilder() {}
}
