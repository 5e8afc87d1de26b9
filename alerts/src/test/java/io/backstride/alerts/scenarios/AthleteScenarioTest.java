package io.backstride.alerts.scenarios;

import static io.backstride.alerts.scenarios.GeneratedAthlete.Activity.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.alerts.AlertTopology;
import io.backstride.alerts.AlertsConfig;
import io.backstride.alerts.rules.RuleConfig;
import io.backstride.alerts.scenarios.GeneratedAthlete.Device;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.PainTiming;
import io.backstride.avro.Rule;
import io.backstride.avro.Severity;
import io.backstride.avro.SymptomReport;
import io.backstride.core.Sport;
import io.backstride.core.load.Trend;
import io.backstride.schemas.Topics;
import io.backstride.schemas.codec.TrendCodec;
import io.backstride.schemas.registry.InMemorySchemaRegistry;
import io.backstride.schemas.serde.AvroSerdes;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole athlete histories through the real metrics, trends and alert topology: each rule fires in
 * the week it should, and ordinary training, device quirks and re-uploads stay quiet. Runs are on
 * days 0, 2 and 5 of each week; the usual run is 8 km at 3.0 m/s over a 50 m hill.
 */
class AthleteScenarioTest {
  /** A Monday. */
  private static final LocalDate START = LocalDate.parse("2026-02-02");

  private static final int[] RUN_DAYS = {0, 2, 5};

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, AthleteTrend> trends;
  private TestInputTopic<String, SymptomReport> symptoms;
  private TestOutputTopic<String, BackPainRiskAlert> alerts;
  private GeneratedAthlete athlete;

  @BeforeEach
  void start() {
    AvroSerdes avro = new AvroSerdes(new InMemorySchemaRegistry());
    AlertsConfig config = AlertsConfig.fromEnv(Map.of("BACKSTRIDE_STATE_DIR", stateDir.toString()));
    driver =
        new TopologyTestDriver(
            new AlertTopology(avro, RuleConfig.DEFAULTS).build(), config.streamsProperties());
    trends =
        driver.createInputTopic(
            Topics.ATHLETE_TRENDS.name(),
            Serdes.String().serializer(),
            avro.value(Topics.ATHLETE_TRENDS).serializer());
    symptoms =
        driver.createInputTopic(
            Topics.SYMPTOM_REPORTS.name(),
            Serdes.String().serializer(),
            avro.value(Topics.SYMPTOM_REPORTS).serializer());
    alerts =
        driver.createOutputTopic(
            Topics.BACK_PAIN_ALERTS.name(),
            Serdes.String().deserializer(),
            avro.value(Topics.BACK_PAIN_ALERTS).deserializer());
    athlete = new GeneratedAthlete(2026);
  }

  @AfterEach
  void close() {
    driver.close();
  }

  private static LocalDate day(int week, int dayOfWeek) {
    return START.plusDays(7L * week + dayOfWeek);
  }

  /** Usual weeks: three 8 km runs at 3.0 m/s over a 50 m hill. */
  private void steadyWeeks(int fromWeek, int toWeek) {
    for (int w = fromWeek; w < toWeek; w++) {
      for (int d : RUN_DAYS) {
        athlete.upload("run-" + w + "-" + d, run(day(w, d), 8000, 2.95 + 0.05 * (d % 3), 50));
      }
    }
  }

  private void week(int w, double distanceM, double speedMps, double climbM) {
    for (int d : RUN_DAYS) {
      athlete.upload("run-" + w + "-" + d, run(day(w, d), distanceM, speedMps, climbM));
    }
  }

  /** Pain reports by day, sent in date order among the trends. */
  private final TreeMap<LocalDate, Integer> pain = new TreeMap<>();

  /** Runs every day's trend (and the reports) through the topology; returns the alerts. */
  private List<BackPainRiskAlert> replay(int weeks) {
    for (Trend t : athlete.trends(day(weeks - 1, 6))) {
      Integer p = pain.remove(t.date());
      if (p != null) {
        symptoms.pipeInput(
            "ana",
            SymptomReport.newBuilder()
                .setReportId("pain-" + t.date())
                .setAthleteId("ana")
                .setDate(t.date())
                .setSeverity(p)
                .setWhen(PainTiming.DURING)
                .build(),
            t.date().atTime(20, 0).toInstant(ZoneOffset.UTC));
      }
      trends.pipeInput(
          "ana", TrendCodec.toAvro("ana", t), t.date().atTime(23, 0).toInstant(ZoneOffset.UTC));
    }
    return alerts.readValuesToList();
  }

  private static int weekOf(BackPainRiskAlert a) {
    return (int) (ChronoUnit.DAYS.between(START, a.getDate()) / 7);
  }

  @Test
  void aSteadyRunnerRaisesNothingInTenWeeks() {
    steadyWeeks(0, 10);

    assertThat(replay(10)).isEmpty();
  }

  @Test
  void tripledDownhillInWeekSevenIsADownhillRampInWeekSeven() {
    steadyWeeks(0, 6);
    week(6, 8000, 3.0, 150);

    List<BackPainRiskAlert> raised = replay(7);

    assertThat(raised).extracting(BackPainRiskAlert::getRule).containsOnly(Rule.DOWNHILL_RAMP);
    assertThat(raised.get(0)).extracting(AthleteScenarioTest::weekOf).isEqualTo(6);
    assertThat(raised).extracting(BackPainRiskAlert::getSeverity).contains(Severity.HIGH);
  }

  @Test
  void fifteenPercentFasterInWeekSevenIsASpeedRampInWeekSeven() {
    steadyWeeks(0, 6);
    week(6, 8000, 3.45, 50);

    List<BackPainRiskAlert> raised = replay(7);

    assertThat(raised).extracting(BackPainRiskAlert::getRule).containsOnly(Rule.SPEED_RAMP);
    assertThat(raised).extracting(AthleteScenarioTest::weekOf).containsOnly(6);
    assertThat(raised.get(0).getMetric()).isEqualTo("speedMps");
  }

