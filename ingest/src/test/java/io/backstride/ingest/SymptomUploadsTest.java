package io.backstride.ingest;

import static io.backstride.ingest.TestGpx.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.ingest.RefusedException.Reason;
import io.backstride.ingest.http.SymptomAccepted;
import io.backstride.ingest.http.SymptomRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SymptomUploadsTest {
  private final RecordingPublisher publisher = new RecordingPublisher();
  private final SymptomUploads symptoms =
      new SymptomUploads(
          new AcknowledgedPublisher(publisher, Duration.ofMillis(200)),
          Clock.fixed(T0, ZoneOffset.UTC));

  @Test
  void publishesTheReportAndAnswersItsDeterministicId() {
    SymptomAccepted accepted =
        symptoms.accept("ana", new SymptomRequest("2026-03-02", 4, "after", null));

    assertThat(publisher.symptoms)
        .singleElement()
        .satisfies(r -> assertThat(r.getSeverity()).isEqualTo(4));
    assertThat(accepted)
        .isEqualTo(
            new SymptomAccepted(publisher.symptoms.get(0).getReportId(), "2026-03-02", 4, "after"));
    assertThat(symptoms.accept("ana", new SymptomRequest("2026-03-02", 6, "after", "worse")))
        .extracting(SymptomAccepted::reportId)
        .isEqualTo(accepted.reportId());
  }

  @Test
  void tellsAMissingFieldFromAValueOutOfRangeAndPublishesNeither() {
    assertThatThrownBy(() -> symptoms.accept("ana", new SymptomRequest(null, 4, "after", null)))
        .isInstanceOfSatisfying(
            RefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_SYMPTOM));
    assertThatThrownBy(
            () -> symptoms.accept("ana", new SymptomRequest("2026-03-02", 11, "after", null)))
        .isInstanceOfSatisfying(
            RefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_SYMPTOM));
    assertThat(publisher.nothingPublished()).isTrue();
  }

  @Test
  void aReportKafkaDoesNotAcknowledgeInTimeIsNotAcknowledged() {
    publisher.answer = new CompletableFuture<>();

    assertThatThrownBy(
            () -> symptoms.accept("ana", new SymptomRequest("2026-03-02", 4, "after", null)))
        .isInstanceOf(NotAcknowledgedException.class)
        .hasMessageStartingWith("Kafka did not acknowledge the symptom report ")
        .hasMessageEndingWith(" within 200 ms");
  }
}
