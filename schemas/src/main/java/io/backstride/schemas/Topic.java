package io.backstride.schemas;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Everything about one Kafka topic: its name, what its keys are, the type of its values, how many
 * partitions it has, and how long it keeps what it holds. The one topic creator (platform's {@code
 * TopicCreator}) reads the last three from here, so a new topic is one constant in {@link Topics}.
 *
 * @param name the topic name, kebab-case and versioned ({@code .v1})
 * @param key what the (string) keys are
 * @param valueType the Avro-generated class of the values, or {@code String} for the one topic of
 *     plain text ({@link Topics#NOTIFICATION_SENT_LOG})
 * @param partitions how many partitions the topic is created with
 * @param cleanup what the broker removes
 * @param retention how long records stay before the broker may delete them: empty for the broker's
 *     default ({@code log.retention.*}), {@link #FOREVER} for until deleted on purpose
 */
public record Topic<V>(
    String name,
    Key key,
    Class<V> valueType,
    Partitions partitions,
    Cleanup cleanup,
    Optional<Duration> retention) {

  /** Kept until deleted on purpose ({@code retention.ms=-1}). */
  public static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

  /** What a topic's keys are. Every key in backstride is a string. */
  public enum Key {
    /** The athlete id. */
    ATHLETE,
    /** {@code athleteId:activityId}: athlete ids never contain a colon. */
    ATHLETE_ACTIVITY,
    /** The alert id. */
    ALERT,
    /** The schema registry's own JSON key (subject, version), as Confluent's registry writes it. */
    REGISTRY_ENTRY
  }

  /** How many partitions a topic is created with. */
  public enum Partitions {
    /**
     * As many as the deployment says ({@code BACKSTRIDE_TOPIC_PARTITIONS}): the most instances of a
     * stage that can share the work.
     */
    DEPLOYMENT,
    /** One: every instance reads all of it, or the order across keys matters. */
    ONE
  }

  /** What the broker removes from a topic. */
  public enum Cleanup {
    /** Whole segments once older than the retention. */
    DELETE,
    /** Every value of a key but the latest; a {@code null} value (tombstone) removes the key. */
    COMPACT,
    /** Both: the latest value per key, and that too once older than the retention. */
    COMPACT_AND_DELETE
  }

  public Topic {
    if (cleanup == Cleanup.COMPACT && retention.isPresent()) {
      throw new IllegalArgumentException(
          name + ": a compacted topic keeps the latest values; retention needs COMPACT_AND_DELETE");
    }
  }

  /** Records in time order, kept as long as the broker keeps them by default. */
  public static <V> Topic<V> events(String name, Key key, Class<V> valueType) {
    return new Topic<>(
        name, key, valueType, Partitions.DEPLOYMENT, Cleanup.DELETE, Optional.empty());
  }

  /**
   * History that analysts read over months. Its records carry event times (a run from weeks ago),
   * so time-based retention would drop them early: kept until deleted on purpose.
   */
  public static <V> Topic<V> history(String name, Key key, Class<V> valueType) {
    return new Topic<>(
        name, key, valueType, Partitions.DEPLOYMENT, Cleanup.DELETE, Optional.of(FOREVER));
  }

  /** The latest value per key, kept. */
  public static <V> Topic<V> latest(String name, Key key, Class<V> valueType) {
    return new Topic<>(
        name, key, valueType, Partitions.DEPLOYMENT, Cleanup.COMPACT, Optional.empty());
  }

  /** Whether the topic keeps only the latest value per key. */
  public boolean compacted() {
    return cleanup != Cleanup.DELETE;
  }

  /** Whether the values are Avro records in the wire format, with a schema in the registry. */
  public boolean avro() {
    return SpecificRecord.class.isAssignableFrom(valueType);
  }

  /** The subject under which the value schema is registered (Confluent's TopicNameStrategy). */
  public String valueSubject() {
    return name + "-value";
  }
}
