package io.backstride.platform.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.platform.KafkaConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The cache on the in-process broker: history from the beginning, latest value, tombstones. */
class CompactedTopicCacheIT {
  private static final String BOOTSTRAP = EmbeddedKafkaBroker.shared().bootstrapServers();

  @Test
  void seesTheHistoryTheLatestValueAndTombstonesAndReadsItsOwnWrites() throws Exception {
    String topic = "cache-it-" + UUID.randomUUID();
    createCompacted(topic);
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(new ProducerRecord<>(topic, "ana", "v1")).get();
      producer.send(new ProducerRecord<>(topic, "ben", "v1")).get();

      try (CompactedTopicCache<String> cache =
          new CompactedTopicCache<>(
                  KafkaConnection.plaintext(BOOTSTRAP), topic, new StringDeserializer())
              .start()) {
        // Written before the cache started: read from the beginning.
        assertThat(cache.lookup("ana", Duration.ofSeconds(30))).contains("v1");

        // Written after an ack: the very next lookup must see it, no polling in the test.
        producer.send(new ProducerRecord<>(topic, "ana", "v2")).get();
        assertThat(cache.lookup("ana", Duration.ofSeconds(30))).contains("v2");

        producer.send(new ProducerRecord<>(topic, "ben", null)).get();
        assertThat(cache.lookup("ben", Duration.ofSeconds(30))).isEqualTo(Optional.empty());
        assertThat(cache.lookup("carla", Duration.ofSeconds(30))).isEmpty();
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      }
    }
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP, ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  private static void createCompacted(String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, 3, (short) 1)
                      .configs(
                          Map.of(
                              TopicConfig.CLEANUP_POLICY_CONFIG,
                              TopicConfig.CLEANUP_POLICY_COMPACT))))
          .all()
          .get();
    }
  }
}
