package io.backstride.streams;

import static io.backstride.streams.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.SampleBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two uploads of the same file posted at once: the same activity id and batch numbers, batches
 * interleaved in the partition in whatever order the producers wrote them. Whatever the order,
 * every summary sent is one whole upload, never a mix or a tail.
 */
class ConcurrentUploadsTest {
  private static final String ATHLETE = "ana";
  private static final double DISTANCE_M = 6000;
  private static final int SAMPLES = 2001; // 11 batches of at most 200

  @TempDir Path stateDir;
  private Fixture f;

  @BeforeEach
  void start() {
    f = new Fixture(stateDir, Map.of("BACKSTRIDE_ACTIVITY_IDLE_MINUTES", "30"));
  }

  @AfterEach
  void close() {
    f.close();
  }

  private static List<SampleBatch> upload(String uploadId) {
    return SyntheticRuns.run(ATHLETE, "act-1", T0, DISTANCE_M, 40).stream()
        .map(b -> SampleBatch.newBuilder(b).setUploadId(uploadId).build())
        .toList();
  }

  private void assertEverySummaryIsWhole(int expected) {
    List<ActivitySummary> out = f.readSummaries();
    assertThat(out).hasSize(expected);
    assertThat(out)
        .allSatisfy(
            s -> {
              assertThat(s.getSampleCount()).isEqualTo(SAMPLES);
              assertThat(s.getDistanceM()).isCloseTo(DISTANCE_M, within(5.0));
              assertThat(s.getMovingTimeS()).isCloseTo(2000, within(1.0));
            });
  }

  @Test
  void batchesOfTwoUploadsAlternatingGiveOneWholeSummary() {
    List<SampleBatch> a = upload("upload-a");
    List<SampleBatch> b = upload("upload-b");
    for (int i = 0; i < a.size(); i++) {
      f.send(ATHLETE, a.get(i));
      f.send(ATHLETE, b.get(i));
    }

    assertEverySummaryIsWhole(1);
  }

  @Test
  void theRestOfAnUploadArrivingAfterTheOtherFinishedAddsNoPartialSummary() {
    List<SampleBatch> a = upload("upload-a");
    List<SampleBatch> b = upload("upload-b");
    f.send(ATHLETE, a.get(0));
    b.forEach(batch -> f.send(ATHLETE, batch)); // b begins later and finishes first
    a.subList(1, a.size()).forEach(batch -> f.send(ATHLETE, batch));

    assertEverySummaryIsWhole(1);
  }

  @Test
  void anUploadThatBeginsWhileAnotherIsHalfWayReplacesItWhole() {
    List<SampleBatch> a = upload("upload-a");
    List<SampleBatch> b = upload("upload-b");
    List<SampleBatch> order = new ArrayList<>(a.subList(0, 5));
    order.add(b.get(0));
    order.addAll(a.subList(5, a.size()));
    order.addAll(b.subList(1, b.size()));
    order.forEach(batch -> f.send(ATHLETE, batch));

    assertEverySummaryIsWhole(1);
  }

  @Test
  void uploadsOneAfterTheOtherEachGiveAWholeSummary() {
    upload("upload-a").forEach(batch -> f.send(ATHLETE, batch));
    upload("upload-b").forEach(batch -> f.send(ATHLETE, batch));

    assertEverySummaryIsWhole(2);
  }

  @Test
  void anUploadWhoseFinalBatchNeverCameIsDroppedNotSentAsAFragment() {
    upload("upload-a").forEach(batch -> f.send(ATHLETE, batch));
    assertEverySummaryIsWhole(1);
    upload("upload-b").subList(0, 4).forEach(batch -> f.send(ATHLETE, batch)); // then it failed

    f.driver.advanceWallClockTime(Duration.ofMinutes(31));

    assertThat(f.readSummaries()).isEmpty();
    assertThat(f.driver.getKeyValueStore(StoreNames.OPEN_ACTIVITIES).get("ana:act-1")).isNull();
  }

  @Test
  void theClosedRecordOfAFinishedUploadIsLetGoAfterTheIdleTime() {
    upload("upload-a").forEach(batch -> f.send(ATHLETE, batch));
    assertThat(f.driver.getKeyValueStore(StoreNames.OPEN_ACTIVITIES).get("ana:act-1")).isNotNull();

    f.driver.advanceWallClockTime(Duration.ofMinutes(31));

    assertThat(f.driver.getKeyValueStore(StoreNames.OPEN_ACTIVITIES).get("ana:act-1")).isNull();
    assertEverySummaryIsWhole(1);
  }
}
