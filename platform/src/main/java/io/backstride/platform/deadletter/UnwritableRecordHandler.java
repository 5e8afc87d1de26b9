package io.backstride.platform.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Streams application does with a result it cannot serialize (its schema missing from the
 * registry or not the one registered under the topic's subject, a value the schema does not allow):
 * it writes a dead letter naming the input record that produced it and the reason to {@code
 * ingest-dead-letter.v1}, and goes on, rather than letting one record end the stream thread. Like
 * {@link DeadLetterHandler}, the dead letter goes out in the transaction of the input's offset.
 *
 * <p>Errors of the send itself (a record too large, a timestamp the broker refuses) stop the
 * application with the broker's own reason, logged in one line naming the topic and the input
 * record, so that health says what the broker said. Without this method Kafka Streams 4 calls a
 * deprecated default that throws {@code UnsupportedOperationException}, and the real cause is lost
 * behind "fatal user code error". They are not dead-lettered: under exactly-once a failed send
 * aborts the transaction anyway, and most of them (authorization, a topic gone) say something about
 * the cluster rather than one record. Configured by class name ({@code
 * production.exception.handler}) with the settings of {@link DeadLetterHandler}.
 */
public final class UnwritableRecordHandler extends DeadLetteringHandler
    implements ProductionExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(UnwritableRecordHandler.class);

  @Override
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    String reason =
        "cannot write the "
            + (origin == SerializationExceptionOrigin.KEY ? "key" : "value")
            + " to "
            + record.topic()
            + ": "
            + DeadLetterRecords.describe(exception);
    // A punctuator's output has no input record: it is then named by the topic it was meant for.
    String source = context.topic() != null ? context.topic() : record.topic();
    // The input's key is the athlete on every pipeline topic; the result's may be composite.
    byte[] rawKey = context.sourceRawKey();
    String athleteId =
        rawKey != null
            ? new String(rawKey, StandardCharsets.UTF_8)
            : record.key() instanceof String key ? key : null;
    return deadLetter(
            DeadLetterMeter.UNWRITABLE,
            athleteId,
            athleteId == null ? null : athleteId.getBytes(StandardCharsets.UTF_8),
            source,
            context.partition(),
            context.offset(),
            context.timestamp(),
            reason)
        .map(letter -> Response.resume(List.of(letter)))
        .orElseGet(Response::fail);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    LOG.error(
        "Cannot write the result of {}-{}@{} to {}: {}",
        context.topic(),
        context.partition(),
        context.offset(),
        record.topic(),
        DeadLetterRecords.describe(exception));
    return Response.fail();
  }
}
