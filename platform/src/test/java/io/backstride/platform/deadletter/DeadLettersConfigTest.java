package io.backstride.platform.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.platform.KafkaConnection;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class DeadLettersConfigTest {
  @Test
  void theProducerReachesKafkaAsTheConnectionSaysAndKeepsItsOwnDurability() {
    KafkaConnection kafka =
        new KafkaConnection(
            "kafka:9093",
            Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                // a client file's acks must not make dead letters fire-and-forget
                "acks", "0"));

    Map<String, Object> config = DeadLetters.producerConfig(kafka, "dead-letters");

    assertThat(config)
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
  }
}
