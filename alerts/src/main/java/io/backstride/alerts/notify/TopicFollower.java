package io.backstride.alerts.notify;

import io.backstride.schemas.Topic;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic from its beginning on a thread of its own, without a group or
 * commits, and hands each record (not tombstones) to the reader that keeps what it needs in memory
 * ({@link TrendHistory}, {@link SymptomNotes}). After each poll it wakes whoever waits on {@code
 * monitor} for a record to arrive.
 */
final class TopicFollower<V extends SpecificRecord> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

  private final Topic<V> topic;
  private final KafkaConsumer<String, V> consumer;
  private final BiConsumer<String, V> onRecord;
  private final Object monitor;
  private final String whatIsLost;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param name the thread's name; the client id is {@code notifier-<name>}
   * @param whatIsLost what stops working when the reader dies, for the one log line that says so
   */
  TopicFollower(
      String bootstrapServers,
      AvroSerdes avro,
      Topic<V> topic,
      String name,
      BiConsumer<String, V> onRecord,
      Object monitor,
      String whatIsLost) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // only what the pipeline committed: a transaction that aborts is never shown to an athlete
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "notifier-" + name);
    this.topic = topic;
    this.consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), avro.value(topic).deserializer());
    this.onRecord = onRecord;
    this.monitor = monitor;
    this.whatIsLost = whatIsLost;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try {
      List<TopicPartition> partitions = awaitPartitions();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(100))) {
          if (r.value() != null) {
            onRecord.accept(r.key(), r.value());
          }
        }
        synchronized (monitor) {
          monitor.notifyAll();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("{} stopped: {}", thread.getName(), whatIsLost, e);
    }
  }

  private List<TopicPartition> awaitPartitions() {
    while (running) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(5));
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      }
    }
    throw new WakeupException();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}
