package io.backstride.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.core.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-activity state on its own, without Kafka. */
class OpenActivityTest {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  /** Batch {@code seq}: ten samples a second apart, 3 m/s due north. */
  private static List<Sample> batch(int seq) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int t = seq * 10 + i;
      samples.add(Sample.at(T0.plusSeconds(t), 46.0 + t * 3.0 / 111_195, 14.5, 100.0));
    }
    return samples;
  }

  private static OpenActivity start() {
    return OpenActivity.start("ana", "a1", null, "sync", 0);
  }

  @Test
  void aBatchAheadOfAMissingOneWaitsAndIsAppliedWhenTheGapFills() {
    OpenActivity waiting = start().accept(1, false, batch(1), 10);

    assertThat(waiting.nextSeq()).isZero();
    assertThat(waiting.pending()).hasSize(1);
    assertThat(waiting.state().track().sampleCount()).isZero();

    OpenActivity filled = waiting.accept(0, false, batch(0), 20);

    assertThat(filled.nextSeq()).isEqualTo(2);
    assertThat(filled.pending()).isEmpty();
    assertThat(filled.state().track().sampleCount()).isEqualTo(20);
    assertThat(filled.lastBatchAtMs()).isEqualTo(20);
  }

  @Test
  void aRepeatedBatchReturnsTheSameState() {
    OpenActivity once = start().accept(0, false, batch(0), 10).accept(2, false, batch(2), 11);

    assertThat(once.accept(0, false, batch(0), 12)).isSameAs(once);
    assertThat(once.accept(2, false, batch(2), 12)).isSameAs(once);
  }

  @Test
  void theFinalBatchFinishesOnlyOnceEveryBatchBeforeItIsIn() {
    OpenActivity a = start().accept(0, false, batch(0), 1).accept(2, true, batch(2), 2);
    assertThat(a.finished()).isFalse();

    assertThat(a.accept(1, false, batch(1), 3).finished()).isTrue();
  }

  @Test
  void tooManyWaitingBatchesSkipTheGapSoTheStateStaysBounded() {
    OpenActivity a = start();
    for (int seq = 1; seq <= OpenActivity.MAX_PENDING_BATCHES + 1; seq++) {
      a = a.accept(seq, false, batch(seq), seq);
    }

    assertThat(a.pending()).isEmpty();
    assertThat(a.nextSeq()).isEqualTo(OpenActivity.MAX_PENDING_BATCHES + 2);
    assertThat(a.state().track().sampleCount())
        .isEqualTo(10 * (OpenActivity.MAX_PENDING_BATCHES + 1));
  }

  @Test
  void seqZeroWithADifferentStartIsAReUploadAndWithTheSameStartARepeat() {
    OpenActivity a = start().accept(0, false, batch(0), 1).accept(1, false, batch(1), 2);

    assertThat(a.fit(null, 0, batch(0))).isEqualTo(OpenActivity.Fit.SAME);
    assertThat(a.fit(null, 0, batch(3))).isEqualTo(OpenActivity.Fit.RESTART);
    assertThat(a.fit(null, 1, batch(3))).isEqualTo(OpenActivity.Fit.SAME);
  }

  @Test
  void betweenUploadsTheUploadIdDecidesWhatRestartsAndWhatStrays() {
    OpenActivity a =
        OpenActivity.start("ana", "a1", null, "gpx", "upload-a", 0)
            .accept(0, false, batch(0), 1)
            .accept(1, false, batch(1), 2);

    assertThat(a.fit("upload-a", 0, batch(0))).isEqualTo(OpenActivity.Fit.SAME);
    assertThat(a.fit("upload-a", 2, batch(2))).isEqualTo(OpenActivity.Fit.SAME);
    // the same file again: the same start, but another upload, which starts over
    assertThat(a.fit("upload-b", 0, batch(0))).isEqualTo(OpenActivity.Fit.RESTART);
    assertThat(a.fit("upload-b", 2, batch(2))).isEqualTo(OpenActivity.Fit.STRAY);
  }

  @Test
  void idleOnceNoBatchHasComeForTheIdleTime() {
    OpenActivity a = start().accept(0, false, batch(0), 1_000);

    assertThat(a.idleAt(1_000 + 29 * 60_000, 30 * 60_000, 0)).isFalse();
    assertThat(a.idleAt(1_000 + 30 * 60_000, 30 * 60_000, 0)).isTrue();
  }

  @Test
  void afterARestartTheIdleTimeCountsFromTheRestartNotFromBeforeIt() {
    OpenActivity a = start().accept(0, false, batch(0), 1_000);
    long restartedAt = 1_000 + 120 * 60_000; // down for two hours, batches waiting in the topic

    assertThat(a.idleAt(restartedAt + 60_000, 30 * 60_000, restartedAt)).isFalse();
    assertThat(a.idleAt(restartedAt + 30 * 60_000, 30 * 60_000, restartedAt)).isTrue();
  }
}
