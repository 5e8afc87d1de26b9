package io.backstride.embeddedkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three in-process brokers keep three replicas of a topic, accept {@code acks=all} writes with one
 * broker gone, refuse them with two gone, and accept them again once a broker is back.
 */
class EmbeddedKafkaClusterIT {
  private static final String TOPIC = "cluster-replicated";
  private static EmbeddedKafkaCluster cluster;
  private static Admin admin;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = EmbeddedKafkaCluster.start(3, 2, null);
    admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    // no replication factor given: the cluster's default applies, as for Streams' internal topics
    admin
        .createTopics(
            List.of(new NewTopic(TOPIC, java.util.Optional.of(1), java.util.Optional.empty())))
        .all()
        .get();
    // created on the controller; each broker learns of it a moment later
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> leaderIndex() >= 0 && minInsyncReplicas() != null);
  }

  @AfterAll
  static void stopCluster() {
    admin.close();
    cluster.close();
  }

  @Test
  void aTopicWithoutAReplicationFactorHasThreeReplicasAndNeedsTwoInSync() throws Exception {
    assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
    TopicDescription topic = admin.describeTopics(Set.of(TOPIC)).allTopicNames().get().get(TOPIC);
    assertThat(topic.partitions().get(0).replicas()).hasSize(3);
    assertThat(minInsyncReplicas()).isEqualTo("2");
  }

  private static String minInsyncReplicas() throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
    return admin
        .describeConfigs(Set.of(resource))
        .all()
        .get()
        .get(resource)
        .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)
        .value();
  }

  @Test
  void writesSurviveOneKilledBrokerAreRefusedWithTwoAndResumeWhenOneReturns() throws Exception {
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(new ProducerRecord<>(TOPIC, "k", "all three up")).get();

      int leader = leaderIndex();
      cluster.kill(leader);
      assertThat(cluster.isRunning(leader)).isFalse();
      producer.send(new ProducerRecord<>(TOPIC, "k", "one down")).get();

      // any second broker: the partition is then left with one replica of three
      int second = (leader + 1) % cluster.size();
      cluster.kill(second);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThatThrownBy(
                          () -> producer.send(new ProducerRecord<>(TOPIC, "k", "two down")).get())
                      .isInstanceOf(ExecutionException.class)
                      .cause()
                      .isInstanceOfAny(NotEnoughReplicasException.class, TimeoutException.class));

      cluster.restart(second);
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> producer.send(new ProducerRecord<>(TOPIC, "k", "back to two")).get() != null);
      cluster.restart(leader);
      assertThat(cluster.runningBrokerIds()).containsExactly(1, 2, 3);
    }
  }

  /** The 0-based index of the broker leading the topic's partition. */
  private static int leaderIndex() throws Exception {
    TopicDescription topic = admin.describeTopics(Set.of(TOPIC)).allTopicNames().get().get(TOPIC);
    return topic.partitions().get(0).leader().id() - 1;
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
            ProducerConfig.LINGER_MS_CONFIG, 0),
        new StringSerializer(),
        new StringSerializer());
  }
}
