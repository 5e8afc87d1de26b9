package io.backstride.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.BaselineState;
import io.backstride.avro.SampleBatch;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.InMemorySchemaRegistry;
import io.backstride.schemas.serde.AvroSerdes;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLoadTopologyTest {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final String ATHLETE = "ana";

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, SampleBatch> samples;
  private TestOutputTopic<String, ActivitySummary> summaries;
  private TestOutputTopic<String, AthleteTrend> trends;

  @BeforeEach
  void startDriver() {
    AvroSerdes avro = new AvroSerdes(new InMemorySchemaRegistry());
    TrainingLoadConfig config =
        TrainingLoadConfig.fromEnv(Map.of("BACKSTRIDE_STATE_DIR", stateDir.toString()));
    Properties props = config.streamsProperties();
    driver = new TopologyTestDriver(new TrainingLoadTopology(avro, ZoneOffset.UTC).build(), props);
    samples =
        driver.createInputTopic(
            Topics.ACTIVITY_SAMPLES.name(),
            Serdes.String().serializer(),
            avro.value(Topics.ACTIVITY_SAMPLES).serializer());
    summaries =
        driver.createOutputTopic(
            Topics.ACTIVITY_SUMMARIES.name(),
            Serdes.String().deserializer(),
            avro.value(Topics.ACTIVITY_SUMMARIES).deserializer());
    trends =
        driver.createOutputTopic(
            Topics.ATHLETE_TRENDS.name(),
            Serdes.String().deserializer(),
            avro.value(Topics.ATHLETE_TRENDS).deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private void upload(String activityId, Instant start, double distanceM, double climbM) {
    for (SampleBatch b : SyntheticRuns.run(ATHLETE, activityId, start, distanceM, climbM)) {
      Instant last = b.getSamples().get(b.getSamples().size() - 1).getTime();
      samples.pipeInput(new TestRecord<>(ATHLETE, b, last));
    }
  }

  /** The latest trend per day, as an analyst reading the topic to its end would see it. */
  private Map<LocalDate, AthleteTrend> latestTrends() {
    return trends.readValuesToList().stream()
        .collect(Collectors.toMap(AthleteTrend::getDate, Function.identity(), (a, b) -> b));
  }

  @Test
  void summarisesAnActivityOnlyWhenItsFinalBatchArrives() {
    List<SampleBatch> batches = SyntheticRuns.run(ATHLETE, "a1", T0, 6000, 40);
    for (SampleBatch b : batches.subList(0, batches.size() - 1)) {
      samples.pipeInput(ATHLETE, b, T0);
    }
    assertThat(summaries.isEmpty()).isTrue();

    samples.pipeInput(ATHLETE, batches.get(batches.size() - 1), T0.plusSeconds(2000));

    TestRecord<String, ActivitySummary> out = summaries.readRecord();
    assertThat(out.key()).isEqualTo("ana:a1");
    assertThat(out.value().getDistanceM()).isCloseTo(6000, within(5.0));
    assertThat(out.value().getDescentM()).isCloseTo(40, within(4.0));
    assertThat(out.value().getSport()).isEqualTo(io.backstride.avro.Sport.RUNNING);
    assertThat(summaries.isEmpty()).isTrue();
  }

  @Test
  void theWayAcrossARecordingPauseIsNotInTheSummary() {
    // 6 km in one batch stream; half-way the watch was paused and the next fix is 500 m on
    List<SampleBatch> batches = SyntheticRuns.run(ATHLETE, "p1", T0, 6000, 0);
    List<io.backstride.avro.Sample> all = new ArrayList<>();
    batches.forEach(b -> all.addAll(b.getSamples()));
    for (int i = 1000; i < all.size(); i++) {
      io.backstride.avro.Sample s = all.get(i);
      double[] p = io.backstride.core.activity.Geo.offset(s.getLat(), s.getLon(), 500, 0);
      s.setLat(p[0]);
      s.setLon(p[1]);
      s.setTime(s.getTime().plusSeconds(600));
    }
    all.get(1000).setPauseBefore(true);
    for (SampleBatch b : batches) {
      samples.pipeInput(new TestRecord<>(ATHLETE, b, T0.plusSeconds(3000)));
    }

    ActivitySummary summary = summaries.readValue();

    assertThat(summary.getDistanceM()).isCloseTo(6000, within(5.0));
  }

  @Test
  void reUploadingAnActivityReplacesItInsteadOfCountingItTwice() {
    upload("a1", T0, 8000, 50);
    AthleteTrend first = latestTrends().get(LocalDate.parse("2026-03-02"));
    summaries.readValuesToList();

    upload("a1", T0, 8000, 50);

    assertThat(first.getAcuteRuns()).isEqualTo(1);
    // the second upload replaced the summary; the day is unchanged, so no trend is sent again
    assertThat(summaries.readValuesToList()).hasSize(1);
    assertThat(latestTrends()).isEmpty();
    upload("a2", T0.plus(java.time.Duration.ofDays(1)), 5000, 10);
    assertThat(latestTrends().get(LocalDate.parse("2026-03-03")).getAcuteRuns()).isEqualTo(2);
  }

  @Test
  void aLongerReUploadChangesItsDayOnlyOnce() {
    upload("a1", T0, 8000, 50);
    trends.readValuesToList();

    upload("a1", T0, 9000, 50);

    List<AthleteTrend> sent = trends.readValuesToList();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getAcuteRuns()).isEqualTo(1);
    assertThat(sent.get(0).getAcuteDistanceM()).isCloseTo(9000, within(10.0));
  }

  @Test
  void lastWeeksTripledDescentShowsAgainstTheChronicWeeklyAverage() {
    int run = 0;
    for (int week = 0; week < 7; week++) {
      for (int day : new int[] {0, 2, 5}) {
        double climb = week < 6 ? 25 : 75;
        upload("r" + run++, T0.plus(java.time.Duration.ofDays(7L * week + day)), 8000, climb);
      }
    }

    AthleteTrend last = latestTrends().get(LocalDate.parse("2026-03-02").plusDays(47));

    assertThat(last.getBaseline()).isEqualTo(BaselineState.READY);
    assertThat(last.getAcuteRuns()).isEqualTo(3);
    assertThat(last.getAcuteDescentM()).isCloseTo(225, within(15.0));
    assertThat(last.getChronicWeeklyDescentM()).isCloseTo(75, within(8.0));
    assertThat(last.getAcuteDistanceM()).isCloseTo(24000, within(30.0));
  }

  @Test
  void everyDayFromTheFirstRunToTheLastHasATrend() {
    upload("a1", T0, 8000, 50);
    upload("a2", T0.plus(java.time.Duration.ofDays(3)), 8000, 50);

    Map<LocalDate, AthleteTrend> all = latestTrends();

    assertThat(all).hasSize(4);
    assertThat(all.get(LocalDate.parse("2026-03-04")).getAcuteRuns()).isEqualTo(1);
    assertThat(all.get(LocalDate.parse("2026-03-05")).getAcuteRuns()).isEqualTo(2);
  }

  @Test
  void aHistoryOfHikesOnlyHasATrendForEveryDayWithNoRunLoad() {
    for (SampleBatch b :
        SyntheticRuns.activity(ATHLETE, "h1", T0, 9000, 400, io.backstride.avro.Sport.HIKING)) {
      samples.pipeInput(new TestRecord<>(ATHLETE, b, T0.plusSeconds(3000)));
    }
    Instant later = T0.plus(java.time.Duration.ofDays(3));
    for (SampleBatch b :
        SyntheticRuns.activity(ATHLETE, "w2", later, 5000, 0, io.backstride.avro.Sport.WALKING)) {
      samples.pipeInput(new TestRecord<>(ATHLETE, b, later.plusSeconds(2000)));
    }

    Map<LocalDate, AthleteTrend> all = latestTrends();

    assertThat(all.keySet())
        .containsExactlyInAnyOrder(
            LocalDate.parse("2026-03-02"),
            LocalDate.parse("2026-03-03"),
            LocalDate.parse("2026-03-04"),
            LocalDate.parse("2026-03-05"));
    assertThat(all.get(LocalDate.parse("2026-03-05")).getHistoryDays()).isEqualTo(4);
    assertThat(all.values())
        .allSatisfy(
            t -> {
              assertThat(t.getAcuteRuns()).isZero();
              assertThat(t.getAcuteDistanceM()).isZero();
              assertThat(t.getAcuteDescentM()).isZero();
            });
  }

  @Test
  void aHikeBeforeTheFirstRunStartsTheHistory() {
    for (SampleBatch b :
        SyntheticRuns.activity(ATHLETE, "h1", T0, 9000, 400, io.backstride.avro.Sport.HIKING)) {
      samples.pipeInput(new TestRecord<>(ATHLETE, b, T0.plusSeconds(3000)));
    }
    upload("a2", T0.plus(java.time.Duration.ofDays(2)), 8000, 50);

    AthleteTrend runDay = latestTrends().get(LocalDate.parse("2026-03-04"));

    assertThat(runDay.getHistoryDays()).isEqualTo(3);
    assertThat(runDay.getAcuteRuns()).isEqualTo(1);
    assertThat(runDay.getAcuteDistanceM()).isCloseTo(8000, within(10.0));
  }

  @Test
  void aLateUploadUpdatesTheTrendsOfTheDaysAfterIt() {
    upload("a1", T0, 8000, 50);
    upload("a3", T0.plus(java.time.Duration.ofDays(4)), 8000, 50);
    trends.readValuesToList();

    upload("a2", T0.plus(java.time.Duration.ofDays(2)), 5000, 20);

    Map<LocalDate, AthleteTrend> updated = latestTrends();
    assertThat(updated.keySet())
        .containsExactlyInAnyOrder(
            LocalDate.parse("2026-03-04"),
            LocalDate.parse("2026-03-05"),
            LocalDate.parse("2026-03-06"));
    assertThat(updated.get(LocalDate.parse("2026-03-06")).getAcuteRuns()).isEqualTo(3);
  }
}
