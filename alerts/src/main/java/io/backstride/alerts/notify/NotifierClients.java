package io.backstride.alerts.notify;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.NotificationFailure;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.StaticMembership;
import io.backstride.schemas.Topics;
import io.backstride.schemas.serde.AvroSerdes;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka clients an {@link AlertNotifier} is handed, which it then owns and closes.
 *
 * @param alerts reads {@code back-pain-alerts.v1}, in the notifier's group, committing by hand
 * @param failures writes {@code notification-failures.v1}
 * @param sentLog the alert ids already emailed
 */
public record NotifierClients(
    Consumer<String, BackPainRiskAlert> alerts,
    Producer<String, NotificationFailure> failures,
    SentLog sentLog) {

  /**
   * The clients as the alerts service runs them.
   *
   * @param groupInstanceId this instance's {@code group.instance.id} (static membership, see
   *     StaticMembership), so that a restart after a crash takes the old place in the group at
   *     once; null: a dynamic member
   */
  public static NotifierClients connect(
      KafkaConnection kafka, AvroSerdes avro, String groupId, String groupInstanceId) {
    Properties c = kafka.consumerProperties();
    c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    if (groupInstanceId != null) {
      StaticMembership.apply(c, groupInstanceId);
    }
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // alerts come from an exactly-once application: never email one from an aborted transaction
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
    // the loop polls between single attempts, each bounded by the SMTP timeouts (seconds); an
    // email in a long backoff does not hold the poll, so the default poll interval is plenty
    KafkaConsumer<String, BackPainRiskAlert> alerts =
        new KafkaConsumer<>(
            c, new StringDeserializer(), avro.value(Topics.BACK_PAIN_ALERTS).deserializer());
    Properties p = kafka.producerProperties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    KafkaProducer<String, NotificationFailure> failures =
        new KafkaProducer<>(
            p, new StringSerializer(), avro.value(Topics.NOTIFICATION_FAILURES).serializer());
    return new NotifierClients(alerts, failures, new SentLog(kafka));
  }
}
