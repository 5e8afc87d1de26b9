package io.backstride.schemas.codec;

import io.backstride.core.symptom.PainTiming;
import io.backstride.core.symptom.SymptomReport;

/** {@link SymptomReport} and the Avro record of {@code symptom-reports.v1}. */
public final class SymptomCodec {

  public static io.backstride.avro.SymptomReport toAvro(SymptomReport r) {
    return io.backstride.avro.SymptomReport.newBuilder()
        .setReportId(r.reportId())
        .setAthleteId(r.athleteId())
        .setDate(r.date())
        .setSeverity(r.severity())
        .setWhen(io.backstride.avro.PainTiming.valueOf(r.when().name()))
        .setNote(r.note())
        .build();
  }

  public static SymptomReport fromAvro(io.backstride.avro.SymptomReport r) {
    return new SymptomReport(
        r.getReportId(),
        r.getAthleteId(),
        r.getDate(),
        r.getSeverity(),
        PainTiming.valueOf(r.getWhen().name()),
        r.getNote());
  }

  private SymptomCodec() {}
}
