package io.backstride.alerts;

import io.backstride.alerts.rules.CoolDown;
import io.backstride.alerts.rules.RuleConfig;
import io.backstride.alerts.rules.RuleEngine;
import io.backstride.alerts.rules.RuleHit;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.BackPainRiskAlert;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the rules over each trend and forwards the hits that the cool-down lets through. The
 * cool-down state (last alert per athlete and rule) lives in a store, so it survives restarts and
 * moves with the partition.
 */
final class RuleProcessor implements Processor<String, AthleteTrend, String, BackPainRiskAlert> {
  private final RuleConfig config;
  private final RuleEngine engine;
  private ProcessorContext<String, BackPainRiskAlert> context;
  private KeyValueStore<String, CoolDown> coolDowns;

  RuleProcessor(RuleConfig config) {
    this.config = config;
    this.engine = new RuleEngine(config);
  }

  @Override
  public void init(ProcessorContext<String, BackPainRiskAlert> context) {
    this.context = context;
    this.coolDowns = context.getStateStore(AlertTopology.COOL_DOWN_STORE);
  }

  @Override
  public void process(Record<String, AthleteTrend> record) {
    if (record.value() == null) {
      return;
    }
    String athleteId = record.key();
    for (RuleHit hit : engine.evaluate(AvroMapper.trend(record.value()))) {
      String key = athleteId + "|" + hit.rule();
      if (!CoolDown.allows(coolDowns.get(key), hit, config.coolDownDays())) {
        continue;
      }
      coolDowns.put(key, new CoolDown(hit.date(), hit.severity()));
      context.forward(record.withValue(AvroMapper.alert(athleteId, hit)));
    }
  }
}
