package io.backstride.platform.topic;

import io.backstride.platform.KafkaConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The latest value per key of a compacted topic, in memory, kept by a {@link TopicFollower}. A
 * tombstone removes its key. {@link #lookup} is read-your-writes: a lookup that follows an
 * acknowledged write sees that write.
 *
 * @param <V> the value type
 */
public final class CompactedTopicCache<V> implements AutoCloseable {
  private final ConcurrentMap<String, V> values = new ConcurrentHashMap<>();
  private final TopicFollower<V> follower;

  /**
   * A cache of {@code topic}, not yet started.
   *
   * @param values deserializes the values; this cache then owns it
   */
  public CompactedTopicCache(KafkaConnection kafka, String topic, Deserializer<V> values) {
    this(
        topic,
        new KafkaConsumer<>(
            TopicFollower.consumerConfig(kafka, "cache-" + topic),
            new StringDeserializer(),
            values));
  }

  /** A cache of {@code topic} read through {@code consumer}, which it then owns. */
  public CompactedTopicCache(String topic, Consumer<String, V> consumer) {
    this.follower =
        new TopicFollower<>(
            "cache-" + topic,
            consumer,
            List.of(topic),
            new TopicFollower.Sink<>() {
              @Override
              public void put(String key, V value) {
                values.put(key, value);
              }

              @Override
              public void remove(String key) {
                values.remove(key);
              }
            },
            "lookups of " + topic + " answer from what was read before");
  }

  /** Starts reading from the beginning of the topic; returns this cache. */
  public CompactedTopicCache<V> start() {
    follower.start();
    return this;
  }

  /**
   * The latest value of {@code key}, after waiting at most {@code wait} for the cache to reach the
   * topic's end as of this call. When the wait runs out (or the end cannot be asked for), the
   * answer is what has been read so far: possibly stale, never blocking longer.
   */
  public Optional<V> lookup(String key, Duration wait) {
    follower.awaitCaughtUp(wait);
    return Optional.ofNullable(values.get(key));
  }

  /** Whether the cache reaches the topic's end as of this call within {@code wait}. */
  public boolean awaitCaughtUp(Duration wait) {
    return follower.awaitCaughtUp(wait);
  }

  /** The number of keys held. */
  public int size() {
    return values.size();
  }

  /** Stops reading and closes the consumer. */
  @Override
  public void close() {
    follower.close();
  }
}
