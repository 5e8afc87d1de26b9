package io.backstride.platform.topic;

import io.backstride.schemas.Topic;
import io.backstride.schemas.Topic.Partitions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The one place that creates topics: each {@link Topic} where it is missing, with the partitions,
 * cleanup policy and retention the topic says; a topic that exists is left as it is. Two creators
 * racing (two notifiers starting, say) are fine: the loser finds the topic there.
 *
 * <p>It is handed its {@link Admin} and does not close it. What the topic does not say is the
 * deployment's: how many partitions a {@link Partitions#DEPLOYMENT} topic gets, and the replication
 * factor. Either may be left to the broker ({@code num.partitions}, {@code
 * default.replication.factor}), so that the same code serves one local node and a cluster.
 */
public final class TopicCreator {
  private static final long TIMEOUT_SECONDS = 30;

  private final Admin admin;
  private final Optional<Integer> partitions;
  private final Optional<Short> replication;
  private final Map<String, String> deploymentConfigs;

  /**
   * A creator of topics as {@code settings} says (partitions, replication, min.insync.replicas).
   */
  public TopicCreator(Admin admin, TopicSettings settings) {
    this(
        admin, Optional.of(settings.partitions()), settings.replication(), settings.topicConfigs());
  }

  /**
   * @param partitions partitions of a {@link Partitions#DEPLOYMENT} topic; empty: the broker's
   *     default
   * @param replication the replication factor; empty: the broker's default
   */
  public TopicCreator(Admin admin, Optional<Integer> partitions, Optional<Short> replication) {
    this(admin, partitions, replication, Map.of());
  }

  private TopicCreator(
      Admin admin,
      Optional<Integer> partitions,
      Optional<Short> replication,
      Map<String, String> deploymentConfigs) {
    partitions.ifPresent(
        n -> {
          if (n < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + n);
          }
        });
    replication.ifPresent(
        n -> {
          if (n < 1) {
            throw new IllegalArgumentException("replication must be at least 1, was " + n);
          }
        });
    this.admin = admin;
    this.partitions = partitions;
    this.replication = replication;
    this.deploymentConfigs = Map.copyOf(deploymentConfigs);
  }

  /** A creator that leaves partitions and replication to the broker's defaults. */
  public static TopicCreator withBrokerDefaults(Admin admin) {
    return new TopicCreator(admin, Optional.empty(), Optional.empty());
  }

  /**
   * Creates those of {@code topics} that do not exist yet.
   *
   * @return the names of the topics this call created
   * @throws IllegalStateException when the broker cannot be asked or refuses a topic
   */
  public List<String> ensure(List<? extends Topic<?>> topics) {
    try {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<NewTopic> missing =
          topics.stream().filter(t -> !existing.contains(t.name())).map(this::newTopic).toList();
      if (!missing.isEmpty()) {
        for (var created : admin.createTopics(missing).values().values()) {
          try {
            created.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
              throw e;
            }
            // made by someone else since the listing: what this call wanted
          }
        }
      }
      return missing.stream().map(NewTopic::name).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Cannot create the topics " + names(topics) + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Cannot create the topics " + names(topics) + ": no answer in " + TIMEOUT_SECONDS + " s",
          e);
    }
  }

  /** The topic as the broker is asked to create it. */
  NewTopic newTopic(Topic<?> topic) {
    Optional<Integer> count =
        topic.partitions() == Partitions.ONE ? Optional.of(1) : this.partitions;
    Map<String, String> configs = new HashMap<>(deploymentConfigs);
    configs.putAll(configs(topic));
    return new NewTopic(topic.name(), count, replication).configs(configs);
  }

  /** The topic-level settings that say what the broker removes, and when. */
  static Map<String, String> configs(Topic<?> topic) {
    Map<String, String> configs = new HashMap<>();
    configs.put(
        TopicConfig.CLEANUP_POLICY_CONFIG,
        switch (topic.cleanup()) {
          case DELETE -> TopicConfig.CLEANUP_POLICY_DELETE;
          case COMPACT -> TopicConfig.CLEANUP_POLICY_COMPACT;
          case COMPACT_AND_DELETE ->
              TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE;
        });
    topic.retention().ifPresent(r -> configs.put(TopicConfig.RETENTION_MS_CONFIG, retentionMs(r)));
    return Map.copyOf(configs);
  }

  private static String retentionMs(Duration retention) {
    return retention.equals(Topic.FOREVER) ? "-1" : String.valueOf(retention.toMillis());
  }

  private static List<String> names(List<? extends Topic<?>> topics) {
    return topics.stream().map(Topic::name).toList();
  }
}
