package io.backstride.ingest;

import io.backstride.avro.AthleteProfile;
import io.backstride.avro.SampleBatch;
import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes to {@code activity-samples.v1} (sample batches) and {@code athlete-profiles.v1}
 * (profiles), keyed by athlete id so that one athlete's records stay in one partition, in order.
 *
 * <p>One idempotent producer with {@code acks=all} serves both topics; it carries bytes and the
 * values are serialized here with the registry's serdes, because one producer can have only one
 * value serializer. Serializing before {@code send} also means that a registry outage fails the
 * future instead of surfacing on the producer's I/O thread.
 *
 * <p>The record timestamp is left to the producer (upload time), not set to the samples' time: the
 * event time travels inside the value for the streams stage to extract, while a years-old record
 * timestamp would let the topic's time-based retention delete a history import before it is read,
 * and brokers refuse timestamps more than an hour ahead (a watch with a wrong clock).
 *
 * <p>The batches of an activity are not written atomically: if some are acknowledged and one fails,
 * the caller gets a failure and uploads again, and the deterministic activity id and batch numbers
 * let the streams stage replace the partial activity rather than add to it.
 */
public final class KafkaActivityPublisher implements ActivityPublisher, AutoCloseable {
  private final Producer<String, byte[]> producer;
  private final Serializer<SampleBatch> batchSerializer;
  private final Serializer<AthleteProfile> profileSerializer;

  /** Publishes through {@code producer}, which this publisher then owns and closes. */
  public KafkaActivityPublisher(Producer<String, byte[]> producer, AvroSerdes serdes) {
    this.producer = producer;
    this.batchSerializer = serdes.value(Topics.ACTIVITY_SAMPLES).serializer();
    this.profileSerializer = serdes.value(Topics.ATHLETE_PROFILES).serializer();
  }

  /**
   * A publisher with its own producer.
   *
   * @param maxBlock how long {@code send} may block on metadata or a full buffer; keep it within
   *     the HTTP ack timeout so that a missing broker becomes a 503, not a hung request
   */
  public static KafkaActivityPublisher create(
      String bootstrapServers, AvroSerdes serdes, Duration maxBlock) {
    return new KafkaActivityPublisher(
        new KafkaProducer<>(
            producerConfig(bootstrapServers, maxBlock),
            new StringSerializer(),
            new ByteArraySerializer()),
        serdes);
  }

  /** The producer settings: durable (all replicas), no duplicates on retry, ordered per key. */
  public static Map<String, Object> producerConfig(String bootstrapServers, Duration maxBlock) {
    return Map.ofEntries(
        Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
        Map.entry(ProducerConfig.CLIENT_ID_CONFIG, "backstride-ingest"),
        Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
        Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        // A handful of milliseconds lets the batches of one upload share a request.
        Map.entry(ProducerConfig.LINGER_MS_CONFIG, 5),
        // Sample batches are repetitive numbers: lz4 shrinks them cheaply.
        Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
        Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis()));
  }

  @Override
  public CompletableFuture<Void> publish(String athleteId, List<SampleBatch> batches) {
    List<CompletableFuture<Void>> acks = new ArrayList<>(batches.size());
    for (SampleBatch batch : batches) {
      acks.add(send(Topics.ACTIVITY_SAMPLES, athleteId, batch, batchSerializer));
    }
    return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
  }

  @Override
  public CompletableFuture<Void> publishProfile(String athleteId, AthleteProfile profile) {
    return send(Topics.ATHLETE_PROFILES, athleteId, profile, profileSerializer);
  }

  private <V extends org.apache.avro.specific.SpecificRecord> CompletableFuture<Void> send(
      Topic<V> topic, String athleteId, V value, Serializer<V> serializer) {
    CompletableFuture<Void> ack = new CompletableFuture<>();
    try {
      byte[] bytes = serializer.serialize(topic.name(), value);
      producer.send(
          new ProducerRecord<>(topic.name(), athleteId, bytes),
          (metadata, error) -> {
            if (error == null) {
              ack.complete(null);
            } else {
              ack.completeExceptionally(error);
            }
          });
    } catch (RuntimeException e) {
      // Serialization (registry) failures and send() refusing (timeout on metadata, closed).
      ack.completeExceptionally(e);
    }
    return ack;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
