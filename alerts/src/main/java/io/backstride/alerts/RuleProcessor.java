package io.backstride.alerts;

import io.backstride.alerts.rules.AthleteSignal;
import io.backstride.alerts.rules.CoolDown;
import io.backstride.alerts.rules.RuleConfig;
import io.backstride.alerts.rules.RuleEngine;
import io.backstride.alerts.rules.SignalRules;
import io.backstride.alerts.rules.SymptomState;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.core.alert.RuleHit;
import io.backstride.core.alert.RuleId;
import io.backstride.schemas.codec.AlertCodec;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies each signal of an athlete (a trend, a pain report) to their symptom state and cool-downs,
 * and forwards the alerts it raises (see {@link SignalRules}). Both input topics are keyed by
 * athlete and co-partitioned, so one task holds all of an athlete's state and sees their signals in
 * order. State and cool-downs live in stores, so they survive restarts and move with the partition.
 */
final class RuleProcessor implements Processor<String, AthleteSignal, String, BackPainRiskAlert> {
  private final SignalRules rules;
  private ProcessorContext<String, BackPainRiskAlert> context;
  private KeyValueStore<String, SymptomState> symptoms;
  private KeyValueStore<String, CoolDown> coolDowns;

  RuleProcessor(RuleConfig config) {
    this.rules = new SignalRules(config);
  }

  @Override
  public void init(ProcessorContext<String, BackPainRiskAlert> context) {
    this.context = context;
    this.coolDowns = context.getStateStore(AlertTopology.COOL_DOWN_STORE);
    this.symptoms = context.getStateStore(AlertTopology.SYMPTOM_STORE);
  }

  @Override
  public void process(Record<String, AthleteSignal> record) {
    if (record.value() == null) {
      return; // a tombstone on an input topic: nothing happened to the athlete
    }
    String athleteId = record.key();
    SymptomState stored = symptoms.get(athleteId);
    SignalRules.Outcome outcome =
        rules.apply(
            record.value(),
            stored == null ? SymptomState.EMPTY : stored,
            rule -> coolDowns.get(coolDownKey(athleteId, rule)));
    symptoms.put(athleteId, outcome.symptoms());
    outcome.coolDowns().forEach((rule, c) -> coolDowns.put(coolDownKey(athleteId, rule), c));
    for (RuleHit hit : outcome.raised()) {
      context.forward(
          record.withValue(
              AlertCodec.toAvro(
                  RuleEngine.alertId(athleteId, hit.rule(), hit.date()), athleteId, hit)));
    }
  }

  private static String coolDownKey(String athleteId, RuleId rule) {
    return athleteId + "|" + rule;
  }
}
