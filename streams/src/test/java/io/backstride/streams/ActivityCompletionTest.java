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
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How an activity's batches become one summary: final flag, inactivity, order, repeats. */
class ActivityCompletionTest {
  private static final String ATHLETE = "ana";

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

  private static List<SampleBatch> run() {
    return SyntheticRuns.run(ATHLETE, "live", T0, 6000, 40); // 11 batches of 200 samples
  }

  private static SampleBatch notFinal(SampleBatch b) {
    return SampleBatch.newBuilder(b).setFinal$(false).build();
  }

  private KeyValueStore<String, OpenActivity> openStore() {
    return f.driver.getKeyValueStore(StoreNames.OPEN_ACTIVITIES);
  }

  @Test
  void aLiveActivityWithoutAFinalBatchCompletesAfterTheIdleTime() {
    for (SampleBatch b : run()) {
      f.send(ATHLETE, notFinal(b));
    }
    f.driver.advanceWallClockTime(Duration.ofMinutes(29));
    assertThat(f.summaries.isEmpty()).isTrue();

    f.driver.advanceWallClockTime(Duration.ofMinutes(2));

    List<ActivitySummary> out = f.readSummaries();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).getDistanceM()).isCloseTo(6000, within(5.0));
    assertThat(openStore().get("ana:live")).isNull();
    assertThat(completed("inactivity")).isEqualTo(1);
    assertThat(completed("final_batch")).isZero();
  }

  @Test
  void countsAnActivityCompletedByItsFinalBatchAndTheTrendsItMade() {
    for (SampleBatch b : run()) {
      f.send(ATHLETE, b);
    }

    assertThat(f.readSummaries()).hasSize(1);
    assertThat(completed("final_batch")).isEqualTo(1);
    assertThat(completed("inactivity")).isZero();
    int trends = f.trends.readValuesToList().size();
    assertThat(trends).isPositive();
    assertThat(f.meters.get("backstride.trends.emitted").counter().count()).isEqualTo(trends);
  }

  private double completed(String trigger) {
    var counter =
        f.meters.find("backstride.activities.completed").tag("trigger", trigger).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aBatchArrivingResetsTheIdleClock() {
    List<SampleBatch> batches = run();
    f.send(ATHLETE, batches.get(0));
    f.driver.advanceWallClockTime(Duration.ofMinutes(20));
    f.send(ATHLETE, batches.get(1));
    f.driver.advanceWallClockTime(Duration.ofMinutes(20));

    assertThat(f.summaries.isEmpty()).isTrue();
    assertThat(openStore().get("ana:live").nextSeq()).isEqualTo(2);
  }

  @Test
  void eachQuietActivityCompletesAtItsOwnDeadline() {
    // the scan that completes the first remembers when the second can be idle, and looks again then
    for (SampleBatch b : run()) {
      f.send(ATHLETE, notFinal(b));
    }
    f.driver.advanceWallClockTime(Duration.ofMinutes(20));
    for (SampleBatch b : SyntheticRuns.run(ATHLETE, "later", T0.plusSeconds(7200), 3000, 41)) {
      f.send(ATHLETE, notFinal(b));
    }

    f.driver.advanceWallClockTime(Duration.ofMinutes(11));
    assertThat(f.readSummaries()).hasSize(1);
    assertThat(openStore().get("ana:later")).isNotNull();

    f.driver.advanceWallClockTime(Duration.ofMinutes(18));
    assertThat(f.summaries.isEmpty()).isTrue();
    f.driver.advanceWallClockTime(Duration.ofMinutes(2));
    List<ActivitySummary> later = f.readSummaries();
    assertThat(later).hasSize(1);
    assertThat(later.get(0).getDistanceM()).isCloseTo(3000, within(5.0));
    assertThat(openStore().get("ana:later")).isNull();
  }

  @Test
  void outOfOrderBatchesGiveTheSameSummaryAsOrderedOnes() {
    List<SampleBatch> batches = run();
    List<SampleBatch> shuffled = new ArrayList<>(batches);
    // 1 and 2 overtake 0; 5 overtakes 4; the final batch overtakes the one before it
    shuffled.set(0, batches.get(1));
    shuffled.set(1, batches.get(2));
    shuffled.set(2, batches.get(0));
    shuffled.set(4, batches.get(5));
    shuffled.set(5, batches.get(4));
    int n = batches.size();
    shuffled.set(n - 2, batches.get(n - 1));
    shuffled.set(n - 1, batches.get(n - 2));

    for (SampleBatch b : shuffled) {
      f.send(ATHLETE, b);
    }
    ActivitySummary outOfOrder = f.readSummaries().get(0);
    f.upload(ATHLETE, "ordered", T0.plusSeconds(86_400), 6000, 40);
    ActivitySummary ordered = f.readSummaries().get(0);

    assertThat(outOfOrder.getDistanceM()).isCloseTo(ordered.getDistanceM(), within(0.001));
    assertThat(outOfOrder.getDescentM()).isCloseTo(ordered.getDescentM(), within(0.001));
    assertThat(outOfOrder.getSampleCount()).isEqualTo(ordered.getSampleCount());
  }

  @Test
  void repeatedBatchesAreIgnored() {
    List<SampleBatch> batches = run();
    for (SampleBatch b : batches.subList(0, 5)) {
      f.send(ATHLETE, b);
      f.send(ATHLETE, b);
    }
    f.send(ATHLETE, batches.get(0)); // seq 0 again: a repeat, not a re-upload
    for (SampleBatch b : batches.subList(5, batches.size())) {
      f.send(ATHLETE, b);
    }

    List<ActivitySummary> out = f.readSummaries();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).getSampleCount()).isEqualTo(2001);
    assertThat(out.get(0).getDistanceM()).isCloseTo(6000, within(5.0));
  }

  @Test
  void aLostBatchIsSkippedOnceTooManyWaitBehindIt() {
    List<SampleBatch> batches = run();
    f.send(ATHLETE, batches.get(0));
    for (SampleBatch b : batches.subList(2, batches.size())) {
      f.send(ATHLETE, b); // batch 1 never comes
    }

    List<ActivitySummary> out = f.readSummaries();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).getSampleCount()).isEqualTo(2001 - 200);
  }

  @Test
  void waitingBatchesStayBounded() {
    List<SampleBatch> batches = run();
    for (SampleBatch b : batches.subList(1, 7)) {
      f.send(ATHLETE, notFinal(b)); // batch 0 is late
      OpenActivity open = openStore().get("ana:live");
      assertThat(open.pending().size()).isLessThanOrEqualTo(OpenActivity.MAX_PENDING_BATCHES);
    }
  }

  @Test
  void anIdleActivityWithWaitingBatchesCompletesWithThemAll() {
    List<SampleBatch> batches = run();
    f.send(ATHLETE, batches.get(0));
    f.send(ATHLETE, notFinal(batches.get(2))); // 1 lost, 2 waits

    f.driver.advanceWallClockTime(Duration.ofMinutes(31));

    List<ActivitySummary> out = f.readSummaries();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).getSampleCount()).isEqualTo(400);
  }
}