  @Test
  void halfAsMuchAgainInWeekSevenIsAVolumeRampInWeekSeven() {
    steadyWeeks(0, 6);
    week(6, 12000, 3.0, 50);

    List<BackPainRiskAlert> raised = replay(7);

    // the same 50 m hill each run: the descent does not rise, only the distance
    assertThat(raised).extracting(BackPainRiskAlert::getRule).containsOnly(Rule.VOLUME_RAMP);
    assertThat(raised).extracting(AthleteScenarioTest::weekOf).containsOnly(6);
  }

  @Test
  void aNewRunnerMovingUpIsAVolumeRampAgainstTheWeekBeforeInWeekThree() {
    week(0, 3000, 2.8, 10);
    week(1, 3000, 2.8, 10);
    week(2, 5000, 2.8, 10);

    List<BackPainRiskAlert> raised = replay(3);

    assertThat(raised).isNotEmpty();
    assertThat(raised.get(0).getRule()).isEqualTo(Rule.VOLUME_RAMP);
    assertThat(raised.get(0).getMetric()).isEqualTo("distanceMVsPreviousWeek");
    assertThat(raised).extracting(AthleteScenarioTest::weekOf).containsOnly(2);
  }

  @Test
  void fasterAndHillierInTheSameWeekIsTwoHighAlerts() {
    steadyWeeks(0, 6);
    week(6, 8000, 3.35, 110);

    List<BackPainRiskAlert> raised = replay(7);

    assertThat(raised)
        .extracting(BackPainRiskAlert::getRule)
        .contains(Rule.SPEED_RAMP, Rule.DOWNHILL_RAMP);
    assertThat(raised).extracting(AthleteScenarioTest::weekOf).containsOnly(6);
    assertThat(raised).extracting(BackPainRiskAlert::getSeverity).contains(Severity.HIGH);
  }

  @Test
  void painReportedTwiceIsBackPainThenRecurringBackPain() {
    steadyWeeks(0, 10);
    pain.put(day(6, 3), 5);
    pain.put(day(9, 1), 4);

    List<BackPainRiskAlert> raised = replay(10);

    assertThat(raised)
        .extracting(BackPainRiskAlert::getRule, BackPainRiskAlert::getDate)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Rule.BACK_PAIN_REPORTED, day(6, 3)),
            org.assertj.core.groups.Tuple.tuple(Rule.BACK_PAIN_REPORTED, day(9, 1)),
            org.assertj.core.groups.Tuple.tuple(Rule.RECURRING_BACK_PAIN, day(9, 1)));
  }

  @Test
  void hillsBeforeTheDistanceIsBackAfterPainIsReturnTooFast() {
    steadyWeeks(0, 6);
    pain.put(day(5, 6), 6);
    // week 7: two short flat run/walks; week 8: short runs, but over a big hill
    athlete.upload("back-1", run(day(6, 2), 3000, 2.6, 0));
    athlete.upload("back-2", run(day(6, 5), 3000, 2.6, 0));
    week(7, 4000, 2.9, 120);

    List<BackPainRiskAlert> raised = replay(8);

    assertThat(raised)
        .extracting(BackPainRiskAlert::getRule)
        .containsExactly(Rule.BACK_PAIN_REPORTED, Rule.DOWNHILL_RAMP, Rule.RETURN_TOO_FAST);
    BackPainRiskAlert back = raised.get(2);
    assertThat(weekOf(back)).isEqualTo(7);
    assertThat(back.getChronic()).isGreaterThan(20000); // the 24 km week before the pain
    assertThat(back.getAcute()).isLessThan(back.getChronic());
  }

  @Test
  void switchingToAWatchWithNoisyAltitudeStaysQuiet() {
    steadyWeeks(0, 5);
    for (int w = 5; w < 10; w++) {
      for (int d : RUN_DAYS) {
        athlete.upload(
            "run-" + w + "-" + d, run(day(w, d), 8000, 3.0, 50).on(Device.NOISY_ALTITUDE));
      }
    }

    assertThat(replay(10)).isEmpty();
  }

  @Test
  void duplicateAndCrossFormatReUploadsStayQuiet() {
    steadyWeeks(0, 10);
    for (int w = 0; w < 10; w++) {
      // the same run again (a retried upload) and as another file format of the same activity:
      // the ingest's deterministic activity id makes both replace, never add
      athlete.upload("run-" + w + "-0", run(day(w, 0), 8000, 2.95, 50));
      athlete.upload("run-" + w + "-2", run(day(w, 2), 8010, 3.0, 50));
    }

    assertThat(replay(10)).isEmpty();
  }

  @Test
  void treadmillWeeksStayQuiet() {
    steadyWeeks(0, 10);
    for (int w = 4; w < 6; w++) {
      for (int d : RUN_DAYS) {
        athlete.upload("run-" + w + "-" + d, run(day(w, d), 8000, 3.0, 0).on(Device.TREADMILL));
      }
    }

    assertThat(replay(10)).isEmpty();
  }

  @Test
  void longHillyHikesAtTheWeekendStayQuiet() {
    steadyWeeks(0, 10);
    for (int w = 6; w < 10; w++) {
      // 15 km at walking pace with 600 m of climbing: declared, and once only inferred
      Optional<Sport> declared = w == 9 ? Optional.empty() : Optional.of(Sport.HIKING);
      athlete.upload("hike-" + w, run(day(w, 6), 15000, 1.2, 600).as(declared));
    }

    assertThat(replay(10)).isEmpty();
  }
}
