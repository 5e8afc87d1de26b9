package io.backstride.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AthleteIdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "runner-1", "Runner_2", "0123456789"})
  void acceptsLettersDigitsUnderscoreAndHyphen(String id) {
    assertThat(AthleteIds.isValid(id)).isTrue();
    assertThat(AthleteIds.requireValid(id)).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "runner:1", "runner 1", "runner/1", "runner.1", "jérôme"})
  void rejectsColonsSpacesSlashesDotsAndNonAscii(String id) {
    assertThat(AthleteIds.isValid(id)).isFalse();
    assertThatThrownBy(() -> AthleteIds.requireValid(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 64");
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 65})
  void acceptsAtMostSixtyFourCharacters(int length) {
    assertThat(AthleteIds.isValid("a".repeat(length))).isEqualTo(length <= 64);
  }
}
