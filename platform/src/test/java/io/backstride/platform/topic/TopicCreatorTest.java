package io.backstride.platform.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** What the creator asks the broker for, per kind of topic, without a broker. */
class TopicCreatorTest {
  private final TopicCreator threePartitionsOneReplica =
      new TopicCreator(null, Optional.of(3), Optional.of((short) 1));

  @Test
  void eventTopicsAreDeletedByTheBrokersDefaultRetention() {
    assertThat(TopicCreator.configs(Topics.ACTIVITY_SAMPLES))
        .containsExactly(entry("cleanup.policy", "delete"));
    assertThat(TopicCreator.configs(Topics.INGEST_DEAD_LETTER))
        .containsExactly(entry("cleanup.policy", "delete"));
  }

  @Test
  void historyTopicsAreKeptUntilDeletedOnPurpose() {
    for (Topic<?> history :
        new Topic<?>[] {Topics.ATHLETE_TRENDS, Topics.BACK_PAIN_ALERTS, Topics.SYMPTOM_REPORTS}) {
      assertThat(TopicCreator.configs(history))
          .as(history.name())
          .containsOnly(entry("cleanup.policy", "delete"), entry("retention.ms", "-1"));
    }
  }

  @Test
  void latestValueTopicsAreCompacted() {
    assertThat(TopicCreator.configs(Topics.ATHLETE_PROFILES))
        .containsExactly(entry("cleanup.policy", "compact"));
    assertThat(TopicCreator.configs(Topics.ACTIVITY_SUMMARIES))
        .containsExactly(entry("cleanup.policy", "compact"));
  }

  @Test
  void theSentLogIsCompactedForgetsIdsAfterThirtyDaysAndHasOnePartition() {
    NewTopic sentLog = threePartitionsOneReplica.newTopic(Topics.NOTIFICATION_SENT_LOG);

    assertThat(sentLog.name()).isEqualTo("notification-sent-log.v1");
    assertThat(sentLog.numPartitions()).isEqualTo(1);
    assertThat(sentLog.configs())
        .containsOnly(
            entry("cleanup.policy", "compact,delete"),
            entry("retention.ms", String.valueOf(Duration.ofDays(30).toMillis())));
  }

  @Test
  void deploymentTopicsGetTheDeploymentsPartitionsAndReplication() {
    NewTopic samples = threePartitionsOneReplica.newTopic(Topics.ACTIVITY_SAMPLES);

    assertThat(samples.numPartitions()).isEqualTo(3);
    assertThat(samples.replicationFactor()).isEqualTo((short) 1);
  }

  @Test
  void aProductionClusterGetsReplicationAndMinInsyncReplicasOnEveryTopic() {
    TopicCreator cluster =
        new TopicCreator(null, new TopicSettings(6, Optional.of((short) 3), Optional.of(2)));

    NewTopic samples = cluster.newTopic(Topics.ACTIVITY_SAMPLES);
    NewTopic sentLog = cluster.newTopic(Topics.NOTIFICATION_SENT_LOG);

    assertThat(samples.numPartitions()).isEqualTo(6);
    assertThat(samples.replicationFactor()).isEqualTo((short) 3);
    assertThat(samples.configs())
        .containsOnly(entry("cleanup.policy", "delete"), entry("min.insync.replicas", "2"));
    assertThat(sentLog.numPartitions()).isEqualTo(1);
    assertThat(sentLog.replicationFactor()).isEqualTo((short) 3);
    assertThat(sentLog.configs()).contains(entry("min.insync.replicas", "2"));
  }

  @Test
  void leftUnsaidPartitionsAndReplicationAreTheBrokers() {
    NewTopic samples = TopicCreator.withBrokerDefaults(null).newTopic(Topics.ACTIVITY_SAMPLES);

    // -1 in a CreateTopics request: the broker's num.partitions and default.replication.factor
    assertThat(samples.numPartitions()).isEqualTo(-1);
    assertThat(samples.replicationFactor()).isEqualTo((short) -1);
  }

  @Test
  void everyPipelineTopicIsVersioned() {
    assertThat(Topics.ALL).extracting(Topic::name).allMatch(name -> name.matches(".+\\.v\\d+"));
    assertThat(Topics.ALL).contains(Topics.NOTIFICATION_SENT_LOG);
  }

  @Test
  void refusesPartitionsOrReplicationBelowOne() {
    assertThatThrownBy(() -> new TopicCreator(null, Optional.of(0), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partitions must be at least 1, was 0");
    assertThatThrownBy(() -> new TopicCreator(null, Optional.empty(), Optional.of((short) 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replication must be at least 1, was 0");
  }
}
