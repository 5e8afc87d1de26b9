package io.backstride.platform.topic;

import io.backstride.platform.EnvValues;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What the deployment decides about the topics backstride creates, its pipeline topics and the
 * Streams applications' internal ones alike. Unset, each is the broker's ({@code num.partitions}
 * aside: {@value #DEFAULT_PARTITIONS}), so that one local node and a cluster run the same code; a
 * 3-broker cluster wants replication 3 and min.insync.replicas 2 (README, Production settings).
 *
 * @param partitions {@value #PARTITIONS}: partitions of a topic whose count the deployment decides
 * @param replication {@value #REPLICATION}: replicas of every partition; empty: the broker's {@code
 *     default.replication.factor}
 * @param minInsyncReplicas {@value #MIN_INSYNC_REPLICAS}: replicas that must have a write before it
 *     is acknowledged ({@code acks=all}); empty: the broker's {@code min.insync.replicas}
 */
public record TopicSettings(
    int partitions, Optional<Short> replication, Optional<Integer> minInsyncReplicas) {
  public static final String PARTITIONS = "BACKSTRIDE_TOPIC_PARTITIONS";
  public static final String REPLICATION = "BACKSTRIDE_TOPIC_REPLICATION";
  public static final String MIN_INSYNC_REPLICAS = "BACKSTRIDE_TOPIC_MIN_INSYNC_REPLICAS";
  public static final int DEFAULT_PARTITIONS = 3;

  /** Three partitions, replication and min.insync.replicas as the broker has them. */
  public static final TopicSettings BROKER_DEFAULTS =
      new TopicSettings(DEFAULT_PARTITIONS, Optional.empty(), Optional.empty());

  /** {@code partitions} partitions of {@code replication} replicas, the broker's min.insync. */
  public static TopicSettings of(int partitions, int replication) {
    return new TopicSettings(partitions, Optional.of((short) replication), Optional.empty());
  }

  public TopicSettings {
    if (partitions < 1) {
      throw new IllegalArgumentException(
          PARTITIONS + " must be at least 1, was '" + partitions + "'");
    }
    replication.ifPresent(
        r -> {
          if (r < 1) {
            throw new IllegalArgumentException(
                REPLICATION + " must be at least 1, was '" + r + "'");
          }
        });
    minInsyncReplicas.ifPresent(
        m -> {
          if (m < 1) {
            throw new IllegalArgumentException(
                MIN_INSYNC_REPLICAS + " must be at least 1, was '" + m + "'");
          }
          if (replication.isPresent() && m > replication.get()) {
            // every acks=all write would fail with NotEnoughReplicas
            throw new IllegalArgumentException(
                MIN_INSYNC_REPLICAS
                    + " must not exceed "
                    + REPLICATION
                    + " ("
                    + replication.get()
                    + "), was '"
                    + m
                    + "'");
          }
        });
  }

  /** From {@value #PARTITIONS}, {@value #REPLICATION} and {@value #MIN_INSYNC_REPLICAS}. */
  public static TopicSettings fromEnv(Map<String, String> env) {
    String replication = EnvValues.text(env, REPLICATION, null);
    String minInsync = EnvValues.text(env, MIN_INSYNC_REPLICAS, null);
    return new TopicSettings(
        EnvValues.integer(env, PARTITIONS, DEFAULT_PARTITIONS),
        replication == null
            ? Optional.empty()
            : Optional.of(shortValue(REPLICATION, EnvValues.integer(env, REPLICATION, 1))),
        minInsync == null
            ? Optional.empty()
            : Optional.of(EnvValues.integer(env, MIN_INSYNC_REPLICAS, 1)));
  }

  private static short shortValue(String name, int value) {
    if (value > Short.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be below 32768, was '" + value + "'");
    }
    return (short) value;
  }

  /** The topic-level configs every created topic carries besides its own retention and cleanup. */
  public Map<String, String> topicConfigs() {
    Map<String, String> configs = new HashMap<>();
    minInsyncReplicas.ifPresent(
        m -> configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(m)));
    return Map.copyOf(configs);
  }

  /**
   * The Streams settings that make its internal topics (changelogs, repartition topics) replicated
   * like the pipeline's: {@code replication.factor}, and {@code min.insync.replicas} through the
   * {@code topic.} prefix.
   */
  public Map<String, Object> streamsConfig() {
    Map<String, Object> config = new HashMap<>();
    replication.ifPresent(r -> config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) r));
    minInsyncReplicas.ifPresent(
        m ->
            config.put(
                StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                String.valueOf(m)));
    return config;
  }
}
