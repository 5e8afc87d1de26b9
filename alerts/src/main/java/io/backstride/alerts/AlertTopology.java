package io.backstride.alerts;

import io.backstride.alerts.rules.CoolDown;
import io.backstride.alerts.rules.RuleConfig;
import io.backstride.alerts.rules.SymptomState;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.schemas.Topics;
import io.backstride.schemas.serde.AvroSerdes;
import io.backstride.schemas.serde.JsonSerde;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules application.
 *
 * <p>Reads {@code athlete-trends.v1} and {@code symptom-reports.v1}; writes {@code
 * back-pain-alerts.v1}. No side effects here: emails are sent by {@link
 * io.backstride.alerts.notify.AlertNotifier}, a consumer of its own.
 */
public final class AlertTopology {
  private static final Logger LOG = LoggerFactory.getLogger(AlertTopology.class);

  /** Last alert per athlete|rule, for the cool-down. */
  public static final String COOL_DOWN_STORE = "alert-cool-downs";

  /** Per athlete: pain reports of the last 90 days and recent usual weekly distances. */
  public static final String SYMPTOM_STORE = "alert-symptoms";

  private static final Serde<String> KEYS = Serdes.String();

  private final AvroSerdes avro;
  private final RuleConfig rules;

  public AlertTopology(AvroSerdes avro, RuleConfig rules) {
    this.avro = avro;
    this.rules = rules;
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(COOL_DOWN_STORE), KEYS, JsonSerde.of(CoolDown.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SYMPTOM_STORE), KEYS, JsonSerde.of(SymptomState.class)));
    // trends are keyed by athlete already: the cool-down of one athlete stays in one task
    builder.stream(
            Topics.ATHLETE_TRENDS.name(), Consumed.with(KEYS, avro.value(Topics.ATHLETE_TRENDS)))
        .process(() -> new RuleProcessor(rules), COOL_DOWN_STORE, SYMPTOM_STORE)
        .peek(AlertTopology::logRaised)
        .to(
            Topics.BACK_PAIN_ALERTS.name(),
            Produced.with(KEYS, avro.value(Topics.BACK_PAIN_ALERTS)));
    // reports are keyed by athlete too and co-partitioned with the trends (same partition count),
    // so both processors share the stores of one athlete in one task, with no repartitioning
    builder.stream(
            Topics.SYMPTOM_REPORTS.name(), Consumed.with(KEYS, avro.value(Topics.SYMPTOM_REPORTS)))
        .process(() -> new SymptomProcessor(rules), COOL_DOWN_STORE, SYMPTOM_STORE)
        .peek(AlertTopology::logRaised)
        .to(
            Topics.BACK_PAIN_ALERTS.name(),
            Produced.with(KEYS, avro.value(Topics.BACK_PAIN_ALERTS)));
    return builder.build();
  }

  /** One line per alert raised; the athlete id is the only personal datum in it. */
  private static void logRaised(String athleteId, BackPainRiskAlert alert) {
    LOG.info(
        "alert {} raised for {}: {} ({}) on {}",
        alert.getAlertId(),
        athleteId,
        alert.getRule(),
        alert.getSeverity(),
        alert.getDate());
  }
}
