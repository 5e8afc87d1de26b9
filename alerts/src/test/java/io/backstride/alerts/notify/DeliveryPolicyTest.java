package io.backstride.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.alerts.AlertsConfig.NotifierSettings;
import io.backstride.alerts.notify.DeliveryPolicy.AfterFailure;
import io.backstride.alerts.notify.DeliveryPolicy.Decision;
import io.backstride.alerts.notify.DeliveryPolicy.Facts;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.Rule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the notifier does with a due email, at fixed instants, without Kafka or SMTP. */
class DeliveryPolicyTest {
  private static final LocalDate DAY = LocalDate.parse("2026-04-13");
  private static final Instant EVENING = Instant.parse("2026-04-13T18:00:00Z");
  private static final long MS = 1_000_000L;
  private static final long T0 = 5_000 * MS; // a nanoTime reading

  /** A 200 ms grouping delay, a 5 s wait for the trend, 6 attempts from 1 s up to 30 s. */
  private final DeliveryPolicy policy = new DeliveryPolicy(NotifierSettings.DEFAULTS);

  private static final AthleteContact ANA =
      new AthleteContact("ana", Optional.of("ana@example.org"), "Ana", true, true);

  private static BackPainRiskAlert alert(Rule rule, LocalDate day) {
    BackPainRiskAlert a = AlertEmailsTest.alert(rule, "descentM", 620, 160, List.of());
    a.setAthleteId("ana");
    a.setDate(day);
    a.setAlertId("ana-" + rule + "-" + day);
    return a;
  }

  /** The email of the alerts, as the queue hands it out once the grouping delay is over. */
  private static DeliveryQueue.Delivery due(BackPainRiskAlert... alerts) {
    DeliveryQueue queue = new DeliveryQueue(Duration.ofMillis(200), Duration.ofSeconds(5));
    for (int i = 0; i < alerts.length; i++) {
      queue.add(0, 10 + i, alerts[i], T0);
    }
    return queue.due(T0 + 200 * MS).get(0);
  }

  private Decision decide(DeliveryQueue.Delivery d, Facts facts, Instant now, long nowNanos) {
    return policy.decide(d, d.alerts().values(), facts, now, nowNanos);
  }

  private static Facts everythingRead(AthleteContact contact) {
    return new Facts(Optional.of(contact), true, true);
  }

  @Test
  void anAlertAboutTheLastThreeDaysOfTheAthletesCalendarIsSentAnOlderOneIsNot() {
    assertThat(
            decide(due(alert(Rule.SPEED_RAMP, DAY.minusDays(2))), everythingRead(ANA), EVENING, T0))
        .isInstanceOf(Decision.Send.class);
    assertThat(
            decide(due(alert(Rule.SPEED_RAMP, DAY.minusDays(3))), everythingRead(ANA), EVENING, T0))
        .isInstanceOf(Decision.Stale.class);
  }

  @Test
  void freshnessCountsDaysInTheAthletesOwnTimeZone() {
    Instant lateEveningUtc = Instant.parse("2026-04-13T23:30:00Z");
    DeliveryQueue.Delivery twoDaysBeforeInUtc = due(alert(Rule.SPEED_RAMP, DAY.minusDays(2)));
    AthleteContact inAuckland =
        new AthleteContact("ana", ANA.email(), "Ana", true, true, "Pacific/Auckland");

    assertThat(decide(twoDaysBeforeInUtc, everythingRead(ANA), lateEveningUtc, T0))
        .isInstanceOf(Decision.Send.class);
    // already the 14th in Auckland: the 11th is three days back there
    assertThat(decide(twoDaysBeforeInUtc, everythingRead(inAuckland), lateEveningUtc, T0))
        .isInstanceOf(Decision.Stale.class);
  }

  @Test
  void anAthleteWithoutProfileAddressOrNotificationsGetsNoEmail() {
    DeliveryQueue.Delivery d = due(alert(Rule.SPEED_RAMP, DAY));
    AthleteContact off = new AthleteContact("ana", ANA.email(), "Ana", true, false);
    AthleteContact noAddress = new AthleteContact("ana", Optional.empty(), "Ana", true, true);

    assertThat(decide(d, new Facts(Optional.empty(), true, true), EVENING, T0))
        .isInstanceOf(Decision.Unreachable.class);
    assertThat(decide(d, everythingRead(off), EVENING, T0))
        .isInstanceOf(Decision.Unreachable.class);
    assertThat(decide(d, everythingRead(noAddress), EVENING, T0))
        .isInstanceOf(Decision.Unreachable.class);
  }

  @Test
  void anAddressThatIsNotOnePlainMailboxIsRefusedWithoutAnAttempt() {
    AthleteContact withName =
        new AthleteContact("ana", Optional.of("Support<ana@example.org>"), "Ana", true, true);

    assertThat(decide(due(alert(Rule.SPEED_RAMP, DAY)), everythingRead(withName), EVENING, T0))
        .isEqualTo(
            new Decision.Refused("a display name, brackets or a comment around the address"));
  }

  @Test
  void anEmailAboutATrendWaitsForThatTrendUpToTheWaitThenGoesWithout() {
    DeliveryQueue.Delivery d = due(alert(Rule.DOWNHILL_RAMP, DAY));
    Facts noTrendYet = new Facts(Optional.of(ANA), false, true);

    assertThat(decide(d, noTrendYet, EVENING, T0 + 300 * MS))
        .isEqualTo(new Decision.Wait(T0 + 350 * MS));
    // the grouping delay and the 5 s wait are over
    assertThat(decide(d, noTrendYet, EVENING, T0 + 5_200 * MS))
        .isEqualTo(new Decision.Send(ANA, false));
  }

  @Test
  void anEmailAboutAPainReportWaitsForItsNotesNotForATrend() {
    DeliveryQueue.Delivery pain = due(alert(Rule.BACK_PAIN_REPORTED, DAY));

    assertThat(decide(pain, new Facts(Optional.of(ANA), false, true), EVENING, T0 + 300 * MS))
        .isEqualTo(new Decision.Send(ANA, true));
    assertThat(decide(pain, new Facts(Optional.of(ANA), true, false), EVENING, T0 + 300 * MS))
        .isInstanceOf(Decision.Wait.class);
  }

  @Test
  void aFailedSendIsRetriedWithADoublingBackoffUntilTheLastAttempt() {
    DeliveryQueue.Delivery d = due(alert(Rule.SPEED_RAMP, DAY));

    assertThat(policy.afterFailure(d)).isEqualTo(new AfterFailure.Retry(1, Duration.ofSeconds(1)));
    assertThat(policy.afterFailure(d.retriedAt(T0, 4, "421")))
        .isEqualTo(new AfterFailure.Retry(5, Duration.ofSeconds(16)));
    assertThat(policy.afterFailure(d.retriedAt(T0, 5, "421")))
        .isEqualTo(new AfterFailure.GiveUp(6));
  }

  @Test
  void onlyTheAlertsTheSentLogDoesNotHaveAreStillToSend() {
    DeliveryQueue.Delivery d = due(alert(Rule.SPEED_RAMP, DAY), alert(Rule.DOWNHILL_RAMP, DAY));
    Set<String> sent = Set.of("ana-SPEED_RAMP-" + DAY);

    assertThat(DeliveryPolicy.unsent(d, sent::contains))
        .containsOnlyKeys("ana-DOWNHILL_RAMP-" + DAY);
  }
}
