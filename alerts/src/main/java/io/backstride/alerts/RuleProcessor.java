package io.backstride.alerts;

import io.backstride.alerts.rules.CoolDown;
import io.backstride.alerts.rules.RuleConfig;
import io.backstride.alerts.rules.RuleEngine;
import io.backstride.core.alert.RuleHit;
import io.backstride.alerts.rules.SymptomState;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.core.load.Trend;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the trend rules over each trend, with the athlete's symptom state, and forwards the hits
 * that the cool-down lets through. Cool-down and symptom state live in stores, so they survive
 * restarts and move with the partition.
 */
final class RuleProcessor implements Processor<String, AthleteTrend, String, BackPainRiskAlert> {
  private final RuleEngine engine;
  private final CoolDowns coolDowns;
  private ProcessorContext<String, BackPainRiskAlert> context;
  private KeyValueStore<String, SymptomState> symptoms;

  RuleProcessor(RuleConfig config) {
    this.engine = new RuleEngine(config);
    this.coolDowns = new CoolDowns(config.coolDownDays());
  }

  @Override
  public void init(ProcessorContext<String, BackPainRiskAlert> context) {
    this.context = context;
    this.coolDowns.init(context.getStateStore(AlertTopology.COOL_DOWN_STORE));
    this.symptoms = context.getStateStore(AlertTopology.SYMPTOM_STORE);
  }

  @Override
  public void process(Record<String, AthleteTrend> record) {
    if (record.value() == null) {
      return;
    }
    String athleteId = record.key();
    Trend trend = AvroMapper.trend(record.value());
    SymptomState state = symptoms.get(athleteId);
    List<RuleHit> hits = engine.evaluate(trend, state == null ? SymptomState.EMPTY : state);
    // the usual weekly distance is kept before any pain is reported: when a report comes, the
    // level to get back to is the one from before it (bounded to 63 days per athlete)
    symptoms.put(athleteId, (state == null ? SymptomState.EMPTY : state).withTrend(trend));
    for (RuleHit hit : coolDowns.admit(athleteId, hits)) {
      context.forward(record.withValue(AvroMapper.alert(athleteId, hit)));
    }
  }

  /** The cool-down over a store, shared by the trend and the symptom processors. */
  static final class CoolDowns {
    private final int days;
    private KeyValueStore<String, CoolDown> store;

    CoolDowns(int days) {
      this.days = days;
    }

    void init(KeyValueStore<String, CoolDown> store) {
      this.store = store;
    }

    List<RuleHit> admit(String athleteId, List<RuleHit> hits) {
      return hits.stream()
          .filter(
              hit -> {
                String key = athleteId + "|" + hit.rule();
                if (!CoolDown.allows(store.get(key), hit, days)) {
                  return false;
                }
                store.put(key, new CoolDown(hit.date(), hit.severity()));
                return true;
              })
          .toList();
    }
  }
}
