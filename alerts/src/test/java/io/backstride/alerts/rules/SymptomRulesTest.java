package io.backstride.alerts.rules;

import io.backstride.core.alert.Severity;

import io.backstride.core.alert.RuleId;

import io.backstride.core.alert.RuleHit;

import static io.backstride.alerts.rules.Trends.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.core.load.BaselineState;
import io.backstride.core.load.Trend;
import java.util.List;
import org.junit.jupiter.api.Test;

class SymptomRulesTest {
  private final RuleEngine engine = new RuleEngine(RuleConfig.DEFAULTS);

  private static SymptomState.PainReport pain(int daysAfterDay, int pain) {
    return new SymptomState.PainReport(
        "r" + daysAfterDay, DAY.plusDays(daysAfterDay), pain, "DURING");
  }

  private List<RuleHit> report(SymptomState[] state, SymptomState.PainReport r) {
    state[0] = state[0].withReport(r);
    return engine.onReport(state[0], r);
  }

  /** A week after pain: 12 km (half the usual 24 km), with a downhill ramp. */
  private static Trend rampWhileShort(int daysAfterDay, double acuteDistanceM) {
    return new Trend(
        DAY.plusDays(daysAfterDay),
        60,
        BaselineState.READY,
        3,
        12,
        acuteDistanceM,
        8000,
        24000,
        450,
        150,
        3.0,
        3.0,
        0,
        0);
  }

  @Test
  void aReportRaisesBackPainReportedHighFromSevenOutOfTen() {
    SymptomState[] state = {SymptomState.EMPTY};

    assertThat(report(state, pain(0, 6)))
        .singleElement()
        .satisfies(h -> assertThat(h.rule()).isEqualTo(RuleId.BACK_PAIN_REPORTED))
        .satisfies(h -> assertThat(h.severity()).isEqualTo(Severity.MODERATE))
        .satisfies(h -> assertThat(h.adviceCodes()).contains(Advice.PAIN_PLAN));
    assertThat(report(new SymptomState[] {SymptomState.EMPTY}, pain(0, 7)).get(0).severity())
        .isEqualTo(Severity.HIGH);
  }

  @Test
  void noPainIsNoAlert() {
    assertThat(report(new SymptomState[] {SymptomState.EMPTY}, pain(0, 0))).isEmpty();
  }

  @Test
  void aSecondReportWithinNinetyDaysIsRecurring() {
    SymptomState[] state = {SymptomState.EMPTY};
    report(state, pain(0, 4));

    assertThat(report(state, pain(89, 3)))
        .extracting(RuleHit::rule)
        .containsExactly(RuleId.BACK_PAIN_REPORTED, RuleId.RECURRING_BACK_PAIN);
    assertThat(state[0].reports()).hasSize(2);
  }

  @Test
  void aSecondReportNinetyDaysLaterIsNotRecurringAndTheOldOneIsForgotten() {
    SymptomState[] state = {SymptomState.EMPTY};
    report(state, pain(0, 4));

    assertThat(report(state, pain(90, 3)))
        .extracting(RuleHit::rule)
        .containsExactly(RuleId.BACK_PAIN_REPORTED);
    assertThat(state[0].reports()).hasSize(1); // bounded: older than 90 days is dropped
  }

  @Test
  void aSecondReportOnTheSameDayUpdatesTheFirstRatherThanRecurring() {
    SymptomState[] state = {SymptomState.EMPTY};
    report(state, pain(0, 4));

    assertThat(report(state, new SymptomState.PainReport("other", DAY, 5, "AFTER")))
        .extracting(RuleHit::rule)
        .containsExactly(RuleId.BACK_PAIN_REPORTED);
  }

  @Test
  void aDownhillRampBeforeDistanceIsBackIsReturnTooFast() {
    SymptomState state = SymptomState.EMPTY.withTrend(Trends.steady(DAY)).withReport(pain(0, 5));

    List<RuleHit> hits = engine.evaluate(rampWhileShort(10, 12000), state);

    assertThat(hits)
        .extracting(RuleHit::rule)
        .containsExactly(RuleId.DOWNHILL_RAMP, RuleId.RETURN_TOO_FAST);
    RuleHit back = hits.get(1);
    assertThat(back.acute()).isEqualTo(12000);
    assertThat(back.chronic()).isEqualTo(24000);
    assertThat(back.severity()).isEqualTo(Severity.HIGH); // the 3x downhill ramp is HIGH
    assertThat(back.adviceCodes()).startsWith(Advice.RETURN_ORDER).contains(Advice.FLAT_ROUTES);
  }

  @Test
  void theSameRampWithDistanceBackOrAfterTwentyEightDaysIsNotReturnTooFast() {
    SymptomState state = SymptomState.EMPTY.withTrend(Trends.steady(DAY)).withReport(pain(0, 5));

    assertThat(engine.evaluate(rampWhileShort(10, 24000), state))
        .extracting(RuleHit::rule)
        .containsExactly(RuleId.DOWNHILL_RAMP);
    assertThat(engine.evaluate(rampWhileShort(28, 12000), state))
        .extracting(RuleHit::rule)
        .contains(RuleId.RETURN_TOO_FAST);
    assertThat(engine.evaluate(rampWhileShort(29, 12000), state))
        .extracting(RuleHit::rule)
        .containsExactly(RuleId.DOWNHILL_RAMP);
  }

  @Test
  void withoutARampThereIsNoReturnTooFast() {
    SymptomState state = SymptomState.EMPTY.withTrend(Trends.steady(DAY)).withReport(pain(0, 5));

    assertThat(engine.evaluate(Trends.steady(DAY.plusDays(10)), state)).isEmpty();
  }

  @Test
  void everySymptomRuleCanBeSwitchedOff() {
    RuleEngine off =
        new RuleEngine(
            RuleConfig.DEFAULTS.withSymptoms(
                new RuleConfig.Symptoms(false, 1, 7, false, 2, 90, false, 28, 1.0)));
    SymptomState state =
        SymptomState.EMPTY
            .withTrend(Trends.steady(DAY))
            .withReport(pain(0, 5))
            .withReport(pain(3, 5));

    assertThat(off.onReport(state, pain(3, 5))).isEmpty();
    assertThat(off.evaluate(rampWhileShort(10, 12000), state))
        .extracting(RuleHit::rule)
        .containsExactly(RuleId.DOWNHILL_RAMP);
  }

  @Test
  void keepsOnlyTheWeeksItNeeds() {
    SymptomState state = SymptomState.EMPTY;
    for (int d = 0; d < 200; d++) {
      state = state.withTrend(Trends.steady(DAY.plusDays(d)));
    }
    assertThat(state.weeks()).hasSize(SymptomState.WEEK_DAYS);
  }
}
