package io.backstride.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.alerts.rules.CoolDown;
import io.backstride.alerts.rules.RuleConfig;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.BaselineState;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.InMemorySchemaRegistry;
import io.backstride.schemas.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
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

/**
 * An alerts state dir of the release before the state format held its cool-downs as JSON: after the
 * upgrade the rules application still honours them, and rewrites one in the new format when it next
 * changes.
 */
class StoresOfEarlierReleasesTest {
  private static final LocalDate DAY = LocalDate.parse("2026-04-13");
  private static final String KEY = "ana|DOWNHILL_RAMP";

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, AthleteTrend> trends;
  private TestOutputTopic<String, BackPainRiskAlert> alerts;
  private KeyValueStore<Bytes, byte[]> storedBytes;

  @BeforeEach
  @SuppressWarnings("unchecked")
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
    // below the typed store, the bytes that RocksDB and the changelog hold
    KeyValueStore<String, CoolDown> typed = driver.getKeyValueStore(AlertTopology.COOL_DOWN_STORE);
    storedBytes = (KeyValueStore<Bytes, byte[]>) ((WrappedStateStore<?, ?, ?>) typed).wrapped();
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private void downhillRamp(LocalDate date) {
    trends.pipeInput(
        "ana",
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
            .setAcuteDescentM(450) // 3x the usual descent: a high downhill ramp
            .setChronicWeeklyDescentM(150)
            .build(),
        date.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  @Test
  void aCoolDownStoredAsJsonStillHoldsBackTheNextAlertAndIsRewrittenInTheStateFormat() {
    byte[] json =
        ("{\"date\":\"" + DAY + "\",\"severity\":\"HIGH\"}").getBytes(StandardCharsets.UTF_8);
    storedBytes.put(Bytes.wrap(KEY.getBytes(StandardCharsets.UTF_8)), json);

    downhillRamp(DAY.plusDays(1)); // inside the cool-down of the stored high alert
    assertThat(alerts.isEmpty()).isTrue();

    downhillRamp(DAY.plusDays(9)); // past it
    assertThat(alerts.readValue().getDate()).isEqualTo(DAY.plusDays(9));
    byte[] now = storedBytes.get(Bytes.wrap(KEY.getBytes(StandardCharsets.UTF_8)));
    assertThat(now[0]).isEqualTo((byte) 1); // the state format's version, no longer '{'
    assertThat(driver.<String, CoolDown>getKeyValueStore(AlertTopology.COOL_DOWN_STORE).get(KEY))
        .isEqualTo(new CoolDown(DAY.plusDays(9), io.backstride.alerts.rules.Severity.HIGH));
  }
}
