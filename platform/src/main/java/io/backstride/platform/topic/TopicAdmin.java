package io.backstride.platform.topic;

import io.backstride.platform.CommonSettings;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topics;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Creates the pipeline's topics ({@link Topics#ALL}) where they are missing, through the {@link
 * TopicCreator}; existing ones are left as they are.
 */
public final class TopicAdmin {
  public static final String BOOTSTRAP = KafkaConnection.BOOTSTRAP;
  public static final String PARTITIONS = TopicSettings.PARTITIONS;
  public static final String REPLICATION = TopicSettings.REPLICATION;
  public static final String MIN_INSYNC_REPLICAS = TopicSettings.MIN_INSYNC_REPLICAS;

  /**
   * @param kafka where, and with which client properties
   * @param topics partitions per topic (the most instances of a stage that can share the work),
   *     replication (1 on a single local broker, 3 on a real cluster) and min.insync.replicas
   */
  public static void ensureTopics(KafkaConnection kafka, TopicSettings topics) {
    Map<String, Object> config = kafka.adminConfig();
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    try (Admin admin = Admin.create(config)) {
      new TopicCreator(admin, topics).ensure(Topics.ALL);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "On " + kafka.bootstrapServers() + ": " + kafka.hideSecrets(e.getMessage()), e);
    }
  }

  /**
   * Creates the topics from environment variables: the Kafka connection as every service reads it
   * ({@link CommonSettings}), {@value #PARTITIONS} (3), {@value #REPLICATION} and {@value
   * #MIN_INSYNC_REPLICAS} (the broker's defaults). docker-compose runs it once before the services
   * start.
   */
  public static void main(String[] args) {
    CommonSettings settings = CommonSettings.fromEnv(System.getenv());
    settings.kafka().checkAccepted(java.time.Duration.ofSeconds(10));
    ensureTopics(settings.kafka(), settings.topics());
  }

  private TopicAdmin() {}
}
