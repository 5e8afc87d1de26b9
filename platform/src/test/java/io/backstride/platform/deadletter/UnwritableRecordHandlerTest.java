package io.backstride.platform.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.schemas.registry.InMemorySchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/**
 * A send the broker refuses (here: a record time more than an hour ahead of its clock) stops the
 * application with the broker's reason, rather than with Kafka Streams' deprecated default, which
 * throws {@code UnsupportedOperationException} and hides the cause.
 */
class UnwritableRecordHandlerTest {
  @Test
  void aSendTheBrokerRefusesFailsWithTheBrokersReasonInsteadOfThrowingFromTheCallback() {
    UnwritableRecordHandler handler = new UnwritableRecordHandler();
    handler.configure(
        Map.of(DeadLetterHandler.REGISTRY_CLIENT_CONFIG, new InMemorySchemaRegistry()));
    ProducerRecord<byte[], byte[]> summary =
        new ProducerRecord<>(
            "activity-summaries.v1",
            null,
            1_796_197_389_000L,
            "ana:run-1".getBytes(StandardCharsets.UTF_8),
            new byte[] {0});

    Response response =
        handler.handleError(
            new Context(),
            summary,
            new InvalidTimestampException("Timestamp 1796197389000 of message is out of range"));

    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
  }

  /** The input the refused result came from, as Kafka Streams would name it. */
  private static final class Context implements ErrorHandlerContext {
    @Override
    public String topic() {
      return "activity-samples.v1";
    }

    @Override
    public int partition() {
      return 0;
    }

    @Override
    public long offset() {
      return 41L;
    }

    @Override
    public Headers headers() {
      return new RecordHeaders();
    }

    @Override
    public String processorNodeId() {
      return "assembler";
    }

    @Override
    public TaskId taskId() {
      return new TaskId(0, 0);
    }

    @Override
    public long timestamp() {
      return 1_796_197_389_000L;
    }

    @Override
    public byte[] sourceRawKey() {
      return "ana".getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] sourceRawValue() {
      return new byte[] {0};
    }
  }
}
