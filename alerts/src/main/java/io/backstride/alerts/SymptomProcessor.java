package io.backstride.alerts;

import io.backstride.alerts.rules.RuleConfig;
import io.backstride.alerts.rules.RuleEngine;
import io.backstride.core.alert.RuleHit;
import io.backstride.alerts.rules.SymptomState;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.SymptomReport;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds each pain report to the athlete's symptom state and raises BACK_PAIN_REPORTED and
 * RECURRING_BACK_PAIN through the same cool-down as the trend rules.
 */
final class SymptomProcessor
    implements Processor<String, SymptomReport, String, BackPainRiskAlert> {
  private final RuleEngine engine;
  private final RuleProcessor.CoolDowns coolDowns;
  private ProcessorContext<String, BackPainRiskAlert> context;
  private KeyValueStore<String, SymptomState> symptoms;

  SymptomProcessor(RuleConfig config) {
    this.engine = new RuleEngine(config);
    this.coolDowns = new RuleProcessor.CoolDowns(config.coolDownDays());
  }

  @Override
  public void init(ProcessorContext<String, BackPainRiskAlert> context) {
    this.context = context;
    this.coolDowns.init(context.getStateStore(AlertTopology.COOL_DOWN_STORE));
    this.symptoms = context.getStateStore(AlertTopology.SYMPTOM_STORE);
  }

  @Override
  public void process(Record<String, SymptomReport> record) {
    if (record.value() == null) {
      return;
    }
    String athleteId = record.key();
    SymptomState.PainReport report = AvroMapper.painReport(record.value());
    SymptomState before = symptoms.get(athleteId);
    SymptomState state = (before == null ? SymptomState.EMPTY : before).withReport(report);
    symptoms.put(athleteId, state);
    for (RuleHit hit : coolDowns.admit(athleteId, engine.onReport(state, report))) {
      context.forward(record.withValue(AvroMapper.alert(athleteId, hit)));
    }
  }
}
