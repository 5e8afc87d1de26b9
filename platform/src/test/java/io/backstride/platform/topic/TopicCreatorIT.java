package io.backstride.platform.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** The creator against the in-process broker: what the broker ends up with, and a second call. */
class TopicCreatorIT {
  private static final String BOOTSTRAP = EmbeddedKafkaBroker.shared().bootstrapServers();

  @Test
  void createsWhatIsMissingWithTheTopicsSettingsAndLeavesWhatExists() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Topic<String> history =
        Topic.history("creator-it-history-" + run, Topic.Key.ATHLETE, String.class);
    Topic<String> sentLog =
        new Topic<>(
            "creator-it-sent-" + run,
            Topics.NOTIFICATION_SENT_LOG.key(),
            String.class,
            Topics.NOTIFICATION_SENT_LOG.partitions(),
            Topics.NOTIFICATION_SENT_LOG.cleanup(),
            Topics.NOTIFICATION_SENT_LOG.retention());
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
      TopicCreator creator = new TopicCreator(admin, Optional.of(3), Optional.of((short) 1));

      assertThat(creator.ensure(List.of(history, sentLog)))
          .containsExactlyInAnyOrder(history.name(), sentLog.name());
      assertThat(creator.ensure(List.of(history, sentLog))).isEmpty();

      Map<String, TopicDescription> described =
          admin
              .describeTopics(List.of(history.name(), sentLog.name()))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS);
      assertThat(described.get(history.name()).partitions()).hasSize(3);
      assertThat(described.get(sentLog.name()).partitions()).hasSize(1);
      assertThat(config(admin, history.name(), "retention.ms")).isEqualTo("-1");
      assertThat(config(admin, sentLog.name(), "cleanup.policy")).isEqualTo("compact,delete");
      assertThat(config(admin, sentLog.name(), "retention.ms")).isEqualTo("2592000000");
    }
  }

  private static String config(Admin admin, String topic, String name) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config =
        admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    return config.get(name).value();
  }
}
