package io.backstride.platform.deadletter;

import io.backstride.schemas.registry.SchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * What a Streams application does with a record it cannot read (not in the wire format, an unknown
 * schema id, bytes that are not the schema's): it writes a {@code DeadLetter} naming the record and
 * the reason to {@code ingest-dead-letter.v1} and goes on with the next record. The dead letter is
 * sent by Kafka Streams itself, inside the same transaction as the offsets, so with exactly-once it
 * is written exactly when the record is skipped.
 *
 * <p>Configured by class name ({@code deserialization.exception.handler}); it finds the registry
 * under {@link #REGISTRY_URL_CONFIG} (and {@link #REGISTRY_USER_INFO_CONFIG}), or a client object
 * under {@link #REGISTRY_CLIENT_CONFIG}, and its clock under {@link #CLOCK_CONFIG}. The dead
 * letter's schema is looked up, never registered.
 */
public final class DeadLetterHandler extends DeadLetteringHandler
    implements DeserializationExceptionHandler {
  /** The schema registry URL, so the dead letter can be written in the wire format. */
  public static final String REGISTRY_URL_CONFIG = "backstride.dead.letter.schema.registry.url";

  /** The registry's credentials, {@code user:password}, when it wants them; absent: none. */
  public static final String REGISTRY_USER_INFO_CONFIG =
      "backstride.dead.letter.schema.registry.user.info";

  /**
   * A {@link SchemaRegistryClient} instance to use instead of a URL: the service's own, which
   * remembers the dead letter's id from the registration at start.
   */
  public static final String REGISTRY_CLIENT_CONFIG = "backstride.dead.letter.schema.registry";

  /**
   * A {@link java.time.Clock} for the dead letters' {@code failedAt}, as {@link DeadLetters} takes
   * one; absent: the system clock. Tests fix it.
   */
  public static final String CLOCK_CONFIG = "backstride.dead.letter.clock";

  /**
   * A Micrometer {@code MeterRegistry} instance that counts the dead letters ({@link
   * DeadLetterMeter}); absent: not counted.
   */
  public static final String METER_REGISTRY_CONFIG = "backstride.dead.letter.meter.registry";

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    String athleteId =
        record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    return deadLetter(
            DeadLetterMeter.UNREADABLE,
            athleteId,
            record.key(),
            record.topic(),
            record.partition(),
            record.offset(),
            record.timestamp(),
            "cannot read the value: " + DeadLetterRecords.describe(exception))
        .map(letter -> Response.resume(List.of(letter)))
        .orElseGet(Response::fail);
  }
}
