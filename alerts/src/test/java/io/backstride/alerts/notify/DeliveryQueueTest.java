package io.backstride.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.Rule;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryQueueTest {
  private static final LocalDate DAY = LocalDate.parse("2026-04-13");
  private static final long MS = 1_000_000L;
  private static final long T0 = 5_000 * MS; // a nanoTime reading

  private final DeliveryQueue queue =
      new DeliveryQueue(Duration.ofMillis(200), Duration.ofSeconds(5));

  private static BackPainRiskAlert alert(String athlete, Rule rule, LocalDate day) {
    BackPainRiskAlert a = AlertEmailsTest.alert(rule, "descentM", 620, 160, List.of());
    a.setAthleteId(athlete);
    a.setDate(day);
    a.setAlertId(athlete + "-" + rule + "-" + day);
    return a;
  }

  @Test
  void theOldestEmailInHandIsTheOneBegunFirstUntilItIsDealtWith() {
    assertThat(queue.oldestBegunAtNanos()).isEqualTo(-1);
    queue.add(0, 10, alert("ana", Rule.SPEED_RAMP, DAY), T0);
    queue.add(0, 11, alert("ben", Rule.SPEED_RAMP, DAY), T0 + MS);
    assertThat(queue.oldestBegunAtNanos()).isEqualTo(T0);

    DeliveryQueue.Delivery ana =
        queue.due(T0 + 300 * MS).stream()
            .filter(d -> d.athleteId().equals("ana"))
            .findFirst()
            .orElseThrow();
    queue.later(ana, T0 + 5_000 * MS, 1, "timeout");
    assertThat(queue.oldestBegunAtNanos()).as("a retry keeps its age").isEqualTo(T0);

    queue.done(ana);
    assertThat(queue.oldestBegunAtNanos()).isEqualTo(T0 + MS);
    queue.revoke(java.util.List.of(0));
    assertThat(queue.oldestBegunAtNanos()).isEqualTo(-1);
  }

  @Test
  void anEmailInBackoffLeavesTheOthersDue() {
    queue.add(0, 10, alert("ana", Rule.SPEED_RAMP, DAY), T0);
    queue.add(0, 11, alert("ben", Rule.SPEED_RAMP, DAY), T0 + MS);
    long first = T0 + 250 * MS;
    DeliveryQueue.Delivery ana = queue.due(first).get(0);
    assertThat(ana.athleteId()).isEqualTo("ana");

    queue.later(ana, first + 16_000 * MS, 5, "550 mailbox unavailable");

    assertThat(queue.due(first))
        .extracting(DeliveryQueue.Delivery::athleteId)
        .containsExactly("ben");
    assertThat(queue.due(first + 15_999 * MS))
        .extracting(DeliveryQueue.Delivery::athleteId)
        .containsExactly("ben");
    assertThat(queue.nextDueNanos()).isEqualTo(T0 + MS + 200 * MS);
  }

  @Test
  void alertsOfOneAthleteAndDayWithinTheGroupingDelayMakeOneEmailAndLaterOnesAnother() {
    queue.add(1, 3, alert("ana", Rule.SPEED_RAMP, DAY), T0);
    queue.add(1, 4, alert("ana", Rule.DOWNHILL_RAMP, DAY), T0 + 100 * MS);
    queue.add(1, 5, alert("ana", Rule.VOLUME_RAMP, DAY.minusDays(1)), T0 + 100 * MS);

    List<DeliveryQueue.Delivery> due = queue.due(T0 + 300 * MS);
    assertThat(due).hasSize(2);
    assertThat(due.get(0).alerts()).hasSize(2);
    assertThat(due.get(0).firstOffset()).isEqualTo(3);

    queue.later(due.get(0), T0 + 1_300 * MS, 1, "timeout");
    queue.add(1, 6, alert("ana", Rule.RETURN_TOO_FAST, DAY), T0 + 400 * MS);
    assertThat(queue.size()).isEqualTo(3); // the one being retried takes no new alert
  }

  @Test
  void offsetsCommitUpToTheOldestAlertInHandAndPastAllOnceDealtWith() {
    queue.add(0, 7, alert("ana", Rule.SPEED_RAMP, DAY), T0);
    queue.add(0, 8, alert("ben", Rule.SPEED_RAMP, DAY), T0);
    queue.add(2, 40, null, T0); // a tombstone: nothing to send
    List<DeliveryQueue.Delivery> due = queue.due(T0 + 300 * MS);

    queue.done(due.get(1)); // ben's sent, ana's still failing
    assertThat(queue.committable()).isEqualTo(Map.of(0, 7L, 2, 41L));

    queue.done(due.get(0));
    assertThat(queue.committable()).isEqualTo(Map.of(0, 9L, 2, 41L));
  }

  @Test
  void aRevokedPartitionsEmailsAreForgotten() {
    queue.add(0, 7, alert("ana", Rule.SPEED_RAMP, DAY), T0);
    queue.add(1, 2, alert("ben", Rule.SPEED_RAMP, DAY), T0);

    queue.revoke(List.of(0));

    assertThat(queue.due(T0 + 300 * MS))
        .extracting(DeliveryQueue.Delivery::athleteId)
        .containsExactly("ben");
    assertThat(queue.committable()).containsOnlyKeys(1);
  }

  @Test
  void theBackoffDoublesUpToItsCap() {
    Duration first = Duration.ofSeconds(1);
    Duration max = Duration.ofSeconds(30);

    assertThat(
            List.of(1, 2, 3, 4, 5, 6, 40).stream().map(n -> DeliveryQueue.backoff(n, first, max)))
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
  }
}
