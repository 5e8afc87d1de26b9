package io.backstride.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.core.symptom.PainTiming;
import io.backstride.core.symptom.SymptomReport;
import io.backstride.schemas.Topics;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SymptomCodecTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 2);

  private static SymptomReport sent(SymptomReport report) {
    return SymptomCodec.fromAvro(Wire.through(Topics.SYMPTOM_REPORTS, SymptomCodec.toAvro(report)));
  }

  @Test
  void aReportWithANoteComesBackAsItWasWritten() {
    SymptomReport report =
        new SymptomReport("sym-1", "ana", DAY, 6, PainTiming.AFTER, "stiff after the long run");

    assertThat(sent(report)).isEqualTo(report);
  }

  @Test
  void aReportWithoutANoteStaysWithoutOne() {
    SymptomReport report = new SymptomReport("sym-2", "ana", DAY, 0, PainTiming.UNRELATED, null);

    assertThat(sent(report)).isEqualTo(report);
  }

  @Test
  void everyTimingCrossesTheWire() {
    for (PainTiming when : PainTiming.values()) {
      SymptomReport report = new SymptomReport("sym-3", "ana", DAY, 3, when, null);

      assertThat(sent(report).when()).isEqualTo(when);
    }
    assertThat(io.backstride.avro.PainTiming.values()).hasSameSizeAs(PainTiming.values());
  }
}
