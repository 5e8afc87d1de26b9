package io.backstride.alerts.rules;

import static io.backstride.alerts.rules.Trends.DAY;
import static io.backstride.alerts.rules.Trends.descent;
import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.alerts.rules.AthleteSignal.PainReported;
import io.backstride.alerts.rules.AthleteSignal.TrendComputed;
import io.backstride.core.alert.RuleHit;
import io.backstride.core.alert.RuleId;
import io.backstride.core.alert.Severity;
import io.backstride.core.load.BaselineState;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules processor's decisions, without Kafka: state in, state and alerts out. */
class SignalRulesTest {
  private final SignalRules rules = new SignalRules(RuleConfig.DEFAULTS);

  /** The cool-downs an athlete's store would hold, written back after every signal. */
  private final Map<RuleId, CoolDown> coolDowns = new HashMap<>();

  private SymptomState state = SymptomState.EMPTY;

  private SignalRules.Outcome apply(AthleteSignal signal) {
    SignalRules.Outcome outcome = rules.apply(signal, state, coolDowns::get);
    state = outcome.symptoms();
    coolDowns.putAll(outcome.coolDowns());
    return outcome;
  }

  private static TrendComputed downhill(int daysAfterDay, double acuteDescentM) {
    return new TrendComputed(
        descent(DAY.plusDays(daysAfterDay), BaselineState.READY, acuteDescentM, 200));
  }

  private static PainReported pain(int daysAfterDay, int pain) {
    return new PainReported(
        new SymptomState.PainReport(
            "r" + daysAfterDay, DAY.plusDays(daysAfterDay), pain, "DURING"));
  }

  @Test
  void aRaisedHitStartsItsCoolDownAndTheSameRampInsideItRaisesNothing() {
    SignalRules.Outcome first = apply(downhill(0, 330)); // 1.65x: moderate

    assertThat(first.raised()).extracting(RuleHit::rule).containsExactly(RuleId.DOWNHILL_RAMP);
    assertThat(first.coolDowns())
        .containsExactly(Map.entry(RuleId.DOWNHILL_RAMP, new CoolDown(DAY, Severity.MODERATE)));

    SignalRules.Outcome again = apply(downhill(1, 340));
    assertThat(again.raised()).isEmpty();
    assertThat(again.coolDowns()).isEmpty(); // the cool-down still runs from the first day
  }

  @Test
  void aRiseInSeverityIsRaisedInsideTheCoolDownAndRestartsIt() {
    apply(downhill(0, 330));

    SignalRules.Outcome worse = apply(downhill(2, 420)); // 2.1x: high

    assertThat(worse.raised()).extracting(RuleHit::severity).containsExactly(Severity.HIGH);
    assertThat(worse.coolDowns())
        .containsEntry(RuleId.DOWNHILL_RAMP, new CoolDown(DAY.plusDays(2), Severity.HIGH));
  }

  @Test
  void aTrendIsRememberedAsTheUsualWeekEvenWhenItRaisesNothing() {
    SignalRules.Outcome steady = apply(new TrendComputed(Trends.steady(DAY)));

    assertThat(steady.raised()).isEmpty();
    assertThat(steady.symptoms().usualWeeklyDistanceOn(DAY)).contains(24000.0);
  }

  @Test
  void aPainReportIsAddedToTheStateBeforeTheRulesSeeIt() {
    SignalRules.Outcome first = apply(pain(0, 5));

    assertThat(first.symptoms().reports()).hasSize(1);
    assertThat(first.raised()).extracting(RuleHit::rule).containsExactly(RuleId.BACK_PAIN_REPORTED);

    SignalRules.Outcome second = apply(pain(30, 4));
    // the second report is in the state the rules saw: two episodes within 90 days recur
    assertThat(second.raised())
        .extracting(RuleHit::rule)
        .containsExactly(RuleId.BACK_PAIN_REPORTED, RuleId.RECURRING_BACK_PAIN);
    assertThat(second.symptoms().reports()).hasSize(2);
  }
}
