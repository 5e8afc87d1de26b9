package io.backstride.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sync route's time parsing reads every text as {@link Instant#parse} does. */
class SyncBatchTimesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-03-02T07:00:00Z",
        "2026-03-02T07:00:00.5Z",
        "2026-03-02T07:00:00.25Z",
        "2026-03-02T07:00:00.125Z",
        "2026-03-02T07:00:00.123456Z",
        "2026-03-02T07:00:00.123456789Z",
        "2024-02-29T23:59:59.999Z",
        "1999-12-31T23:59:59Z",
        "2000-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
        "2026-12-31T12:30:45.000Z",
        // not the form read digit by digit: the general parser's answer stands
        "2026-03-02T08:00:00+01:00",
        "2026-03-02T07:00:00z",
        "+12026-03-02T07:00:00Z",
        "2026-06-30T23:59:60Z"
      })
  void readsAsInstantParseDoes(String text) {
    assertThat(SyncBatches.instant(text)).isEqualTo(Instant.parse(text));
  }

  @Test
  void refusesWhatInstantParseRefusesAndReadsTheRestAlike() {
    List<String> refused =
        List.of(
            "2026-02-29T07:00:00Z",
            "2026-04-31T07:00:00Z",
            "2026-13-01T07:00:00Z",
            "2026-00-01T07:00:00Z",
            "2026-03-00T07:00:00Z",
            "2026-03-02T24:00:00Z",
            "2026-03-02T07:60:00Z",
            "2026-03-02T07:00:00.Z",
            "2026-03-02T07:00:00.1234567890Z",
            "2026-03-02T07:0a:00Z",
            "2026-03-02 07:00:00Z",
            "2026-03-02T07:00:00",
            "yesterday");
    int refusedByBoth = 0;
    for (String text : refused) {
      Instant general;
      try {
        general = Instant.parse(text);
      } catch (DateTimeParseException e) {
        assertThatThrownBy(() -> SyncBatches.instant(text))
            .as(text)
            .isInstanceOf(DateTimeParseException.class);
        refusedByBoth++;
        continue;
      }
      // the general parser reads a few of these (24:00 as the next midnight): so must this
      assertThat(SyncBatches.instant(text)).as(text).isEqualTo(general);
    }
    assertThat(refusedByBoth).isGreaterThan(refused.size() / 2);
  }
}
