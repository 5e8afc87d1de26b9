package io.backstride.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.avro.Sample;
import io.backstride.avro.SampleBatch;
import io.backstride.avro.Sport;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryException;
import io.backstride.schemas.serde.AvroDeserializer;
import io.backstride.schemas.serde.AvroSerializer;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same serdes and REST client against the real Confluent Schema Registry on real Kafka: proof
 * that the project's wire format and error handling match Confluent's. Skipped without Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class ConfluentSchemaRegistryContainerIT {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final Network NETWORK = Network.newNetwork();

  @Container
  private static final KafkaContainer KAFKA =
      new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.0"))
          .withNetwork(NETWORK)
          .withNetworkAliases("kafka")
          // A listener the registry container reaches by the alias on the shared network.
          .withListener("kafka:19092");

  @Container
  private static final GenericContainer<?> REGISTRY =
      new GenericContainer<>(DockerImageName.parse("confluentinc/cp-schema-registry:8.0.0"))
          .withNetwork(NETWORK)
          .withExposedPorts(8081)
          .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
          .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
          .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
          .dependsOn(KAFKA)
          .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));

  @Test
  void serializesInTheSameByteLayoutAgainstConfluentsRegistry() throws Exception {
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(registryUrl());
    AvroSerializer<SampleBatch> serializer =
        new AvroSerializer<>(client, SampleBatch.getClassSchema());
    String topic = Topics.ACTIVITY_SAMPLES.name();

    byte[] bytes = serializer.serialize(topic, batch());

    // A fresh client, so that nothing comes from the serializer's caches.
    RestSchemaRegistryClient reader = new RestSchemaRegistryClient(registryUrl());
    int registeredId = reader.version(Topics.ACTIVITY_SAMPLES.valueSubject(), -1).id();
    assertThat(bytes[0]).isEqualTo((byte) 0);
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registeredId);
    Schema writerSchema = reader.schemaById(registeredId);
    GenericRecord decoded =
        new GenericDatumReader<GenericRecord>(writerSchema)
            .read(
                null,
                DecoderFactory.get()
                    .binaryDecoder(Arrays.copyOfRange(bytes, 5, bytes.length), null));
    assertThat(decoded.get("athleteId").toString()).isEqualTo("athlete-7");
    assertThat(
            new AvroDeserializer<SampleBatch>(reader, SampleBatch.getClassSchema())
                .deserialize(topic, bytes))
        .isEqualTo(batch());
  }

  @Test
  void readsConfluentsErrorCodes() {
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(registryUrl());
    Schema v1 =
        SchemaBuilder.record("Run")
            .namespace("io.backstride.test")
            .fields()
            .requiredString("athleteId")
            .endRecord();
    Schema withoutDefault =
        SchemaBuilder.record("Run")
            .namespace("io.backstride.test")
            .fields()
            .requiredString("athleteId")
            .requiredDouble("distanceM")
            .endRecord();
    client.register("confluent-errors-value", v1);

    assertThatThrownBy(() -> client.register("confluent-errors-value", withoutDefault))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(409));
    assertThatThrownBy(() -> client.versions("confluent-no-such-subject"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
    assertThatThrownBy(() -> client.schemaById(999_999))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
  }

  private static String registryUrl() {
    return "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081);
  }

  private static SampleBatch batch() {
    return SampleBatch.newBuilder()
        .setAthleteId("athlete-7")
        .setActivityId("athlete-7-20260302T070000")
        .setSeq(0)
        .setFinal$(true)
        .setSport(Sport.RUNNING)
        .setSource("gpx")
        .setSamples(List.of(Sample.newBuilder().setTime(T0).setElevationM(112.5).build()))
        .build();
  }
}
