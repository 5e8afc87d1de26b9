package io.backstride.embeddedkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-process KRaft broker serves plain and transactional clients on a single node. */
class EmbeddedKafkaBrokerIT {
  private static final String PLAIN_TOPIC = "embedded-broker-plain";
  private static final String TX_TOPIC = "embedded-broker-transactions";

  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void createTopics() throws Exception {
    broker = EmbeddedKafkaBroker.shared();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(PLAIN_TOPIC, 1, (short) 1), new NewTopic(TX_TOPIC, 1, (short) 1)))
          .all()
          .get();
    }
  }

  @Test
  void reportsItsStartTimeAndALoopbackBootstrapAddress() {
    assertThat(broker.startTime()).isPositive();
    assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void deliversAProducedRecordToAConsumer() throws Exception {
    try (KafkaProducer<String, String> producer = producer(Map.of())) {
      producer.send(new ProducerRecord<>(PLAIN_TOPIC, "athlete-1", "hello")).get();
    }

    List<ConsumerRecord<String, String>> records = consumeAll(PLAIN_TOPIC, "read_uncommitted", 1);

    assertThat(records)
        .extracting(ConsumerRecord::key, ConsumerRecord::value)
        .containsExactly(tuple("athlete-1", "hello"));
  }

  @Test
  void commitsATransactionThatReadCommittedConsumersSeeAndHidesAnAbortedOne() throws Exception {
    try (KafkaProducer<String, String> producer =
        producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-broker-it"))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(TX_TOPIC, "athlete-1", "aborted"));
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(TX_TOPIC, "athlete-1", "committed"));
      producer.commitTransaction();
    }

    List<ConsumerRecord<String, String>> records = consumeAll(TX_TOPIC, "read_committed", 1);

    assertThat(records).extracting(ConsumerRecord::value).containsExactly("committed");
  }

  private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(extra);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  /** Reads the topic from the start until {@code expected} records arrived, then a bit longer. */
  private static List<ConsumerRecord<String, String>> consumeAll(
      String topic, String isolation, int expected) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                topic + "-" + isolation,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(Set.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
              });
      // One more poll: a record that should not be there (e.g. an aborted one) would show up now.
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }
}
