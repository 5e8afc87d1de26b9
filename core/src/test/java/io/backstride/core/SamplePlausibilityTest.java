package io.backstride.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SamplePlausibilityTest {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  /** A sample as a running watch writes it: every field present, every one ordinary. */
  private static Sample running() {
    return new Sample(T0, 46.05, 14.5, 295.0, 3.1, 1_250.0, 152, 172.0, 84.0);
  }

  private static Sample with(int field, Object value) {
    Sample s = running();
    Object[] v = {
      s.lat(),
      s.lon(),
      s.elevationM(),
      s.speedMps(),
      s.distanceM(),
      s.heartRateBpm(),
      s.cadenceSpm(),
      s.verticalOscillationMm()
    };
    v[field] = value;
    return new Sample(
        T0,
        (Double) v[0],
        (Double) v[1],
        (Double) v[2],
        (Double) v[3],
        (Double) v[4],
        (Integer) v[5],
        (Double) v[6],
        (Double) v[7]);
  }

  @Test
  void anOrdinaryRunningSampleAndOneWithOnlyATimeAreFine() {
    assertThat(SamplePlausibility.problem(running())).isEmpty();
    assertThat(
            SamplePlausibility.problem(
                new Sample(T0, null, null, null, null, null, null, null, null)))
        .isEmpty();
  }

  @Test
  void refusesTheValuesALiveSyncClientGotAccepted() {
    double beyondDouble = Double.parseDouble("1e400"); // what a JSON reader makes of 1e400
    assertThat(SamplePlausibility.problem(with(3, Double.POSITIVE_INFINITY)))
        .hasValue("speed (m/s) Infinity out of range [0, 50]");
    assertThat(SamplePlausibility.problem(with(2, Double.NaN)))
        .hasValue("elevation (m) NaN out of range [-1000, 10000]");
    assertThat(SamplePlausibility.problem(with(4, 1e308)))
        .hasValue("distance (m) 1.0E308 out of range [0, 10000000]");
    assertThat(SamplePlausibility.problem(with(4, beyondDouble))).isPresent();
    assertThat(SamplePlausibility.problem(with(5, -5)))
        .hasValue("heart rate (bpm) -5.0 out of range [0, 300]");
    assertThat(SamplePlausibility.problem(with(6, -1e308)))
        .hasValue("cadence (steps/min) -1.0E308 out of range [0, 500]");
  }

  @Test
  void refusesEveryFieldOutsideItsBoundsAndNaNInEveryField() {
    Object[] tooLarge = {90.5, 180.5, 10_001.0, 50.5, 10_000_001.0, 301, 501.0, 1_001.0};
    for (int field = 0; field < tooLarge.length; field++) {
      assertThat(SamplePlausibility.problem(with(field, tooLarge[field])))
          .as("field %d = %s", field, tooLarge[field])
          .isPresent();
      if (field != 5) {
        assertThat(SamplePlausibility.problem(with(field, Double.NaN)))
            .as("field %d = NaN", field)
            .isPresent();
      }
    }
  }

  @Test
  void acceptsTheEdgesOfWhatIsPossible() {
    assertThat(SamplePlausibility.problem(with(2, -430.0))).isEmpty(); // the Dead Sea shore
    assertThat(SamplePlausibility.problem(with(2, 8_849.0))).isEmpty(); // Everest
    assertThat(SamplePlausibility.problem(with(5, 0))).isEmpty(); // a strap without contact
    assertThat(SamplePlausibility.problem(with(3, 0.0))).isEmpty(); // standing at a crossing
  }

  @Test
  void aPositionNeedsBothHalves() {
    assertThat(SamplePlausibility.problem(with(1, null)))
        .hasValue("a position needs both lat and lon");
  }
}
