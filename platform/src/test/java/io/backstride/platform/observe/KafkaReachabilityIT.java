package io.backstride.platform.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.platform.KafkaConnection;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka readiness check against a real broker that is up, then gone. */
class KafkaReachabilityIT {
  @TempDir Path dataDir;

  @Test
  void isFineWhileTheBrokerAnswersAndSaysWhyOnceItIsGone() {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir);
    boolean brokerClosed = false;
    try (KafkaReachability kafka =
        KafkaReachability.start(
            "test",
            KafkaConnection.plaintext(broker.bootstrapServers()),
            Duration.ofSeconds(1),
            Duration.ofSeconds(10))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> kafka.problem().isEmpty());
      assertThat(kafka.clusterId()).isPresent();
      Health health = kafka.registerIn(new Health());
      assertThat(health.ready().httpStatus()).isEqualTo(200);

      broker.close();
      brokerClosed = true;

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(kafka.problem())
                      .hasValueSatisfying(
                          p -> assertThat(p).startsWith("Kafka (describeCluster) failed: ")));
      assertThat(health.ready().httpStatus()).isEqualTo(503);
      assertThat(health.ready().problems())
          .singleElement()
          .satisfies(p -> assertThat(p).startsWith("kafka: Kafka (describeCluster) failed: "));
    } finally {
      if (!brokerClosed) {
        broker.close();
      }
    }
  }

  @Test
  void isNotFineBeforeABrokerEverAnswered() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (KafkaReachability kafka =
        KafkaReachability.start(
            "test",
            KafkaConnection.plaintext("127.0.0.1:" + closed),
            Duration.ofSeconds(1),
            Duration.ofSeconds(10))) {
      assertThat(kafka.problem()).isPresent();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(kafka.problem())
                      .hasValueSatisfying(
                          p -> assertThat(p).endsWith("never answered since start")));
    }
  }
}
