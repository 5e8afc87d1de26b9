package io.backstride.platform;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A producer's send as a future of its acknowledgement. */
public final class Acks {

  /**
   * Sends {@code record} through {@code producer}. The future completes when the broker has
   * acknowledged it, and exceptionally with the broker's error, or with the refusal of {@code
   * send()} itself (a metadata timeout, a closed producer): this never throws.
   */
  public static <K, V> CompletableFuture<Void> send(
      Producer<K, V> producer, ProducerRecord<K, V> record) {
    CompletableFuture<Void> ack = new CompletableFuture<>();
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error == null) {
              ack.complete(null);
            } else {
              ack.completeExceptionally(error);
            }
          });
    } catch (RuntimeException e) {
      ack.completeExceptionally(e);
    }
    return ack;
  }

  private Acks() {}
}
