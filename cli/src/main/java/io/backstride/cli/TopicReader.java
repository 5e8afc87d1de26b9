package io.backstride.cli;

import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topic;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the beginning, the way an analyst's consumer would (committed records
 * only, no group), and keeps reading as more arrives.
 */
public final class TopicReader<V extends SpecificRecord> implements AutoCloseable {
  private final KafkaConsumer<String, V> consumer;
  private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

  public TopicReader(KafkaConnection kafka, AvroSerdes avro, Topic<V> topic) {
    Properties p = kafka.consumerProperties();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), avro.value(topic).deserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
            .map(i -> new TopicPartition(i.topic(), i.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Reads what has arrived since the last call (waiting at most {@code wait}); returns all so far.
   */
  public List<ConsumerRecord<String, V>> poll(Duration wait) {
    consumer.poll(wait).forEach(seen::add);
    return List.copyOf(seen);
  }

  /** Reads until the current end of every partition; returns all records so far. */
  public List<ConsumerRecord<String, V>> readToEnd(Duration timeout) {
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline
        && end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
    }
    return List.copyOf(seen);
  }

  /** The offset of the last record seen on each partition that had any. */
  public Map<TopicPartition, Long> lastOffsets() {
    Map<TopicPartition, Long> last = new java.util.HashMap<>();
    for (ConsumerRecord<String, V> r : seen) {
      last.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::max);
    }
    return last;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
