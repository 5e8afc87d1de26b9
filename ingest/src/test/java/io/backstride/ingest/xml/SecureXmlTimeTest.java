package io.backstride.ingest.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecureXmlTimeTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-03-02T07:00:00Z",
        "2026-03-02T07:00:00.5Z",
        "2026-03-02T07:00:00.123Z",
        "2026-03-02T07:00:00.123456789Z",
        "2024-02-29T23:59:59.999Z",
        "2026-03-02T08:00:00+01:00",
        "2026-03-02T07:00:00",
        " 2026-03-02T07:00:00Z "
      })
  void theFastPathAndTheGeneralParserAgree(String text) {
    String t = text.trim();
    Instant expected =
        t.endsWith("Z") || t.contains("+")
            ? OffsetDateTime.parse(t).toInstant().truncatedTo(ChronoUnit.MILLIS)
            : LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);

    assertThat(SecureXml.instant(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-02-30T07:00:00Z",
        "2026-13-02T07:00:00Z",
        "2026-03-02T24:00:00Z",
        "2026-03-02T07:00:00.Z",
        "2026-0a-02T07:00:00Z"
      })
  void theFastPathLeavesWhatItCannotReadToTheGeneralParser(String text) {
    assertThat(SecureXml.utcInstant(text)).isNull();
  }
}
