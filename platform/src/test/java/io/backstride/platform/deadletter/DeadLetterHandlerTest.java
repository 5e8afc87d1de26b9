package io.backstride.platform.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.avro.DeadLetter;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.InMemorySchemaRegistry;
import io.backstride.schemas.registry.SchemaRegistryException;
import io.backstride.schemas.registry.TopicSchemas;
import io.backstride.schemas.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/**
 * The handler for unreadable records writes its dead letter under the schema the service registered
 * at start, and never registers one itself.
 */
class DeadLetterHandlerTest {
  private static final ConsumerRecord<byte[], byte[]> UNREADABLE =
      new ConsumerRecord<>(
          Topics.ACTIVITY_SAMPLES.name(),
          1,
          17L,
          "ana".getBytes(StandardCharsets.UTF_8),
          "<gpx/>".getBytes(StandardCharsets.UTF_8));

  @Test
  void deadLettersWithTheSchemaRegisteredAtStart() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    TopicSchemas.register(registry, List.of(Topics.INGEST_DEAD_LETTER));
    DeadLetterHandler handler = configured(registry);

    DeserializationExceptionHandler.Response response =
        handler.handleError(new Context(), UNREADABLE, new IllegalArgumentException("no magic"));

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    List<ProducerRecord<byte[], byte[]>> letters = response.deadLetterQueueRecords();
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).topic()).isEqualTo(Topics.INGEST_DEAD_LETTER.name());
    assertThat(new String(letters.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("ana");
    assertThat(registry.versions(Topics.INGEST_DEAD_LETTER.valueSubject())).containsExactly(1);
  }

  @Test
  void stampsTheDeadLetterWithTheTimeOfItsClock() throws Exception {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    TopicSchemas.register(registry, List.of(Topics.INGEST_DEAD_LETTER));
    Instant failedAt = Instant.parse("2026-03-02T07:00:00Z");
    DeadLetterHandler handler = new DeadLetterHandler();
    handler.configure(
        Map.of(
            DeadLetterHandler.REGISTRY_CLIENT_CONFIG,
            registry,
            DeadLetterHandler.CLOCK_CONFIG,
            Clock.fixed(failedAt, ZoneOffset.UTC)));

    ProducerRecord<byte[], byte[]> letter =
        handler
            .handleError(new Context(), UNREADABLE, new IllegalArgumentException("no magic"))
            .deadLetterQueueRecords()
            .get(0);

    DeadLetter read =
        new AvroSerdes(registry)
            .value(Topics.INGEST_DEAD_LETTER)
            .deserializer()
            .deserialize(letter.topic(), letter.value());
    assertThat(read.getFailedAt()).isEqualTo(failedAt);
  }

  @Test
  void registersNothingWhenTheDeadLetterSchemaIsMissingAndFailsInstead() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    DeadLetterHandler handler = configured(registry);

    DeserializationExceptionHandler.Response response =
        handler.handleError(new Context(), UNREADABLE, new IllegalArgumentException("no magic"));

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
    assertThatThrownBy(() -> registry.versions(Topics.INGEST_DEAD_LETTER.valueSubject()))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
  }

  private static DeadLetterHandler configured(InMemorySchemaRegistry registry) {
    DeadLetterHandler handler = new DeadLetterHandler();
    handler.configure(Map.of(DeadLetterHandler.REGISTRY_CLIENT_CONFIG, registry));
    return handler;
  }

  /** Where the record was read, as Kafka Streams would say it. */
  private static final class Context implements ErrorHandlerContext {
    @Override
    public String topic() {
      return UNREADABLE.topic();
    }

    @Override
    public int partition() {
      return UNREADABLE.partition();
    }

    @Override
    public long offset() {
      return UNREADABLE.offset();
    }

    @Override
    public Headers headers() {
      return new RecordHeaders();
    }

    @Override
    public String processorNodeId() {
      return "source";
    }

    @Override
    public TaskId taskId() {
      return new TaskId(0, 1);
    }

    @Override
    public long timestamp() {
      return 0L;
    }

    @Override
    public byte[] sourceRawKey() {
      return UNREADABLE.key();
    }

    @Override
    public byte[] sourceRawValue() {
      return UNREADABLE.value();
    }
  }
}
