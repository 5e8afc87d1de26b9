package io.backstride.ingest;

import static io.backstride.ingest.TestGpx.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.AthleteProfile;
import io.backstride.avro.SampleBatch;
import io.backstride.avro.Units;
import io.backstride.core.Sample;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.InMemorySchemaRegistry;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaActivityPublisherTest {
  private final AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry());
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  private final KafkaActivityPublisher publisher = new KafkaActivityPublisher(producer, serdes);

  @Test
  void theProducerReachesKafkaAsTheConnectionSaysWithItsOwnDurabilityAndTimeouts() {
    KafkaConnection kafka =
        new KafkaConnection(
            "kafka:9093",
            Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.location", "/etc/kafka/truststore.p12",
                "acks", "1"));

    Map<String, Object> config =
        KafkaActivityPublisher.producerConfig(kafka, java.time.Duration.ofSeconds(2));

    assertThat(config)
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000L)
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5);
    // what Kafka checks at start: a record may linger and then wait for one request's answer
    assertThat((int) config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG))
        .isGreaterThanOrEqualTo(
            (int) config.get(ProducerConfig.LINGER_MS_CONFIG)
                + (int) config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
  }

  @Test
  void flushSendsTheHeldBackBatchesAndReturnsOnceTheyAreAcknowledged() {
    CompletableFuture<Void> ack = publisher.publish("runner-1", batches(3));
    assertThat(ack).isNotDone();

    publisher.flush();

    assertThat(ack).isCompleted();
  }

  @Test
  void completesOnlyWhenEveryBatchIsAcknowledged() {
    List<SampleBatch> batches = batches(3);

    CompletableFuture<Void> ack = publisher.publish("runner-1", batches);

    assertThat(producer.completeNext()).isTrue();
    assertThat(producer.completeNext()).isTrue();
    assertThat(ack).isNotDone();
    assertThat(producer.completeNext()).isTrue();
    assertThat(ack).isCompleted();
  }

  @Test
  void failsWhenAnyBatchFails() {
    CompletableFuture<Void> ack = publisher.publish("runner-1", batches(2));

    producer.completeNext();
    producer.errorNext(new KafkaException("not enough replicas"));

    assertThat(ack).isCompletedExceptionally();
  }

  @Test
  void writesBatchesInOrderKeyedByAthleteInConfluentWireFormat() {
    List<SampleBatch> batches = batches(2);

    publisher.publish("runner-1", batches);

    List<ProducerRecord<String, byte[]>> sent = producer.history();
    assertThat(sent).extracting(ProducerRecord::topic).containsOnly("activity-samples.v1");
    assertThat(sent).extracting(ProducerRecord::key).containsOnly("runner-1");
    assertThat(sent.get(0).value()[0]).as("magic byte").isZero();
    assertThat(sent)
        .extracting(
            r ->
                serdes
                    .value(Topics.ACTIVITY_SAMPLES)
                    .deserializer()
                    .deserialize(r.topic(), r.value()))
        .containsExactlyElementsOf(batches);
  }

  @Test
  void sendsNothingOfAnUploadWhenTheRegistryRefusesItsSchema() {
    KafkaActivityPublisher withoutRegistry =
        new KafkaActivityPublisher(producer, new AvroSerdes(new UnreachableRegistry()));

    CompletableFuture<Void> ack = withoutRegistry.publish("runner-1", batches(3));

    assertThat(ack).isCompletedExceptionally();
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void writesTheProfileToTheProfilesTopicKeyedByAthlete() {
    AthleteProfile profile =
        AthleteProfile.newBuilder()
            .setAthleteId("runner-1")
            .setEmail("runner@example.org")
            .setTimeZone("Europe/Vienna")
            .setUnits(Units.KM)
            .build();

    CompletableFuture<Void> ack = publisher.publishProfile("runner-1", profile);
    producer.completeNext();

    assertThat(ack).isCompleted();
    ProducerRecord<String, byte[]> record = producer.history().get(0);
    assertThat(record.topic()).isEqualTo("athlete-profiles.v1");
    assertThat(record.key()).isEqualTo("runner-1");
    assertThat(
            serdes
                .value(Topics.ATHLETE_PROFILES)
                .deserializer()
                .deserialize(record.topic(), record.value()))
        .isEqualTo(profile);
  }

  /** A registry that cannot be reached. */
  private static final class UnreachableRegistry implements SchemaRegistryClient {
    @Override
    public int register(String subject, Schema schema) {
      throw new IllegalStateException("registry unreachable");
    }

    @Override
    public Schema schemaById(int id) {
      throw new IllegalStateException("registry unreachable");
    }

    @Override
    public List<Integer> versions(String subject) {
      throw new IllegalStateException("registry unreachable");
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
      throw new IllegalStateException("registry unreachable");
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
      throw new IllegalStateException("registry unreachable");
    }
  }

  private static List<SampleBatch> batches(int count) {
    ParsedActivity activity =
        new ParsedActivity(
            "gpx",
            Optional.empty(),
            IntStream.range(0, count * 10)
                .mapToObj(i -> Sample.at(T0.plusSeconds(i), 48.2, 16.37, null))
                .toList());
    return SampleBatches.of("runner-1", "act-1", activity, 10);
  }
}
