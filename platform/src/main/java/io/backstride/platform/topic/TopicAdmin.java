package io.backstride.platform.topic;

import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Creates the pipeline's topics where they are missing; existing ones are left as they are. */
public final class TopicAdmin {

  /**
   * @param partitions partitions per topic: the most instances of a stage that can share the work
   * @param replicationFactor 1 on a single local broker, 3 on a real cluster
   */
  public static void ensureTopics(
      String bootstrapServers, int partitions, short replicationFactor) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          Topics.ALL.stream()
              .filter(t -> !existing.contains(t.name()))
              .map(t -> new NewTopic(t.name(), partitions, replicationFactor).configs(configs(t)))
              .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Cannot create the topics on " + bootstrapServers + ": " + e.getMessage(), e);
    }
  }

  /**
   * Compacted topics keep the latest value per key; trends, alerts and symptom reports are history
   * that analysts read over months, and their records carry event times (a run from weeks ago), so
   * time-based retention would drop them early: they are kept until deleted on purpose.
   */
  static Map<String, String> configs(Topic<?> t) {
    if (t.compacted()) {
      return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
    boolean history =
        t.equals(Topics.ATHLETE_TRENDS)
            || t.equals(Topics.BACK_PAIN_ALERTS)
            || t.equals(Topics.SYMPTOM_REPORTS);
    return history
        ? Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG,
            "-1")
        : Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
  }

  /**
   * Creates the topics from environment variables: {@code BACKSTRIDE_KAFKA_BOOTSTRAP}, {@code
   * BACKSTRIDE_TOPIC_PARTITIONS} (3), {@code BACKSTRIDE_TOPIC_REPLICATION} (1). docker-compose runs
   * it once before the services start.
   */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    ensureTopics(
        env.getOrDefault("BACKSTRIDE_KAFKA_BOOTSTRAP", "localhost:9092"),
        Integer.parseInt(env.getOrDefault("BACKSTRIDE_TOPIC_PARTITIONS", "3")),
        Short.parseShort(env.getOrDefault("BACKSTRIDE_TOPIC_REPLICATION", "1")));
  }

  private TopicAdmin() {}
}
