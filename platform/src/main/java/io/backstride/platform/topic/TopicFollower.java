package io.backstride.platform.topic;

import io.backstride.platform.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of its topics from the beginning into memory, on a thread of its own: the
 * one topic-to-memory reader behind the profile cache, the notifier's trend history, symptom notes
 * and sent log. No consumer group and no commits: every instance needs every key, and memory is
 * rebuilt from the topic at each start.
 *
 * <p>It is handed its {@link Consumer} (built with {@link #consumerConfig}) and owns it from then
 * on; the consumer is used by the follower's thread alone, except for {@link Consumer#wakeup},
 * which is how a caller asks for the topics' current end. Each record goes to the {@link Sink}: a
 * value to {@link Sink#put}, a {@code null} value (a tombstone) to {@link Sink#remove}; a record
 * without a key is skipped, since every backstride topic is keyed and there is nothing to file it
 * under.
 *
 * <p>{@link #awaitCaughtUp} is read-your-writes: it waits until the follower has handed on
 * everything the topics held when it was called, so a read that follows an acknowledged write sees
 * that write.
 *
 * @param <V> the value type
 */
public final class TopicFollower<V> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration ASK = Duration.ofSeconds(5);
  private static final Duration NOT_THERE_YET = Duration.ofMillis(100);
  private static final Duration FETCH_MAX_WAIT = Duration.ofMillis(50);

  /** Where the follower puts what it reads. Called on the follower's thread, in offset order. */
  public interface Sink<V> {
    void put(String key, V value);

    /** The key's value was deleted (a tombstone). */
    default void remove(String key) {}
  }

  private final String name;
  private final Consumer<String, V> consumer;
  private final List<String> topics;
  private final Sink<V> sink;
  private final String whatIsLost;
  private final Thread thread;
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  private final Queue<EndRequest> asked = new ConcurrentLinkedQueue<>();
  private final Object progress = new Object();
  private volatile boolean running = true;
  private volatile boolean stopped;

  /**
   * A follower of {@code topics}, not yet started.
   *
   * @param name the thread's name
   * @param whatIsLost what stops working when the follower dies, for the one log line that says so
   */
  public TopicFollower(
      String name,
      Consumer<String, V> consumer,
      List<String> topics,
      Sink<V> sink,
      String whatIsLost) {
    if (topics.isEmpty()) {
      throw new IllegalArgumentException(name + ": no topic to follow");
    }
    this.name = name;
    this.consumer = consumer;
    this.topics = List.copyOf(topics);
    this.sink = sink;
    this.whatIsLost = whatIsLost;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  /**
   * Consumer settings for a follower: only what producers committed (an aborted transaction must
   * never show as the latest value), no group, no commits, and a fetch that waits at the broker
   * well under the follower's own poll. The broker answers one request per connection at a time, so
   * the end-offsets request of {@link #awaitCaughtUp} queues behind a fetch still waiting for data:
   * with Kafka's default 500 ms wait every read-your-writes lookup on a quiet topic took 200-580 ms
   * (the pages' profile lookup, the notifier's one per email; BENCHMARKS.md).
   */
  public static Properties consumerConfig(KafkaConnection kafka, String clientId) {
    Properties p = kafka.consumerProperties();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) FETCH_MAX_WAIT.toMillis());
    return p;
  }

  /** Starts reading from the beginning; returns this follower. */
  public TopicFollower<V> start() {
    thread.start();
    return this;
  }

  /**
   * Waits at most {@code wait} until everything the topics held at this call has gone to the sink.
   * Not the case while a topic does not exist.
   *
   * @return whether it got there; false when the wait ran out, the end could not be asked for, or
   *     the follower has stopped
   */
  public boolean awaitCaughtUp(Duration wait) {
    EndRequest request = new EndRequest();
    asked.add(request);
    consumer.wakeup(); // out of its poll, to ask for the end now rather than after it
    return awaitUntil(() -> request.answered && reached(request.ends), wait)
        && request.ends != null;
  }

  /**
   * Waits at most {@code wait} until {@code condition} holds, testing it again after each poll.
   *
   * @return whether it holds
   */
  public boolean awaitUntil(BooleanSupplier condition, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (progress) {
      while (!condition.getAsBoolean()) {
        long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (leftMs <= 0 || stopped) {
          return false;
        }
        try {
          progress.wait(Math.min(leftMs, 50));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    return ends == null
        || ends.entrySet().stream()
            .allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  private void run() {
    try {
      List<TopicPartition> partitions = awaitPartitions();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running) {
        try {
          answerEndRequests(partitions);
          for (ConsumerRecord<String, V> r : consumer.poll(POLL)) {
            hand(r);
          }
          for (TopicPartition tp : partitions) {
            positions.put(tp, consumer.position(tp));
          }
        } catch (WakeupException e) {
          if (!running) {
            throw e;
          }
          // a caller asked for the end: answered at the top of the loop
        }
        wakeWaiters();
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("{} stopped: {}", name, whatIsLost, e);
    } finally {
      stopped = true;
      wakeWaiters();
    }
  }

  /** Decides what a record means to the sink. */
  void hand(ConsumerRecord<String, V> r) {
    if (r.key() == null) {
      return; // every backstride topic is keyed: nothing to file a keyless record under
    }
    if (r.value() == null) {
      sink.remove(r.key());
    } else {
      sink.put(r.key(), r.value());
    }
  }

  /** Gives every pending request the end offsets as of now, which is after it was made. */
  private void answerEndRequests(List<TopicPartition> partitions) {
    if (asked.isEmpty()) {
      return;
    }
    List<EndRequest> batch = new ArrayList<>();
    for (EndRequest r; (r = asked.poll()) != null; ) {
      batch.add(r);
    }
    Map<TopicPartition, Long> ends;
    try {
      ends = consumer.endOffsets(partitions, ASK);
    } catch (WakeupException e) {
      asked.addAll(batch); // woken by a newer request: ask again for all of them
      throw e;
    } catch (TimeoutException e) {
      LOG.warn("{}: cannot read the end of {}: answering from what is read so far", name, topics);
      batch.forEach(r -> r.answer(null));
      return;
    }
    batch.forEach(r -> r.answer(Map.copyOf(ends)));
    wakeWaiters(); // a request whose end is already reached is done now, not after the next poll
  }

  /**
   * The topics' partitions, waiting for every topic to exist: a follower may start before its
   * topics are made. A caller asking for the end meanwhile waits: a topic made a moment ago may not
   * be in the consumer's metadata yet, so "not there" cannot be told from "not there yet".
   */
  private List<TopicPartition> awaitPartitions() {
    while (running) {
      List<TopicPartition> found = new ArrayList<>();
      try {
        for (String topic : topics) {
          List<PartitionInfo> infos = consumer.partitionsFor(topic, ASK);
          if (infos != null) {
            infos.forEach(i -> found.add(new TopicPartition(i.topic(), i.partition())));
          }
        }
      } catch (TimeoutException e) {
        continue; // no broker yet: keep asking until there is one or the follower is closed
      } catch (WakeupException e) {
        if (!running) {
          throw e;
        }
      }
      if (found.stream().map(TopicPartition::topic).distinct().count() == topics.size()) {
        return found;
      }
      // not there yet: ask again shortly rather than in a tight loop of metadata requests
      LockSupport.parkNanos(NOT_THERE_YET.toNanos());
    }
    throw new WakeupException();
  }

  private void wakeWaiters() {
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /** Stops the thread and closes the consumer. */
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
  }

  /** A caller's question "where do the topics end now?", answered by the follower's thread. */
  private static final class EndRequest {
    private volatile Map<TopicPartition, Long> ends;
    private volatile boolean answered;

    void answer(Map<TopicPartition, Long> answer) {
      ends = answer;
      answered = true;
    }
  }
}
