package io.backstride.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.ingest.SyncBatches.InvalidBatchException;
import io.backstride.ingest.http.SyncBatchRequest;
import io.backstride.ingest.http.SyncBatchRequest.SyncSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A live-sync batch passes the same plausibility rules as the samples of a file. */
class SyncPlausibilityTest {
  private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");

  private static SyncSample ordinary(int second) {
    return new SyncSample(
        "2026-03-02T07:00:0" + second + "Z", 46.05, 14.5, 295.0, 3.1, 1_250.0, 152, 172.0, 84.0);
  }

  private static SyncBatchRequest batch(SyncSample second) {
    return new SyncBatchRequest("watch-run-1", 0, false, "running", List.of(ordinary(0), second));
  }

  private static void assertRefused(SyncSample second, String reason) {
    assertThatThrownBy(() -> SyncBatches.of("ana", batch(second), NOW, Duration.ofHours(1)))
        .isInstanceOfSatisfying(
            InvalidBatchException.class, e -> assertThat(e.status()).isEqualTo(422))
        .hasMessage(reason);
  }

  @Test
  void anOrdinaryBatchIsAccepted() throws InvalidBatchException {
    assertThat(SyncBatches.of("ana", batch(ordinary(1)), NOW, Duration.ofHours(1)).getSamples())
        .hasSize(2);
  }

  @Test
  void nonFiniteAndAbsurdValuesAreRefusedNamingTheValueAndTheSample() {
    String t = "2026-03-02T07:00:01Z";
    assertRefused(
        new SyncSample(t, 46.05, 14.5, 295.0, Double.POSITIVE_INFINITY, null, null, null, null),
        "speed (m/s) Infinity out of range [0, 50] at sample 2");
    assertRefused(
        new SyncSample(t, 46.05, 14.5, Double.NaN, null, null, null, null, null),
        "elevation (m) NaN out of range [-1000, 10000] at sample 2");
    assertRefused(
        new SyncSample(t, 46.05, 14.5, 295.0, null, 1e308, null, null, null),
        "distance (m) 1.0E308 out of range [0, 10000000] at sample 2");
    assertRefused(
        new SyncSample(t, 46.05, 14.5, 295.0, null, null, -5, null, null),
        "heart rate (bpm) -5.0 out of range [0, 300] at sample 2");
    assertRefused(
        new SyncSample(t, 46.05, 14.5, 295.0, null, null, null, -1e308, null),
        "cadence (steps/min) -1.0E308 out of range [0, 500] at sample 2");
  }
}
