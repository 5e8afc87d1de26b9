package io.backstride.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.core.alert.RuleHit;
import io.backstride.core.alert.RuleId;
import io.backstride.core.alert.Severity;
import io.backstride.schemas.codec.AlertCodec;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The alerts the pages show, read from the topic through Kafka's MockConsumer: no broker. */
class AlertLogTest {
  private static final String TOPIC = "back-pain-alerts.v1";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);

  private final MockConsumer<String, BackPainRiskAlert> consumer = new MockConsumer<>("earliest");

  @Test
  void keepsEachAthletesAlertsByIdNewestDayFirstTheHigherSeverityFirstWithinADay() {
    Node node = new Node(0, "localhost", 9092);
    consumer.updatePartitions(
        TOPIC, List.of(new PartitionInfo(TOPIC, 0, node, new Node[] {node}, new Node[] {node})));
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    consumer.updateEndOffsets(Map.of(P0, 5L));
    consumer.schedulePollTask(
        () -> {
          consumer.addRecord(record(0, alert("a1", "ana", MONDAY, Severity.MODERATE)));
          consumer.addRecord(record(1, alert("a2", "ana", MONDAY.plusDays(1), Severity.MODERATE)));
          consumer.addRecord(record(2, alert("a3", "ana", MONDAY, Severity.HIGH)));
          // raised again under its id: replaces the earlier one
          consumer.addRecord(record(3, alert("a1", "ana", MONDAY.plusDays(1), Severity.HIGH)));
          consumer.addRecord(record(4, alert("b1", "ben", MONDAY, Severity.HIGH)));
        });

    try (AlertLog log = new AlertLog(TOPIC, consumer).start()) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> log.of("ben").size() == 1 && log.of("ana").size() == 3);

      assertThat(log.of("ana"))
          .extracting(a -> a.getAlertId() + " " + a.getSeverity())
          .containsExactly("a1 HIGH", "a2 MODERATE", "a3 HIGH");
      assertThat(log.of("ben")).extracting(BackPainRiskAlert::getAlertId).containsExactly("b1");
      assertThat(log.of("cleo")).isEmpty();
    }
  }

  private static BackPainRiskAlert alert(
      String alertId, String athleteId, LocalDate date, Severity severity) {
    return AlertCodec.toAvro(
        alertId,
        athleteId,
        new RuleHit(
            RuleId.VOLUME_RAMP,
            severity,
            date,
            "distanceM",
            30_000,
            20_000,
            1.5,
            1.3,
            15_000,
            date.minusDays(6),
            date,
            date.minusDays(34),
            date.minusDays(7),
            List.of()));
  }

  private static ConsumerRecord<String, BackPainRiskAlert> record(
      long offset, BackPainRiskAlert alert) {
    return new ConsumerRecord<>(TOPIC, 0, offset, alert.getAthleteId(), alert);
  }
}
