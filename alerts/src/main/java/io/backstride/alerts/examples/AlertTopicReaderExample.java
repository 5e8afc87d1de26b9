package io.backstride.alerts.examples;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An analyst's reader of {@code back-pain-alerts.v1}: a plain Kafka consumer with the Avro
 * deserializer of the Confluent wire format, resolving schemas through a Confluent-compatible
 * registry. See {@code docs/alerts-topic.md}.
 *
 * <p>Run: {@code java -cp ... io.backstride.alerts.examples.AlertTopicReaderExample localhost:9092
 * http://localhost:8081}; a secured cluster's client properties come from {@code
 * BACKSTRIDE_KAFKA_CONFIG_FILE} and the {@code BACKSTRIDE_KAFKA_<PROPERTY>} variables, as for the
 * services.
 */
public final class AlertTopicReaderExample {

  /** Reads the topic from the beginning until {@code idle} passes without a new alert. */
  public static List<BackPainRiskAlert> readAll(
      KafkaConnection kafka, String registryUrl, Duration idle) {
    AvroSerdes avro = new AvroSerdes(new RestSchemaRegistryClient(registryUrl));
    Properties p = kafka.consumerProperties();
    // no group: an analyst's one-off read that does not commit offsets anywhere
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // the alerts come from an exactly-once application: skip aborted transactions
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<BackPainRiskAlert> alerts = new ArrayList<>();
    try (KafkaConsumer<String, BackPainRiskAlert> consumer =
        new KafkaConsumer<>(
            p, new StringDeserializer(), avro.value(Topics.BACK_PAIN_ALERTS).deserializer())) {
      var partitions =
          consumer.partitionsFor(Topics.BACK_PAIN_ALERTS.name()).stream()
              .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (true) {
        var records = consumer.poll(idle);
        if (records.isEmpty()) {
          return alerts;
        }
        for (ConsumerRecord<String, BackPainRiskAlert> r : records) {
          alerts.add(r.value());
        }
      }
    }
  }

  /** One line per alert: the fields an analyst sorts and filters by. */
  public static String line(BackPainRiskAlert a) {
    return String.format(
        Locale.ROOT,
        "%s %s %-19s %-8s %s=%.1f usual=%.1f ratio=%s threshold=%.2f",
        a.getDate(),
        a.getAthleteId(),
        a.getRule(),
        a.getSeverity(),
        a.getMetric(),
        a.getAcute(),
        a.getChronic(),
        a.getRatio() == null ? "-" : String.format(Locale.ROOT, "%.2f", a.getRatio()),
        a.getThreshold());
  }

  public static void main(String[] args) {
    // the client properties (SASL, TLS) as every service takes them: BACKSTRIDE_KAFKA_*
    KafkaConnection kafka = KafkaConnection.fromEnv(System.getenv(), "localhost:9092");
    if (args.length > 0) {
      kafka = kafka.withBootstrapServers(args[0]);
    }
    String registry = args.length > 1 ? args[1] : "http://localhost:8081";
    readAll(kafka, registry, Duration.ofSeconds(2)).forEach(a -> System.out.println(line(a)));
  }

  private AlertTopicReaderExample() {}
}
