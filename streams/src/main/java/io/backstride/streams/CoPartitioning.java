package io.backstride.streams;

import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The athlete-load processor reads {@code activity-summaries.v1} and {@code athlete-profiles.v1}
 * into one task per partition number, so an athlete's summaries and profile meet only if both
 * topics have the same number of partitions. Kafka Streams checks that for joins, not for a merge,
 * so the service checks it before it starts: with different counts it would quietly count athletes
 * in the wrong zone.
 */
final class CoPartitioning {
  static final List<String> TOPICS =
      List.of(Topics.ACTIVITY_SUMMARIES.name(), Topics.ATHLETE_PROFILES.name());

  /** What is wrong with these partition counts, if anything; topics not there yet are skipped. */
  static Optional<String> problem(Map<String, Integer> partitions) {
    Integer summaries = partitions.get(Topics.ACTIVITY_SUMMARIES.name());
    Integer profiles = partitions.get(Topics.ATHLETE_PROFILES.name());
    if (summaries == null || profiles == null || summaries.equals(profiles)) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            "%s has %d partitions and %s has %d: they must have the same number, because an"
                + " athlete's summaries and profile are joined partition by partition",
            Topics.ACTIVITY_SUMMARIES.name(), summaries, Topics.ATHLETE_PROFILES.name(), profiles));
  }

  /** Fails with the reason when the two topics on {@code kafka} differ. */
  static void require(KafkaConnection kafka) {
    String bootstrapServers = kafka.bootstrapServers();
    Properties props = kafka.adminProperties();
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    Map<String, Integer> partitions = new java.util.HashMap<>();
    try (Admin admin = Admin.create(props)) {
      for (String topic : TOPICS) {
        try {
          TopicDescription d =
              admin
                  .describeTopics(List.of(topic))
                  .allTopicNames()
                  .get(30, TimeUnit.SECONDS)
                  .get(topic);
          partitions.put(topic, d.partitions().size());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
            throw new IllegalStateException(
                "cannot describe "
                    + topic
                    + " on "
                    + bootstrapServers
                    + ": "
                    + kafka.hideSecrets(String.valueOf(e.getCause())),
                e);
          }
          // not created yet: Kafka Streams reports a missing source topic itself
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot describe the topics on " + bootstrapServers, e);
    }
    problem(partitions)
        .ifPresent(
            reason -> {
              throw new IllegalStateException(reason);
            });
  }

  private CoPartitioning() {}
}
