package io.backstride.schemas.deadletter;

import io.backstride.avro.DeadLetter;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Streams application does with a record it cannot read (not in the wire format, an unknown
 * schema id, bytes that are not the schema's): it writes a {@link DeadLetter} naming the record and
 * the reason to {@code ingest-dead-letter.v1} and goes on with the next record. The dead letter is
 * sent by Kafka Streams itself, inside the same transaction as the offsets, so with exactly-once it
 * is written exactly when the record is skipped.
 *
 * <p>Configured by class name ({@code deserialization.exception.handler}); it finds the registry
 * under {@link #REGISTRY_URL_CONFIG}, or a client object under {@link #REGISTRY_CLIENT_CONFIG}.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {
  /** The schema registry URL, so the dead letter can be written in the wire format. */
  public static final String REGISTRY_URL_CONFIG = "backstride.dead.letter.schema.registry.url";

  /** A {@link SchemaRegistryClient} instance to use instead of a URL (tests). */
  public static final String REGISTRY_CLIENT_CONFIG = "backstride.dead.letter.schema.registry";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

  private Serializer<DeadLetter> serializer;

  @Override
  public void configure(Map<String, ?> configs) {
    Object client = configs.get(REGISTRY_CLIENT_CONFIG);
    SchemaRegistryClient registry =
        client instanceof SchemaRegistryClient given
            ? given
            : new RestSchemaRegistryClient(String.valueOf(configs.get(REGISTRY_URL_CONFIG)));
    serializer = new AvroSerdes(registry).value(Topics.INGEST_DEAD_LETTER).serializer();
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    String athleteId =
        record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    String reason =
        "cannot read the value: "
            + (exception.getMessage() == null
                ? exception.getClass().getSimpleName()
                : exception.getMessage());
    LOG.warn(
        "Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setAthleteId(athleteId)
            .setSourceTopic(record.topic())
            .setPartition(record.partition())
            .setOffset(record.offset())
            .setReason(reason.length() > 1000 ? reason.substring(0, 1000) : reason)
            .setFailedAt(Instant.now())
            .build();
    byte[] value = serializer.serialize(Topics.INGEST_DEAD_LETTER.name(), letter);
    return Response.resume(
        List.of(
            new ProducerRecord<>(
                Topics.INGEST_DEAD_LETTER.name(), null, record.timestamp(), record.key(), value)));
  }
}
