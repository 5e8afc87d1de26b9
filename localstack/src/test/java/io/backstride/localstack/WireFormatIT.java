package io.backstride.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.Sample;
import io.backstride.avro.SampleBatch;
import io.backstride.avro.Sport;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.serde.AvroDeserializer;
import io.backstride.schemas.serde.AvroSerializer;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The serdes write the Confluent wire format through the REST client against the local registry:
 * anyone with plain Avro and the registry's HTTP API can read what backstride writes.
 */
class WireFormatIT {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final String TOPIC = Topics.ACTIVITY_SAMPLES.name();

  private static SchemaRegistryServer server;
  private static RegistryHttp http;

  @BeforeAll
  static void startRegistry() {
    server = SchemaRegistryServer.start(EmbeddedKafkaBroker.shared().bootstrapServers(), 0);
    http = new RegistryHttp(server.url());
  }

  @AfterAll
  static void stopRegistry() {
    server.close();
  }

  @Test
  void writesMagicByteRegisteredIdAndPlainAvroThatAnyAvroReaderDecodes() throws Exception {
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url());
    AvroSerializer<SampleBatch> serializer =
        new AvroSerializer<>(client, SampleBatch.getClassSchema());

    byte[] bytes = serializer.serialize(TOPIC, batch());

    int registeredId =
        http.get("/subjects/" + Topics.ACTIVITY_SAMPLES.valueSubject() + "/versions/latest")
            .json()
            .path("id")
            .asInt();
    assertThat(Topics.ACTIVITY_SAMPLES.valueSubject()).isEqualTo("activity-samples.v1-value");
    assertThat(bytes[0]).isEqualTo((byte) 0);
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registeredId);

    Schema writerSchema =
        new Schema.Parser()
            .parse(http.get("/schemas/ids/" + registeredId).json().path("schema").asText());
    byte[] avro = Arrays.copyOfRange(bytes, 5, bytes.length);
    GenericRecord decoded =
        new GenericDatumReader<GenericRecord>(writerSchema)
            .read(null, DecoderFactory.get().binaryDecoder(avro, null));

    assertThat(decoded.get("athleteId").toString()).isEqualTo("athlete-7");
    assertThat(decoded.get("activityId").toString()).isEqualTo("athlete-7-20260302T070000");
    assertThat(decoded.get("seq")).isEqualTo(0);
    assertThat(decoded.get("final")).isEqualTo(true);
    assertThat(decoded.get("sport").toString()).isEqualTo("RUNNING");
    GenericRecord firstSample = (GenericRecord) ((List<?>) decoded.get("samples")).get(0);
    assertThat(firstSample.get("time")).isEqualTo(T0.toEpochMilli());
    assertThat(firstSample.get("elevationM")).isEqualTo(112.5);
  }

  @Test
  void roundTripsThroughTheDeserializer() {
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url());
    AvroSerializer<SampleBatch> serializer =
        new AvroSerializer<>(client, SampleBatch.getClassSchema());
    // A second client, so the schema comes from the registry and not from the writer's cache.
    AvroDeserializer<SampleBatch> deserializer =
        new AvroDeserializer<>(
            new RestSchemaRegistryClient(server.url()), SampleBatch.getClassSchema());

    SampleBatch read = deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, batch()));

    assertThat(read).isEqualTo(batch());
  }

  private static SampleBatch batch() {
    return SampleBatch.newBuilder()
        .setAthleteId("athlete-7")
        .setActivityId("athlete-7-20260302T070000")
        .setSeq(0)
        .setFinal$(true)
        .setSport(Sport.RUNNING)
        .setSource("gpx")
        .setSamples(
            List.of(
                Sample.newBuilder()
                    .setTime(T0)
                    .setLat(47.3769)
                    .setLon(8.5417)
                    .setElevationM(112.5)
                    .setHeartRateBpm(141)
                    .build(),
                Sample.newBuilder()
                    .setTime(T0.plusSeconds(1))
                    .setLat(47.3770)
                    .setLon(8.5418)
                    .setElevationM(112.1)
                    .build()))
        .build();
  }
}
