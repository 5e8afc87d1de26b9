package io.backstride.cli;

import io.backstride.platform.KafkaConnection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells whether a stage of the pipeline has processed given records, from the offsets its consumer
 * group committed. Comparing with the topic's end offset would not do: after a transaction the end
 * offset counts the commit marker, which an exactly-once application never commits past.
 */
public final class PipelineProbe implements AutoCloseable {
  /** Consumer group of the training-load Streams application (its application id). */
  public static final String TRAINING_LOAD_GROUP = "backstride-training-load";

  /** Consumer group of the rules Streams application. */
  public static final String ALERTS_GROUP = "backstride-alerts";

  /** Consumer group of the email notifier. */
  public static final String NOTIFIER_GROUP = "backstride-notifier";

  private final Admin admin;

  public PipelineProbe(KafkaConnection kafka) {
    this.admin = Admin.create(kafka.adminConfig());
  }

  /**
   * True when {@code group} has committed past each of these offsets (the last record it must have
   * processed, per partition).
   */
  public boolean hasProcessed(String group, Map<TopicPartition, Long> lastOffsets) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      return lastOffsets.entrySet().stream()
          .allMatch(
              e -> {
                OffsetAndMetadata c = committed.get(e.getKey());
                return c != null && c.offset() > e.getValue();
              });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false; // the broker is busy: ask again
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
