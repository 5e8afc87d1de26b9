package io.backstride.cli;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same scenario against Apache Kafka and the real Confluent Schema Registry in containers, as
 * in docker-compose.yml. Skipped where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class EndToEndContainersIT {
  private static final Network NETWORK = Network.newNetwork();

  @Container
  private static final KafkaContainer KAFKA =
      new KafkaContainer(DockerImageName.parse("apache/kafka:4.3.1"))
          .withNetwork(NETWORK)
          .withNetworkAliases("kafka")
          .withListener("kafka:19092");

  @Container
  private static final GenericContainer<?> REGISTRY =
      new GenericContainer<>(DockerImageName.parse("confluentinc/cp-schema-registry:8.0.0"))
          .withNetwork(NETWORK)
          .withExposedPorts(8081)
          .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
          .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
          .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
          .dependsOn(KAFKA)
          .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));

  @RegisterExtension
  static final GreenMailExtension MAIL =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

  @TempDir Path stateDir;

  @Test
  void aGpxHistoryWithTripledDownhillEndsAsOneAlertAndOneEmail() throws Exception {
    String registryUrl = "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081);
    try (Pipeline pipeline =
        Pipeline.start(
            DownhillScenario.env(
                KAFKA.getBootstrapServers(),
                registryUrl,
                ServerSetupTest.SMTP.getPort(),
                stateDir))) {
      DownhillScenario.uploadsAHistoryAndEmailsTheDownhillRamp(
          pipeline, KAFKA.getBootstrapServers(), registryUrl, MAIL::getReceivedMessages, "ana");
    }
  }
}
