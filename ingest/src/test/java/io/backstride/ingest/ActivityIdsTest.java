package io.backstride.ingest;

import static io.backstride.ingest.TestGpx.T0;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActivityIdsTest {

  @Test
  void isActPrefixAndSixteenHexDigits() {
    assertThat(ActivityIds.of("runner-1", T0)).matches("act-[0-9a-f]{16}");
  }

  @Test
  void keepsTheIdWhenTheSameRunComesBackWithAnotherFractionOfASecond() {
    // A GPX export with milliseconds and a FIT export with whole seconds of the same run.
    assertThat(ActivityIds.of("runner-1", T0.plusMillis(740)))
        .isEqualTo(ActivityIds.of("runner-1", T0));
  }

  @Test
  void differsForAnotherAthleteOrAnotherSecond() {
    String id = ActivityIds.of("runner-1", T0);

    assertThat(ActivityIds.of("runner-2", T0)).isNotEqualTo(id);
    assertThat(ActivityIds.of("runner-1", T0.plusSeconds(1))).isNotEqualTo(id);
  }
}
