package io.backstride.ingest.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DecimalTextTest {

  @Test
  void readsTheDecimalsTracksAreWrittenIn() {
    assertThat(DecimalText.parse("46.0500280")).isEqualTo(46.050028);
    assertThat(DecimalText.parse("-79.0931872185")).isEqualTo(-79.0931872185);
    assertThat(DecimalText.parse(" 210.1\n")).isEqualTo(210.1);
    assertThat(DecimalText.parse("+5")).isEqualTo(5.0);
    assertThat(DecimalText.parse("7.")).isEqualTo(7.0);
    assertThat(DecimalText.parse(".5")).isEqualTo(0.5);
  }

  @Test
  void negativeZeroStaysNegative() {
    assertThat(Double.doubleToRawLongBits(DecimalText.parse("-0.0")))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void whatParseDoubleAlsoReadsIsLeftToIt() {
    for (String text :
        new String[] {
          "1e3", "1.5E-7", "NaN", "-Infinity", "2.5d", "0x1p3", "12345678901234567890"
        }) {
      assertThat(Double.doubleToRawLongBits(DecimalText.parse(text)))
          .as(text)
          .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }
  }

  @Test
  void notANumberIsRefusedAsParseDoubleRefusesIt() {
    for (String text : new String[] {"", " ", "-", ".", "1.2.3", "12a", "1,5", "--1"}) {
      assertThatThrownBy(() -> DecimalText.parse(text))
          .as(text)
          .isInstanceOf(NumberFormatException.class);
    }
  }

  /** Every decimal of up to 20 digits, either side of the point, reads as parseDouble reads it. */
  @Property(tries = 50_000)
  void anyDecimalReadsExactlyAsParseDoubleReadsIt(@ForAll("decimals") String text) {
    assertThat(Double.doubleToRawLongBits(DecimalText.parse(text)))
        .as(text)
        .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
  }

  @Provide
  Arbitrary<String> decimals() {
    Arbitrary<String> sign = Arbitraries.of("", "-", "+");
    Arbitrary<String> whole = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(10);
    Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(12);
    return Combinators.combine(sign, whole, fraction, Arbitraries.of(true, false))
        .as((s, w, f, point) -> s + w + (point ? "." + f : f))
        .filter(t -> t.chars().anyMatch(Character::isDigit));
  }
}
