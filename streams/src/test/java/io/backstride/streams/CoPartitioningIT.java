package io.backstride.streams;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** On a broker of its own: the shared one has the pipeline's topics, created alike. */
class CoPartitioningIT {

  @Test
  void theServiceRefusesTopicsThatCannotMeetPartitionByPartition() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(null);
        Admin admin =
            Admin.create(
                Map.<String, Object>of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin
          .createTopics(List.of(new NewTopic(Topics.ACTIVITY_SUMMARIES.name(), 3, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      assertThatCode(
              () -> CoPartitioning.require(KafkaConnection.plaintext(broker.bootstrapServers())))
          .as("profiles not created yet: left to Kafka Streams")
          .doesNotThrowAnyException();

      admin
          .createTopics(List.of(new NewTopic(Topics.ATHLETE_PROFILES.name(), 2, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);

      assertThatThrownBy(
              () -> CoPartitioning.require(KafkaConnection.plaintext(broker.bootstrapServers())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has 3 partitions")
          .hasMessageContaining("has 2");
    }
  }
}
