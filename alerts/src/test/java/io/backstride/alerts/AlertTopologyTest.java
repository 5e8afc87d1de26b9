package io.backstride.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.alerts.rules.RuleConfig;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.BaselineState;
import io.backstride.avro.PainTiming;
import io.backstride.avro.Rule;
import io.backstride.avro.Severity;
import io.backstride.avro.SymptomReport;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.InMemorySchemaRegistry;
import io.backstride.schemas.serde.AvroSerdes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertTopologyTest {
  private static final LocalDate DAY = LocalDate.parse("2026-04-13");

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, AthleteTrend> trends;
  private TestOutputTopic<String, BackPainRiskAlert> alerts;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TestInputTopic<String, SymptomReport> symptoms;

  @BeforeEach
  void startDriver() {
    AvroSerdes avro = new AvroSerdes(new InMemorySchemaRegistry());
    AlertsConfig config = AlertsConfig.fromEnv(Map.of("BACKSTRIDE_STATE_DIR", stateDir.toString()));
    driver =
        new TopologyTestDriver(
            new AlertTopology(avro, RuleConfig.DEFAULTS).countingIn(meters).build(),
            config.streamsProperties());
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
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private void trend(LocalDate date, double acuteDescentM, double chronicWeeklyDescentM) {
    AthleteTrend t =
        AthleteTrend.newBuilder()
            .setAthleteId("ana")
            .setDate(date)
            .setHistoryDays(49)
            .setBaseline(BaselineState.READY)
            .setAcuteRuns(3)
            .setChronicRuns(12)
            .setAcuteDistanceM(24000)
            .setPreviousWeekDistanceM(24000)
            .setChronicWeeklyDistanceM(24000)
            .setAcuteDescentM(acuteDescentM)
            .setChronicWeeklyDescentM(chronicWeeklyDescentM)
            .build();
    trends.pipeInput("ana", t, date.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  @Test
  void raisesDownhillAlertWhenWeeklyDescentTriplesItsBaseline() {
    trend(DAY, 450, 150);

    BackPainRiskAlert alert = alerts.readValue();
    assertThat(alert.getRule()).isEqualTo(Rule.DOWNHILL_RAMP);
    assertThat(alert.getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(alert.getDate()).isEqualTo(DAY);
    assertThat(alert.getRatio()).isEqualTo(3.0);
    assertThat(alert.getAthleteId()).isEqualTo("ana");
    assertThat(alert.getAlertId()).startsWith("alert-");
    assertThat(alerts.isEmpty()).isTrue();
    assertThat(
            meters
                .get("backstride.alerts.raised")
                .tags("rule", "DOWNHILL_RAMP", "severity", "HIGH")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void aRampThatLastsAWeekIsOneAlertUnlessItGetsWorse() {
    trend(DAY, 330, 200); // 1.65x: moderate
    trend(DAY.plusDays(1), 340, 200);
    trend(DAY.plusDays(2), 420, 200); // 2.1x: high, raised inside the cool-down
    trend(DAY.plusDays(3), 430, 200);
    trend(DAY.plusDays(9), 430, 200); // past the cool-down of the high one

    List<BackPainRiskAlert> raised = alerts.readValuesToList();
    assertThat(raised)
        .extracting(BackPainRiskAlert::getDate)
        .containsExactly(DAY, DAY.plusDays(2), DAY.plusDays(9));
    assertThat(raised)
        .extracting(BackPainRiskAlert::getSeverity)
        .containsExactly(Severity.MODERATE, Severity.HIGH, Severity.HIGH);
  }

  @Test
  void steadyTrainingRaisesNothing() {
    for (int d = 0; d < 14; d++) {
      trend(DAY.plusDays(d), 160, 150);
    }
    assertThat(alerts.isEmpty()).isTrue();
  }

  private void pain(LocalDate date, int severity) {
    symptoms.pipeInput(
        "ana",
        SymptomReport.newBuilder()
            .setReportId("pain-" + date)
            .setAthleteId("ana")
            .setDate(date)
            .setSeverity(severity)
            .setWhen(PainTiming.DURING)
            .build(),
        date.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  @Test
  void aPainReportRaisesBackPainReportedAndASecondOneRecurringBackPain() {
    pain(DAY, 5);
    pain(DAY.plusDays(30), 4);

    assertThat(alerts.readValuesToList())
        .extracting(BackPainRiskAlert::getRule, BackPainRiskAlert::getDate)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Rule.BACK_PAIN_REPORTED, DAY),
            org.assertj.core.groups.Tuple.tuple(Rule.BACK_PAIN_REPORTED, DAY.plusDays(30)),
            org.assertj.core.groups.Tuple.tuple(Rule.RECURRING_BACK_PAIN, DAY.plusDays(30)));
  }

  @Test
  void aDownhillRampSoonAfterPainWhileDistanceIsLowIsReturnTooFast() {
    trend(DAY.minusDays(1), 150, 150); // the usual 24 km week before the pain
    pain(DAY, 5);
    alerts.readValuesToList();

    AthleteTrend shortWeek =
        AthleteTrend.newBuilder()
            .setAthleteId("ana")
            .setDate(DAY.plusDays(12))
            .setHistoryDays(60)
            .setBaseline(BaselineState.READY)
            .setAcuteRuns(3)
            .setChronicRuns(12)
            .setAcuteDistanceM(12000)
            .setPreviousWeekDistanceM(8000)
            .setChronicWeeklyDistanceM(20000)
            .setAcuteDescentM(400)
            .setChronicWeeklyDescentM(150)
            .build();
    trends.pipeInput("ana", shortWeek, DAY.plusDays(12).atStartOfDay(ZoneOffset.UTC).toInstant());

    List<BackPainRiskAlert> raised = alerts.readValuesToList();
    assertThat(raised)
        .extracting(BackPainRiskAlert::getRule)
        .containsExactly(Rule.DOWNHILL_RAMP, Rule.RETURN_TOO_FAST);
    assertThat(raised.get(1).getChronic()).isEqualTo(24000); // the pre-pain week, not today's
    assertThat(raised.get(1).getAcute()).isEqualTo(12000);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCoolDownStoredAsJsonByAnEarlierReleaseStillHoldsBackAnAlertAndIsRewrittenOnChange() {
    // below the typed store, the bytes that RocksDB and the changelog hold
    KeyValueStore<Bytes, byte[]> stored =
        (KeyValueStore<Bytes, byte[]>)
            ((WrappedStateStore<?, ?, ?>) driver.getKeyValueStore(AlertTopology.COOL_DOWN_STORE))
                .wrapped();
    Bytes key = Bytes.wrap("ana|DOWNHILL_RAMP".getBytes(StandardCharsets.UTF_8));
    stored.put(
        key, ("{\"date\":\"" + DAY + "\",\"severity\":\"HIGH\"}").getBytes(StandardCharsets.UTF_8));

    trend(DAY.plusDays(1), 450, 150); // a high ramp inside the stored alert's cool-down
    assertThat(alerts.isEmpty()).isTrue();

    trend(DAY.plusDays(9), 450, 150); // past it
    assertThat(alerts.readValue().getDate()).isEqualTo(DAY.plusDays(9));
    assertThat(stored.get(key)[0]).isEqualTo((byte) 1); // the state format's version, not '{'
  }
}
