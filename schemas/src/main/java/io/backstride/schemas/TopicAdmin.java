package io.backstride.schemas;

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
              .map(
                  t ->
                      new NewTopic(t.name(), partitions, replicationFactor)
                          .configs(
                              Map.of(
                                  TopicConfig.CLEANUP_POLICY_CONFIG,
                                  t.compacted()
                                      ? TopicConfig.CLEANUP_POLICY_COMPACT
                                      : TopicConfig.CLEANUP_POLICY_DELETE)))
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

  private TopicAdmin() {}
}
