package io.backstride.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActivityKeyTest {

  @Test
  void aKeyIsTheAthleteAndTheActivityJoinedByAColon() {
    assertThat(ActivityKey.of("ana", "ana-20260302T070000").key())
        .isEqualTo("ana:ana-20260302T070000");
  }

  @Test
  void aKeyParsesBackIntoItsAthleteAndActivity() {
    ActivityKey key = ActivityKey.of("ana", "run-7");

    assertThat(ActivityKey.parse(key.key())).contains(key);
  }

  @Test
  void theFirstColonEndsTheAthleteAndTheActivityMayHoldColonsOfItsOwn() {
    assertThat(ActivityKey.parse("ana:2026-03-02T07:00:00Z"))
        .contains(ActivityKey.of("ana", "2026-03-02T07:00:00Z"));
  }

  @Test
  void aKeyWithoutBothPartsIsNoActivityKey() {
    assertThat(ActivityKey.parse("ana")).isEmpty();
    assertThat(ActivityKey.parse(":run-7")).isEmpty();
    assertThat(ActivityKey.parse("ana:")).isEmpty();
    assertThat(ActivityKey.parse(":")).isEmpty();
    assertThat(ActivityKey.parse("")).isEmpty();
    assertThat(ActivityKey.parse(null)).isEqualTo(Optional.empty());
  }

  @Test
  void theAthleteOfAKeyIsWhatComesBeforeTheFirstColonOrTheWholeKey() {
    assertThat(ActivityKey.athleteOf("ana:run-7")).isEqualTo("ana");
    assertThat(ActivityKey.athleteOf("ana:a:b")).isEqualTo("ana");
    assertThat(ActivityKey.athleteOf("ana")).isEqualTo("ana");
    assertThat(ActivityKey.athleteOf(":run-7")).isEmpty();
  }
}
