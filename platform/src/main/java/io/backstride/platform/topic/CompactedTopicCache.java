package io.backstride.platform.topic;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest value per key of a compacted topic, read into memory from the beginning by a thread of
 * its own (no consumer group: every instance needs every key, so it assigns itself every
 * partition). A {@code null} value (a tombstone) removes its key.
 *
 * <p>{@link #lookup} is read-your-writes: it first waits until the cache has read up to the end
 * offsets the topic had when it was called, so a lookup that follows an acknowledged write sees
 * that write.
 *
 * @param <V> the value type
 */
public final class CompactedTopicCache<V> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicCache.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long ADMIN_TIMEOUT_MS = 5_000;

  private final String topic;
  private final KafkaConsumer<String, V> consumer;
  private final Admin admin;
  private final ConcurrentMap<String, V> values = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  private final Object progress = new Object();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * A cache of {@code topic}, not yet started.
   *
   * @param values deserializes the values; this cache then owns it
   */
  public CompactedTopicCache(String bootstrapServers, String topic, Deserializer<V> values) {
    this.topic = topic;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // Only what producers committed: an aborted transaction must not appear as the latest value.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "cache-" + topic);
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), values);
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    this.thread = new Thread(this::run, "cache-" + topic);
    thread.setDaemon(true);
  }

  /** Starts reading from the beginning of the topic; returns this cache. */
  public CompactedTopicCache<V> start() {
    thread.start();
    return this;
  }

  /**
   * The latest value of {@code key}, after waiting at most {@code wait} for the cache to reach the
   * topic's end as of this call. When the wait runs out (or the end cannot be asked for), the
   * answer is what has been read so far: possibly stale, never blocking longer.
   */
  public Optional<V> lookup(String key, Duration wait) {
    awaitCaughtUp(endOffsets(), wait);
    return Optional.ofNullable(values.get(key));
  }

  /** Whether the cache has read at least up to the topic's current end. */
  public boolean caughtUp() {
    Map<TopicPartition, Long> ends = endOffsets();
    return !ends.isEmpty() && caughtUp(ends);
  }

  /** The number of keys held. */
  public int size() {
    return values.size();
  }

  private void awaitCaughtUp(Map<TopicPartition, Long> target, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (progress) {
      while (!caughtUp(target)) {
        long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (leftMs <= 0) {
          return;
        }
        try {
          progress.wait(Math.min(leftMs, 50));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private boolean caughtUp(Map<TopicPartition, Long> target) {
    return target.entrySet().stream()
        .allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  private Map<TopicPartition, Long> endOffsets() {
    try {
      List<Integer> partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
              .get(topic)
              .partitions()
              .stream()
              .map(info -> info.partition())
              .toList();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      partitions.forEach(p -> latest.put(new TopicPartition(topic, p), OffsetSpec.latest()));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .forEach((tp, info) -> ends.put(tp, info.offset()));
      return ends;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("cannot read the end of {}: answering from what is read so far", topic, e);
      return Map.of();
    }
  }

  private void run() {
    try {
      List<TopicPartition> partitions = awaitPartitions();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running) {
        for (ConsumerRecord<String, V> r : consumer.poll(POLL)) {
          if (r.key() == null) {
            continue; // a compacted topic cannot hold keyless records; nothing to index them by
          }
          if (r.value() == null) {
            values.remove(r.key());
          } else {
            values.put(r.key(), r.value());
          }
        }
        for (TopicPartition tp : partitions) {
          positions.put(tp, consumer.position(tp));
        }
        synchronized (progress) {
          progress.notifyAll();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("cache of {} stopped", topic, e);
    }
  }

  /** The topic's partitions, waiting for the topic to exist: the cache may start before it. */
  private List<TopicPartition> awaitPartitions() {
    while (running) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      } catch (TimeoutException e) {
        continue; // no broker yet: keep asking until there is one or the cache is closed
      }
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      }
    }
    throw new WakeupException();
  }

  /** Stops the thread and closes the consumer and admin client. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      consumer.close(Duration.ofSeconds(5));
    }
    admin.close(Duration.ofSeconds(5));
  }
}
