package io.backstride.alerts.rules;

import io.backstride.core.alert.RuleHit;
import io.backstride.core.alert.RuleId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one signal of an athlete raises and what it leaves behind: the {@link RuleEngine} over the
 * athlete's symptom state, then the cool-down. Pure: the rules processor reads the state and the
 * last alerts from its stores, calls {@link #apply}, and writes back what this returns.
 */
public final class SignalRules {
  private final RuleEngine engine;
  private final int coolDownDays;

  /**
   * @param symptoms the athlete's symptom state after the signal
   * @param raised the hits to send as alerts, in the order the rules gave them
   * @param coolDowns the cool-down each raised hit starts, by rule
   */
  public record Outcome(
      SymptomState symptoms, List<RuleHit> raised, Map<RuleId, CoolDown> coolDowns) {
    public Outcome {
      raised = List.copyOf(raised);
      coolDowns = Map.copyOf(coolDowns);
    }
  }

  public SignalRules(RuleConfig config) {
    this.engine = new RuleEngine(config);
    this.coolDownDays = config.coolDownDays();
  }

  /**
   * @param before the athlete's symptom state, {@link SymptomState#EMPTY} for none yet
   * @param lastAlert the athlete's last alert of a rule, null for none
   */
  public Outcome apply(
      AthleteSignal signal, SymptomState before, Function<RuleId, CoolDown> lastAlert) {
    if (signal instanceof AthleteSignal.PainReported p) {
      SymptomState after = before.withReport(p.report());
      return admit(after, engine.onReport(after, p.report()), lastAlert);
    }
    AthleteSignal.TrendComputed t = (AthleteSignal.TrendComputed) signal;
    List<RuleHit> hits = engine.evaluate(t.trend(), before);
    // the usual weekly distance is kept before any pain is reported: when a report comes, the
    // level to get back to is the one from before it (bounded to 63 days per athlete)
    return admit(before.withTrend(t.trend()), hits, lastAlert);
  }

  /** The hits the cool-down lets through: not within it unless the severity rises. */
  private Outcome admit(
      SymptomState after, List<RuleHit> hits, Function<RuleId, CoolDown> lastAlert) {
    List<RuleHit> raised = new ArrayList<>();
    Map<RuleId, CoolDown> started = new EnumMap<>(RuleId.class);
    for (RuleHit hit : hits) {
      CoolDown previous =
          started.containsKey(hit.rule()) ? started.get(hit.rule()) : lastAlert.apply(hit.rule());
      if (CoolDown.allows(previous, hit, coolDownDays)) {
        raised.add(hit);
        started.put(hit.rule(), new CoolDown(hit.date(), hit.severity()));
      }
    }
    return new Outcome(after, raised, started);
  }
}
