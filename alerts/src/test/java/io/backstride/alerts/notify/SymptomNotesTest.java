package io.backstride.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.PainTiming;
import io.backstride.avro.SymptomReport;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SymptomNotesTest {
  private static final LocalDate DAY = LocalDate.parse("2026-04-13");

  private static SymptomReport report(LocalDate date, PainTiming when, String note) {
    return SymptomReport.newBuilder()
        .setReportId("report-" + date + "-" + when)
        .setAthleteId("ana")
        .setDate(date)
        .setSeverity(4)
        .setWhen(when)
        .setNote(note)
        .build();
  }

  @Test
  void aReportWithoutANoteIsKnownButHasNoNote() {
    SymptomNotes.Reports reports = new SymptomNotes.Reports();

    reports.add(report(DAY, PainTiming.DURING, null));
    reports.add(report(DAY.minusDays(1), PainTiming.DURING, "   "));

    assertThat(reports.has(DAY)).isTrue();
    assertThat(reports.noteOf(DAY)).isEmpty();
    assertThat(reports.noteOf(DAY.minusDays(1))).isEmpty();
  }

  @Test
  void aCorrectedReportReplacesItsNoteAndAnotherTimingAddsOne() {
    SymptomNotes.Reports reports = new SymptomNotes.Reports();

    reports.add(report(DAY, PainTiming.DURING, "first words"));
    reports.add(report(DAY, PainTiming.DURING, "  sore on the descent "));
    reports.add(report(DAY, PainTiming.AFTER, "stiff in the evening"));

    assertThat(reports.noteOf(DAY)).contains("sore on the descent / stiff in the evening");
  }

  @Test
  void keepsOnlyTheDaysUpToTwoWeeksBeforeTheNewestReport() {
    SymptomNotes.Reports reports = new SymptomNotes.Reports();

    reports.add(report(DAY.minusDays(SymptomNotes.DAYS), PainTiming.DURING, "long ago"));
    reports.add(report(DAY.minusDays(SymptomNotes.DAYS - 1), PainTiming.DURING, "kept"));
    reports.add(report(DAY, PainTiming.DURING, "today"));

    assertThat(reports.has(DAY.minusDays(SymptomNotes.DAYS))).isFalse();
    assertThat(reports.noteOf(DAY.minusDays(SymptomNotes.DAYS - 1))).contains("kept");
  }
}
