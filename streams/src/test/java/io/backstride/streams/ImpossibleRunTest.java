package io.backstride.streams;

import static io.backstride.streams.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.DeadLetter;
import io.backstride.avro.Sample;
import io.backstride.avro.SampleBatch;
import io.backstride.schemas.ActivityKey;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run no human could run is dead-lettered with the reason, and the trends stay real. */
class ImpossibleRunTest {
  private static final String ATHLETE = "ana";

  @TempDir Path stateDir;
  private Fixture f;

  @BeforeEach
  void start() {
    f = new Fixture(stateDir, Map.of());
  }

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aSummaryOfA92e16MetreRunIsDeadLetteredAndNoTrendCountsIt() {
    f.upload(ATHLETE, "real", T0, 8000, 50);
    ActivitySummary real = f.readSummaries().get(0);
    f.trends.readValuesToList();
    ActivitySummary forged =
        ActivitySummary.newBuilder(real)
            .setActivityId("forged")
            .setStartTime(T0.plusSeconds(86_400))
            .setEndTime(T0.plusSeconds(86_400 + 2_401))
            .setDistanceM(9.2e16)
            .build();

    f.summariesIn.pipeInput(
        ActivityKey.of(ATHLETE, "forged").key(), forged, forged.getEndTime().toEpochMilli());

    List<DeadLetter> letters = f.deadLetters.readValuesToList();
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).getAthleteId()).isEqualTo(ATHLETE);
    assertThat(letters.get(0).getReason())
        .contains("activity forged")
        .contains("more than the 1000000 m allowed")
        .contains("no human runs that");
    assertThat(f.trends.readValuesToList()).isEmpty();
  }

  @Test
  void samplesWithoutPositionsWhoseDeviceDistanceExplodesGiveNoTrend() {
    List<SampleBatch> batches = SyntheticRuns.run(ATHLETE, "treadmill", T0, 6000, 0);
    long seconds = 0;
    for (SampleBatch b : batches) {
      for (Sample s : b.getSamples()) {
        // a writer that skipped ingest's checks: no position, a distance of 1e13 m a second
        s.setLat(null);
        s.setLon(null);
        s.setDistanceM(seconds++ * 1e13);
      }
      f.send(ATHLETE, b);
    }

    assertThat(f.readSummaries())
        .singleElement()
        .satisfies(s -> assertThat(s.getDistanceM()).isGreaterThan(1e16));
    assertThat(f.deadLetters.readValuesToList())
        .singleElement()
        .satisfies(l -> assertThat(l.getReason()).contains("activity treadmill"));
    Map<LocalDate, AthleteTrend> trends = f.latestTrends();
    assertThat(trends.values()).allSatisfy(t -> assertThat(t.getAcuteDistanceM()).isZero());
  }
}
