package io.backstride.platform.deadletter;

import io.backstride.avro.DeadLetter;
import io.backstride.platform.Acks;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topics;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes records that a later stage could not process to {@code ingest-dead-letter.v1}, keyed by
 * athlete, with where they came from (topic, partition, offset) and why. The record itself is not
 * copied: it stays readable at its offset for as long as its topic keeps it, and a dead letter
 * carries no GPS or PII of its own.
 *
 * <p>Durable like every other producer here ({@code acks=all}, idempotent): a dead letter that is
 * lost would be a record silently dropped.
 */
public final class DeadLetters implements AutoCloseable {
  /** Reasons are for people reading the topic; a stack trace belongs in the logs. */
  static final int MAX_REASON_CHARS = 1_000;

  private final Producer<String, DeadLetter> producer;
  private final Clock clock;

  /** Writes through {@code producer}, which this then owns; {@code clock} stamps failedAt. */
  public DeadLetters(Producer<String, DeadLetter> producer, Clock clock) {
    this.producer = producer;
    this.clock = clock;
  }

  /** A dead-letter writer with its own producer. */
  public static DeadLetters create(KafkaConnection kafka, AvroSerdes serdes, String clientId) {
    return new DeadLetters(
        new KafkaProducer<>(
            producerConfig(kafka, clientId),
            new StringSerializer(),
            serdes.value(Topics.INGEST_DEAD_LETTER).serializer()),
        Clock.systemUTC());
  }

  /** The connection's settings, with the durability a dead letter needs on top. */
  static Map<String, Object> producerConfig(KafkaConnection kafka, String clientId) {
    Map<String, Object> config = kafka.producerConfig();
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // A stage that dead-letters must not hang on a missing broker for the default minute.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    return config;
  }

  /**
   * Dead-letters the record at {@code partition}/{@code offset} of {@code sourceTopic}; completes
   * when acknowledged.
   *
   * @param athleteId the athlete, when known; {@code null} otherwise (the record key is then null)
   */
  public CompletableFuture<Void> send(
      String athleteId, String sourceTopic, int partition, long offset, String reason) {
    DeadLetter letter = letter(athleteId, sourceTopic, partition, offset, reason, clock.instant());
    return Acks.send(
        producer, new ProducerRecord<>(Topics.INGEST_DEAD_LETTER.name(), athleteId, letter));
  }

  /**
   * The dead letter of the record at {@code partition}/{@code offset} of {@code sourceTopic}: where
   * it was, why it failed (in one line of at most {@link #MAX_REASON_CHARS}) and when.
   */
  static DeadLetter letter(
      String athleteId,
      String sourceTopic,
      int partition,
      long offset,
      String reason,
      Instant failedAt) {
    return DeadLetter.newBuilder()
        .setAthleteId(athleteId)
        .setSourceTopic(sourceTopic)
        .setPartition(partition)
        .setOffset(offset)
        .setReason(shorten(reason))
        .setFailedAt(failedAt)
        .build();
  }

  /** Dead-letters a consumed record; its key is taken as the athlete id when it is a string. */
  public CompletableFuture<Void> send(ConsumerRecord<?, ?> record, String reason) {
    String athleteId = record.key() instanceof String s ? s : null;
    return send(athleteId, record.topic(), record.partition(), record.offset(), reason);
  }

  private static String shorten(String reason) {
    String oneLine = reason == null ? "unknown" : reason.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_REASON_CHARS
        ? oneLine
        : oneLine.substring(0, MAX_REASON_CHARS - 1) + "…";
  }

  /** Flushes what is pending, then closes the producer. */
  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
