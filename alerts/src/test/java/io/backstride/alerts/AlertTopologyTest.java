package io.backstride.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.alerts.rules.RuleConfig;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.BaselineState;
import io.backstride.avro.Rule;
import io.backstride.avro.Severity;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.InMemorySchemaRegistry;
import io.backstride.schemas.serde.AvroSerdes;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
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

  @BeforeEach
  void startDriver() {
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
}
