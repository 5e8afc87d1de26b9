package io.backstride.ingest;

import static io.backstride.ingest.TestGpx.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.ingest.http.ActivityAccepted;
import io.backstride.ingest.http.Metrics;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ActivityUploadsTest {
  private final RecordingPublisher publisher = new RecordingPublisher();
  private final Metrics metrics = new Metrics();
  private final ActivityIntake intake =
      new ActivityIntake(
          IngestConfig.defaults(),
          new ActivityReaders(),
          Clock.fixed(T0.plus(Duration.ofDays(300)), ZoneOffset.UTC));
  private final ActivityUploads uploads =
      new ActivityUploads(
          intake,
          new AcknowledgedPublisher(publisher, Duration.ofMillis(200)),
          new NewestRuns(),
          metrics);

  @Test
  void publishesTheBatchesOfTheFileAndAnswersWhatWasAccepted() {
    ActivityAccepted accepted = uploads.accept("runner-1", gpx(250, "2026-03-02"), false);

    String activityId = ActivityIds.of("runner-1", T0);
    assertThat(accepted)
        .isEqualTo(new ActivityAccepted(activityId, 2, 250, "2026-03-02T07:00:00Z", null));
    assertThat(publisher.keys).containsExactly("runner-1");
    assertThat(publisher.batches).hasSize(2).allMatch(b -> b.getActivityId().equals(activityId));
    assertThat(
            metrics
                .registry()
                .get("backstride.ingest.samples.produced")
                .tag("source", "gpx")
                .counter()
                .count())
        .isEqualTo(250);
    assertThat(
            metrics
                .registry()
                .get("backstride.uploads.accepted")
                .tag("format", "gpx")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            metrics
                .registry()
                .get("backstride.upload.samples")
                .tag("format", "gpx")
                .summary()
                .totalAmount())
        .isEqualTo(250);
  }

  @Test
  void warnsForARunTooFarBehindTheNewestAcceptedOne() {
    uploads.accept("ana", gpx(3, "2026-09-20"), false);
    ActivityAccepted old = uploads.accept("ana", gpx(3, "2026-03-02"), false);

    assertThat(old.warning()).startsWith("not counted in the trends: this run starts 2026-03-02");
  }

  @Test
  void aFileItRefusesPublishesNothing() {
    assertThatThrownBy(
            () ->
                uploads.accept(
                    "runner-1",
                    new ByteArrayInputStream("<gpx><trk>".getBytes(StandardCharsets.UTF_8)),
                    false))
        .isInstanceOf(RefusedException.class);
    assertThat(publisher.nothingPublished()).isTrue();
  }

  @Test
  void kafkaFailingOrSilentIsNotAcknowledgedAndTheRunIsNotRememberedAsNewest() {
    publisher.answer = CompletableFuture.failedFuture(new IllegalStateException("broker\n down"));
    assertThatThrownBy(() -> uploads.accept("ana", gpx(3, "2026-09-20"), false))
        .isInstanceOf(NotAcknowledgedException.class)
        .hasMessage(
            "could not publish the activity "
                + ActivityIds.of("ana", Instant.parse("2026-09-20T07:00:00Z"))
                + ": broker down");

    publisher.answer = new CompletableFuture<>();
    assertThatThrownBy(() -> uploads.accept("ana", gpx(3, "2026-09-20"), false))
        .isInstanceOf(NotAcknowledgedException.class)
        .hasMessageEndingWith("within 200 ms");

    publisher.answer = CompletableFuture.completedFuture(null);
    assertThat(uploads.accept("ana", gpx(3, "2026-03-02"), false).warning()).isNull();
  }

  private static ByteArrayInputStream gpx(int points, String day) {
    String gpx = TestGpx.run(points).replace("2026-03-02T07:00:0", day + "T07:00:0");
    return new ByteArrayInputStream(gpx.getBytes(StandardCharsets.UTF_8));
  }
}
