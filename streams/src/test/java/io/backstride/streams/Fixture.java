package io.backstride.streams;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.AthleteProfile;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.DeadLetter;
import io.backstride.avro.SampleBatch;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.InMemorySchemaRegistry;
import io.backstride.schemas.serde.AvroSerdes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The real training-load topology with its real config in a {@link TopologyTestDriver}. */
final class Fixture implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  /**
   * The topology's wall clock at the start: later than any run the tests upload, as the real clock
   * is later than any run a watch recorded (runs starting after it are refused as from the future).
   */
  static final Instant WALL_CLOCK_START = T0.plus(Duration.ofDays(400));

  final TopologyTestDriver driver;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final TestInputTopic<String, SampleBatch> samples;
  final TestInputTopic<String, ActivitySummary> summariesIn;
  final TestInputTopic<String, AthleteProfile> profiles;
  final TestOutputTopic<String, DeadLetter> deadLetters;
  final TestOutputTopic<String, ActivitySummary> summaries;
  final TestOutputTopic<String, AthleteTrend> trends;

  Fixture(Path stateDir, Map<String, String> env) {
    AvroSerdes avro = new AvroSerdes(new InMemorySchemaRegistry());
    Map<String, String> all = new HashMap<>(env);
    all.put("BACKSTRIDE_STATE_DIR", stateDir.toString());
    TrainingLoadConfig config = TrainingLoadConfig.fromEnv(all);
    driver =
        new TopologyTestDriver(
            new TrainingLoadTopology(avro, config)
                .countingIn(new TrainingLoadMeters(meters))
                .build(),
            config.streamsProperties(),
            WALL_CLOCK_START);
    samples =
        driver.createInputTopic(
            Topics.ACTIVITY_SAMPLES.name(),
            Serdes.String().serializer(),
            avro.value(Topics.ACTIVITY_SAMPLES).serializer());
    summariesIn =
        driver.createInputTopic(
            Topics.ACTIVITY_SUMMARIES.name(),
            Serdes.String().serializer(),
            avro.value(Topics.ACTIVITY_SUMMARIES).serializer());
    profiles =
        driver.createInputTopic(
            Topics.ATHLETE_PROFILES.name(),
            Serdes.String().serializer(),
            avro.value(Topics.ATHLETE_PROFILES).serializer());
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
    deadLetters =
        driver.createOutputTopic(
            Topics.INGEST_DEAD_LETTER.name(),
            Serdes.String().deserializer(),
            avro.value(Topics.INGEST_DEAD_LETTER).deserializer());
  }

  void send(String athleteId, SampleBatch b) {
    Instant last = b.getSamples().get(b.getSamples().size() - 1).getTime();
    samples.pipeInput(new TestRecord<>(athleteId, b, last));
  }

  void upload(String athleteId, String activityId, Instant start, double distanceM, double climbM) {
    for (SampleBatch b : SyntheticRuns.run(athleteId, activityId, start, distanceM, climbM)) {
      send(athleteId, b);
    }
  }

  void profile(String athleteId, String zone) {
    profiles.pipeInput(
        athleteId,
        AthleteProfile.newBuilder().setAthleteId(athleteId).setTimeZone(zone).build(),
        T0.minusSeconds(7200));
  }

  /** The latest trend per day, as an analyst reading the topic to its end would see it. */
  Map<LocalDate, AthleteTrend> latestTrends() {
    return trends.readValuesToList().stream()
        .collect(Collectors.toMap(AthleteTrend::getDate, Function.identity(), (a, b) -> b));
  }

  List<ActivitySummary> readSummaries() {
    return summaries.readValuesToList();
  }

  @Override
  public void close() {
    driver.close();
  }
}
