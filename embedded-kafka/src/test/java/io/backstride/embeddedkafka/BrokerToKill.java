package io.backstride.embeddedkafka;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The broker {@link UncleanRestartIT} kills: started in a JVM of its own on the data directory and
 * with the session timeout given, it creates a topic, writes one record to it, says "up" on stdout
 * and then waits to be killed.
 */
public final class BrokerToKill {
  static final String TOPIC = "written-before-the-kill";
  static final String VALUE = "kept across kill -9";
  static final String UP = "up";

  private BrokerToKill() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.startWith(dataDir, Map.of("broker.session.timeout.ms", args[1]));
    Map<String, Object> client =
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (Admin admin = Admin.create(client)) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
    }
    write(broker.bootstrapServers(), VALUE);
    System.out.println(UP);
    System.out.flush();
    // Until the kill: the test never closes this JVM's stdin, and never stops it cleanly.
    System.in.read();
  }

  /** Writes {@code value} to {@link #TOPIC} and waits for the broker's acknowledgement. */
  static void write(String bootstrapServers, String value) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(TOPIC, "athlete-1", value)).get();
    }
  }
}
