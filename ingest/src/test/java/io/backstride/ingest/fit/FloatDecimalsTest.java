package io.backstride.ingest.fit;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class FloatDecimalsTest {

  @Test
  void aScaledFitValueBecomesTheDecimalItStandsFor() {
    assertThat(FloatDecimals.decimal(3.85f)).isEqualTo(3.85);
    assertThat(FloatDecimals.decimal(191.2f)).isEqualTo(191.2);
    assertThat(FloatDecimals.decimal(-12.4f)).isEqualTo(-12.4);
    assertThat(FloatDecimals.decimal(9008.37f)).isEqualTo(9008.37);
    assertThat(FloatDecimals.decimal(54.5f)).isEqualTo(54.5);
  }

  @Test
  void nullNanAndInfinityAreNoValue() {
    assertThat(FloatDecimals.decimal(null)).isNull();
    assertThat(FloatDecimals.decimal(Float.NaN)).isNull();
    assertThat(FloatDecimals.decimal(Float.POSITIVE_INFINITY)).isNull();
  }

  @Test
  void floatsOutsideTheFastRangeTakeTheTextRoundTrip() {
    for (float f : new float[] {0f, -0f, 1e-4f, 0.12345678f, 1.2345678e8f, Float.MIN_VALUE}) {
      assertThat(FloatDecimals.decimal(f)).isEqualTo(FloatDecimals.viaText(f));
    }
  }

  /** The SDK's scaled values: an integer over its scale minus an offset, as it computes them. */
  @Property(tries = 20_000)
  void scaledIntegersGiveWhatTheTextRoundTripGives(
      @ForAll("raw") int raw, @ForAll("scales") int scale, @ForAll("offsets") int offset) {
    float value = (float) (raw / (double) scale - offset);
    assertThat(FloatDecimals.decimal(value)).isEqualTo(FloatDecimals.viaText(value));
  }

  @Property(tries = 20_000)
  void anyFloatGivesWhatTheTextRoundTripGives(@ForAll("finite") float value) {
    assertThat(FloatDecimals.decimal(value)).isEqualTo(FloatDecimals.viaText(value));
  }

  @Provide
  Arbitrary<Integer> raw() {
    return Arbitraries.integers().between(0, 1 << 24);
  }

  @Provide
  Arbitrary<Integer> scales() {
    return Arbitraries.of(1, 5, 10, 100, 1000);
  }

  @Provide
  Arbitrary<Integer> offsets() {
    return Arbitraries.of(0, 500);
  }

  @Provide
  Arbitrary<Float> finite() {
    return Arbitraries.integers().map(Float::intBitsToFloat).filter(Float::isFinite);
  }
}
