package io.backstride.ingest;

import static io.backstride.ingest.TestGpx.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.ingest.RefusedException.Reason;
import io.backstride.ingest.http.Metrics;
import io.backstride.ingest.http.SyncAccepted;
import io.backstride.ingest.http.SyncBatchRequest;
import io.backstride.ingest.http.SyncBatchRequest.SyncSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveSyncUploadsTest {
  private static final Instant NEWEST = Instant.parse("2026-09-20T07:00:00Z");

  private final RecordingPublisher publisher = new RecordingPublisher();
  private final Metrics metrics = new Metrics();
  private final LiveSyncUploads syncs =
      new LiveSyncUploads(
          new AcknowledgedPublisher(publisher, Duration.ofMillis(200)),
          new NewestRuns(),
          metrics,
          Clock.fixed(T0.plus(Duration.ofDays(300)), ZoneOffset.UTC),
          SampleChecks.DEFAULT_MAX_CLOCK_AHEAD);

  @Test
  void publishesTheBatchAsSentAndAnswersWhatWasAccepted() {
    SyncAccepted accepted = syncs.accept("ana", batch("run-1", 3, false, T0, T0.plusSeconds(1)));

    assertThat(accepted).isEqualTo(new SyncAccepted("run-1", 3, 2, null));
    assertThat(publisher.batches)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.getSeq()).isEqualTo(3);
              assertThat(b.getSource()).isEqualTo("sync");
            });
    assertThat(
            metrics
                .registry()
                .get("backstride.ingest.samples.produced")
                .tag("source", "sync")
                .counter()
                .count())
        .isEqualTo(2);
    assertThat(
            metrics
                .registry()
                .get("backstride.uploads.accepted")
                .tag("format", "sync")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void onlyAFinalBatchMakesItsRunTheNewestThatLaterRunsAreMeasuredAgainst() {
    syncs.accept("ana", batch("newest", 0, false, NEWEST));
    assertThat(syncs.accept("ana", batch("old", 0, false, T0)).warning()).isNull();

    syncs.accept("ana", batch("newest", 1, true, NEWEST.plusSeconds(1)));
    assertThat(syncs.accept("ana", batch("old", 1, false, T0.plusSeconds(1))).warning())
        .startsWith("not counted in the trends: this run starts 2026-03-02");
  }

  @Test
  void refusesAMalformedBatchAndAnImplausibleOneApartAndPublishesNothing() {
    assertThatThrownBy(() -> syncs.accept("ana", batch("bad id!", 0, false, T0)))
        .isInstanceOfSatisfying(
            RefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_BATCH));
    assertThatThrownBy(() -> syncs.accept("ana", batch("run-1", 0, false, T0.plusSeconds(1), T0)))
        .isInstanceOfSatisfying(
            RefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_BATCH));
    assertThat(publisher.nothingPublished()).isTrue();
  }

  private static SyncBatchRequest batch(
      String activityId, int seq, boolean last, Instant... times) {
    List<SyncSample> samples =
        java.util.Arrays.stream(times)
            .map(t -> new SyncSample(t.toString(), 48.2, 16.37, null, 3.0, null, 150, null, null))
            .toList();
    return new SyncBatchRequest(activityId, seq, last, "running", samples);
  }
}
