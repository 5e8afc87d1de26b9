package io.backstride.platform.deadletter;

import io.backstride.avro.DeadLetter;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Builds the dead letters that the Streams exception handlers hand back to Kafka Streams, which
 * sends them in the same transaction as the offsets. Shared by {@link DeadLetterHandler} (records
 * that cannot be read) and {@link UnwritableRecordHandler} (results that cannot be written).
 *
 * <p>The dead letter's schema is only looked up, never registered: the services register it at
 * start, and a handler that registered it would let anyone who reaches the registry decide the
 * schema the dead letters are written with.
 */
final class DeadLetterRecords {
  private final Serializer<DeadLetter> serializer;
  private final Clock clock;
  private final MeterRegistry meters;

  private DeadLetterRecords(Serializer<DeadLetter> serializer, Clock clock, MeterRegistry meters) {
    this.serializer = serializer;
    this.clock = clock;
    this.meters = meters;
  }

  /**
   * From the handler's configuration: the service's own registry client under {@link
   * DeadLetterHandler#REGISTRY_CLIENT_CONFIG} (which remembers the ids registered at start), else a
   * client of {@link DeadLetterHandler#REGISTRY_URL_CONFIG} with the credentials in {@link
   * DeadLetterHandler#REGISTRY_USER_INFO_CONFIG}; the time of failure from the {@link Clock} under
   * {@link DeadLetterHandler#CLOCK_CONFIG}, else the system's.
   */
  static DeadLetterRecords configure(Map<String, ?> configs) {
    Object client = configs.get(DeadLetterHandler.REGISTRY_CLIENT_CONFIG);
    SchemaRegistryClient registry =
        client instanceof SchemaRegistryClient given
            ? given
            : new RestSchemaRegistryClient(
                String.valueOf(configs.get(DeadLetterHandler.REGISTRY_URL_CONFIG)),
                (String) configs.get(DeadLetterHandler.REGISTRY_USER_INFO_CONFIG));
    Clock clock =
        configs.get(DeadLetterHandler.CLOCK_CONFIG) instanceof Clock given
            ? given
            : Clock.systemUTC();
    MeterRegistry meters =
        configs.get(DeadLetterHandler.METER_REGISTRY_CONFIG) instanceof MeterRegistry given
            ? given
            : null;
    return new DeadLetterRecords(
        new AvroSerdes(registry, false).value(Topics.INGEST_DEAD_LETTER).serializer(),
        clock,
        meters);
  }

  /** Counts a dead letter handed to Kafka Streams ({@link DeadLetterMeter}). */
  void count(String reason, String sourceTopic) {
    DeadLetterMeter.count(meters, reason, sourceTopic);
  }

  /**
   * The dead letter of the record at {@code sourceTopic}-{@code partition}@{@code offset}, keyed by
   * {@code rawKey} (the athlete id's bytes, or null), serialized.
   */
  ProducerRecord<byte[], byte[]> deadLetter(
      String athleteId,
      byte[] rawKey,
      String sourceTopic,
      int partition,
      long offset,
      long timestamp,
      String reason) {
    DeadLetter letter =
        DeadLetters.letter(athleteId, sourceTopic, partition, offset, reason, clock.instant());
    byte[] value = serializer.serialize(Topics.INGEST_DEAD_LETTER.name(), letter);
    // a record without a timestamp (-1) would make ProducerRecord throw; the broker stamps it then
    return new ProducerRecord<>(
        Topics.INGEST_DEAD_LETTER.name(), null, timestamp < 0 ? null : timestamp, rawKey, value);
  }

  /** The exception's message in one line, or its class name when it has none. */
  static String describe(Throwable exception) {
    String message = exception.getMessage();
    return message == null || message.isBlank()
        ? exception.getClass().getSimpleName()
        : message.strip().replaceAll("\\s+", " ");
  }
}
