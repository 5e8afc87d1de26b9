package io.backstride.platform.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicSettingsTest {
  @Test
  void unsetReplicationAndMinInsyncAreTheBrokers() {
    TopicSettings settings = TopicSettings.fromEnv(Map.of("BACKSTRIDE_TOPIC_REPLICATION", " "));

    assertThat(settings).isEqualTo(TopicSettings.BROKER_DEFAULTS);
    assertThat(settings.topicConfigs()).isEmpty();
    assertThat(settings.streamsConfig()).isEmpty();
  }

  @Test
  void aThreeBrokerClusterReplicatesThreeTimesAndAcknowledgesOnTwo() {
    TopicSettings settings =
        TopicSettings.fromEnv(
            Map.of(
                "BACKSTRIDE_TOPIC_PARTITIONS", "6",
                "BACKSTRIDE_TOPIC_REPLICATION", "3",
                "BACKSTRIDE_TOPIC_MIN_INSYNC_REPLICAS", "2"));

    assertThat(settings).isEqualTo(new TopicSettings(6, Optional.of((short) 3), Optional.of(2)));
    assertThat(settings.topicConfigs())
        .containsExactlyEntriesOf(Map.of("min.insync.replicas", "2"));
    // Streams' changelogs and repartition topics alike
    assertThat(settings.streamsConfig())
        .containsOnly(
            Map.entry("replication.factor", 3), Map.entry("topic.min.insync.replicas", "2"));
  }

  @Test
  void aMinInsyncAboveTheReplicationIsRefusedNamingBoth() {
    assertThatThrownBy(
            () ->
                TopicSettings.fromEnv(
                    Map.of(
                        "BACKSTRIDE_TOPIC_REPLICATION", "2",
                        "BACKSTRIDE_TOPIC_MIN_INSYNC_REPLICAS", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BACKSTRIDE_TOPIC_MIN_INSYNC_REPLICAS must not exceed BACKSTRIDE_TOPIC_REPLICATION (2),"
                + " was '3'");
    assertThatThrownBy(() -> TopicSettings.fromEnv(Map.of("BACKSTRIDE_TOPIC_REPLICATION", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BACKSTRIDE_TOPIC_REPLICATION must be at least 1, was '0'");
    assertThatThrownBy(
            () -> TopicSettings.fromEnv(Map.of("BACKSTRIDE_TOPIC_MIN_INSYNC_REPLICAS", "two")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BACKSTRIDE_TOPIC_MIN_INSYNC_REPLICAS must be a whole number, was 'two'");
  }
}
