package io.backstride.platform.topic;

import io.backstride.platform.EnvValues;
import io.backstride.schemas.Topics;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Creates the pipeline's topics ({@link Topics#ALL}) where they are missing, through the {@link
 * TopicCreator}; existing ones are left as they are.
 */
public final class TopicAdmin {
  public static final String BOOTSTRAP = "BACKSTRIDE_KAFKA_BOOTSTRAP";
  public static final String PARTITIONS = "BACKSTRIDE_TOPIC_PARTITIONS";
  public static final String REPLICATION = "BACKSTRIDE_TOPIC_REPLICATION";

  /**
   * @param partitions partitions per topic: the most instances of a stage that can share the work
   * @param replicationFactor 1 on a single local broker, 3 on a real cluster
   */
  public static void ensureTopics(
      String bootstrapServers, int partitions, short replicationFactor) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000))) {
      new TopicCreator(admin, Optional.of(partitions), Optional.of(replicationFactor))
          .ensure(Topics.ALL);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("On " + bootstrapServers + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates the topics from environment variables: {@value #BOOTSTRAP} (localhost:9092), {@value
   * #PARTITIONS} (3), {@value #REPLICATION} (1). docker-compose runs it once before the services
   * start.
   */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    ensureTopics(
        EnvValues.text(env, BOOTSTRAP, "localhost:9092"),
        EnvValues.integer(env, PARTITIONS, 3),
        (short) EnvValues.integer(env, REPLICATION, 1));
  }

  private TopicAdmin() {}
}
