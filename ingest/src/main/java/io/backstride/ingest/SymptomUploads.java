package io.backstride.ingest;

import io.backstride.avro.SymptomReport;
import io.backstride.ingest.RefusedException.Reason;
import io.backstride.ingest.http.SymptomAccepted;
import io.backstride.ingest.http.SymptomRequest;
import java.time.Clock;
import java.util.Locale;

/**
 * One symptom report: checked and identified ({@link SymptomReports}), published to {@code
 * symptom-reports.v1}, and answered once Kafka has acknowledged it.
 */
public final class SymptomUploads {
  private final AcknowledgedPublisher publisher;
  private final Clock clock;

  public SymptomUploads(AcknowledgedPublisher publisher, Clock clock) {
    this.publisher = publisher;
    this.clock = clock;
  }

  /**
   * @throws RefusedException for a report that cannot be taken (nothing is published)
   * @throws NotAcknowledgedException when Kafka did not take it in time
   */
  public SymptomAccepted accept(String athleteId, SymptomRequest request) {
    SymptomReport report = checked(athleteId, request);
    publisher.symptom(athleteId, report);
    return new SymptomAccepted(
        report.getReportId(),
        report.getDate().toString(),
        report.getSeverity(),
        report.getWhen().name().toLowerCase(Locale.ROOT));
  }

  /** The report, or why it is refused: a field missing (malformed) or a value out of range. */
  private SymptomReport checked(String athleteId, SymptomRequest request) {
    try {
      return SymptomReports.of(athleteId, request, clock.instant());
    } catch (SymptomReports.MissingFieldException e) {
      throw new RefusedException(Reason.MALFORMED_SYMPTOM, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new RefusedException(Reason.INVALID_SYMPTOM, e.getMessage());
    }
  }
}
