package io.backstride.alerts;

import io.backstride.alerts.rules.AthleteSignal;
import io.backstride.alerts.rules.AthleteSignal.PainReported;
import io.backstride.alerts.rules.AthleteSignal.TrendComputed;
import io.backstride.alerts.rules.RuleConfig;
import io.backstride.alerts.rules.SymptomState;
import io.backstride.alerts.state.CoolDownSerde;
import io.backstride.alerts.state.SymptomStateSerde;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import io.backstride.schemas.codec.SymptomCodec;
import io.backstride.schemas.codec.TrendCodec;
import io.backstride.schemas.serde.AvroSerdes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
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
  private MeterRegistry meters = new SimpleMeterRegistry();

  public AlertTopology(AvroSerdes avro, RuleConfig rules) {
    this.avro = avro;
    this.rules = rules;
  }

  /**
   * Counts the alerts raised in {@code meters}: {@code backstride_alerts_raised_total{rule,
   * severity}}; a task that aborts and processes the records again counts them again.
   */
  public AlertTopology countingIn(MeterRegistry meters) {
    this.meters = meters;
    return this;
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(COOL_DOWN_STORE), KEYS, new CoolDownSerde()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SYMPTOM_STORE), KEYS, new SymptomStateSerde()));
    // trends are keyed by athlete already: the cool-down of one athlete stays in one task
    KStream<String, AthleteSignal> trends =
        signals(builder, Topics.ATHLETE_TRENDS, t -> new TrendComputed(TrendCodec.fromAvro(t)));
    // reports are keyed by athlete too and co-partitioned with the trends (same partition count),
    // so one processor holds the stores of one athlete in one task, with no repartitioning
    KStream<String, AthleteSignal> reports =
        signals(
            builder,
            Topics.SYMPTOM_REPORTS,
            r -> new PainReported(SymptomState.PainReport.of(SymptomCodec.fromAvro(r))));
    trends
        .merge(reports)
        .process(() -> new RuleProcessor(rules), COOL_DOWN_STORE, SYMPTOM_STORE)
        .peek(this::raised)
        .to(
            Topics.BACK_PAIN_ALERTS.name(),
            Produced.with(KEYS, avro.value(Topics.BACK_PAIN_ALERTS)));
    return builder.build();
  }

  /** A topic's values as signals; a tombstone stays null, and the processor skips it. */
  private <V extends SpecificRecord> KStream<String, AthleteSignal> signals(
      StreamsBuilder builder, Topic<V> topic, Function<V, AthleteSignal> signal) {
    return builder.stream(topic.name(), Consumed.with(KEYS, avro.value(topic)))
        .mapValues(v -> v == null ? null : signal.apply(v));
  }

  /** One line per alert raised; the athlete id is the only personal datum in it. */
  private void raised(String athleteId, BackPainRiskAlert alert) {
    Counter.builder("backstride.alerts.raised")
        .description("Alerts raised, by rule and severity")
        .tags("rule", alert.getRule().name(), "severity", alert.getSeverity().name())
        .register(meters)
        .increment();
    logRaised(athleteId, alert);
  }

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
