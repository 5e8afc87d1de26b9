package io.backstride.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticMembershipTest {
  @TempDir Path dir;

  @Test
  void theIdIsMadeOnceAndReadBackFromTheStateDirectory() throws Exception {
    String first = StaticMembership.instanceId(dir, "backstride-alerts");

    assertThat(first).matches("backstride-alerts-[0-9a-f]{8}");
    assertThat(Files.readString(dir.resolve("backstride-alerts.instance-id")).strip())
        .isEqualTo(first);
    assertThat(StaticMembership.instanceId(dir, "backstride-alerts")).isEqualTo(first);
  }

  @Test
  void anotherStateDirectoryOrAnotherGroupIsAnotherInstance() {
    Path other = dir.resolve("other");

    String alerts = StaticMembership.instanceId(dir, "backstride-alerts");

    assertThat(StaticMembership.instanceId(other, "backstride-alerts")).isNotEqualTo(alerts);
    assertThat(StaticMembership.instanceId(dir, "backstride-notifier"))
        .startsWith("backstride-notifier-")
        .isNotEqualTo(alerts);
  }

  @Test
  void aDamagedFileIsReplacedByANewId() throws Exception {
    Files.writeString(dir.resolve("backstride-alerts.instance-id"), "not an id: spaces\n");

    String id = StaticMembership.instanceId(dir, "backstride-alerts");

    assertThat(id).matches("backstride-alerts-[0-9a-f]{8}");
    assertThat(Files.readString(dir.resolve("backstride-alerts.instance-id")).strip())
        .isEqualTo(id);
  }

  @Test
  void applySetsTheInstanceIdAndTheSessionTimeout() {
    Properties p = StaticMembership.apply(new Properties(), "backstride-alerts-0a1b2c3d");

    assertThat(p)
        .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "backstride-alerts-0a1b2c3d")
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 45_000);
  }

  @Test
  void applyKeepsASessionTimeoutTheDeploymentSet() {
    // BACKSTRIDE_KAFKA_SESSION_TIMEOUT_MS or the --kafka-config file reach the properties first
    Properties deployment = new Properties();
    deployment.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");

    Properties p = StaticMembership.apply(deployment, "backstride-training-load-0a1b2c3d");

    assertThat(p)
        .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "backstride-training-load-0a1b2c3d")
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
  }
}
