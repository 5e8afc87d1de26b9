package io.backstride.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.core.Sample;
import io.backstride.core.SampleBatch;
import io.backstride.core.Sport;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.InMemorySchemaRegistry;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import io.backstride.schemas.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class SampleBatchDeserializerTest {
  private static final String TOPIC = Topics.ACTIVITY_SAMPLES.name();
  private static final String SUBJECT = Topics.ACTIVITY_SAMPLES.valueSubject();
  private static final Schema READER = io.backstride.avro.SampleBatch.getClassSchema();
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final Serializer<io.backstride.avro.SampleBatch> writer =
      new AvroSerdes(registry, true).value(Topics.ACTIVITY_SAMPLES).serializer();
  private final SampleBatchDeserializer direct = new SampleBatchDeserializer(registry, true);
  private final SampleBatchDeserializer usualOnly = new SampleBatchDeserializer(registry, false);

  private byte[] written(SampleBatch batch) {
    return writer.serialize(TOPIC, SampleBatchCodec.toAvro(batch));
  }

  /** A 40-sample stretch of a run as a GPX with Garmin extensions gives it: every reading. */
  private static List<Sample> run(int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                new Sample(
                    T0.plusSeconds(i),
                    46.0512 + i * 1e-5,
                    14.5060 - i * 2e-5,
                    301.4 - i * 0.2,
                    3.1 + (i % 3) * 0.1,
                    i * 3.2,
                    148 + i % 5,
                    172.0,
                    84.5,
                    i == 20))
        .toList();
  }

  private static List<SampleBatch> batches() {
    Sample bare = new Sample(T0, null, null, null, null, null, null, null, null, false);
    Sample extremes =
        new Sample(
            Instant.ofEpochMilli(Long.MAX_VALUE),
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.MIN_VALUE,
            Integer.MAX_VALUE,
            -0.0,
            Double.NEGATIVE_INFINITY,
            true);
    Sample beforeEpoch =
        new Sample(
            Instant.ofEpochMilli(Long.MIN_VALUE),
            -90.0,
            -180.0,
            -430.5,
            0.0,
            0.0,
            Integer.MIN_VALUE,
            0.0,
            0.0,
            false);
    List<SampleBatch> batches = new ArrayList<>();
    batches.add(
        new SampleBatch(
            "ana",
            "ana-20260302T070000",
            0,
            false,
            Optional.of(Sport.RUNNING),
            "gpx",
            run(40),
            "upload-7f3a"));
    batches.add(
        new SampleBatch(
            "ana",
            "ana-20260302T070000",
            1,
            true,
            Optional.of(Sport.RUNNING),
            "gpx",
            run(3),
            "upload-7f3a"));
    batches.add(
        new SampleBatch("ana", "watch-7", 0, false, Optional.empty(), "sync", List.of(), null));
    batches.add(
        new SampleBatch(
            "bo", "bo-1", Integer.MAX_VALUE, true, Optional.empty(), "sync", List.of(bare), null));
    batches.add(
        new SampleBatch(
            "", "", 0, true, Optional.of(Sport.OTHER), "", List.of(extremes, beforeEpoch), ""));
    batches.add(
        new SampleBatch(
            "čebelica-ß",
            "läufer-日本-🏃",
            2,
            false,
            Optional.of(Sport.HIKING),
            "tcx",
            List.of(bare.afterPause()),
            "upload-ü"));
    for (Sport sport : Sport.values()) {
      batches.add(
          new SampleBatch(
              "cy", "cy-" + sport, 0, true, Optional.of(sport), "fit", run(2), "upload-s"));
    }
    batches.add(
        new SampleBatch("long", "long-1", 5, false, Optional.empty(), "fit", run(2000), "u-long"));
    return batches;
  }

  @Test
  void theReaderSchemaIsTheShapeTheDecoderReads() {
    // fails when SampleBatch.avsc changes: update SampleBatchDeserializer.decode and its
    // fingerprint
    assertThat(SampleBatchDeserializer.decodedShape(READER)).isTrue();
  }

  @Test
  void valuesOfTheReadersOwnSchemaDecodeToTheSameBatchesAsTheUsualPath() {
    for (SampleBatch batch : batches()) {
      byte[] bytes = written(batch);

      SampleBatch decoded = direct.deserialize(TOPIC, bytes);

      assertThat(direct.readsDirectly(WireFormat.schemaId(bytes))).isTrue();
      assertThat(decoded).isEqualTo(usualOnly.deserialize(TOPIC, bytes)).isEqualTo(batch);
    }
  }

  @Test
  void arraysWrittenInSeveralBlocksDecodeWhole() throws IOException {
    // Avro lets a writer split an array into blocks, each with its byte size (a negative count)
    SampleBatch batch = batches().get(0);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Encoder blocking =
        new EncoderFactory().configureBlockSize(64).blockingBinaryEncoder(body, null);
    new SpecificDatumWriter<io.backstride.avro.SampleBatch>(READER)
        .write(SampleBatchCodec.toAvro(batch), blocking);
    blocking.flush();
    byte[] bytes = WireFormat.frame(registry.register(SUBJECT, READER), body.toByteArray());
    assertThat(bytes).isNotEqualTo(written(batch)); // really another encoding of the same value

    assertThat(direct.deserialize(TOPIC, bytes)).isEqualTo(batch);
  }

  @Test
  void aNullValueIsNoBatch() {
    assertThat(direct.deserialize(TOPIC, null)).isNull();
  }

  @Test
  void anOlderWriterWithoutUploadIdOrPauseIsReadTheUsualWayWithTheDefaults() throws IOException {
    Schema older = batchSchema(READER, "uploadId", "pauseBefore", null);
    int olderId = registry.register(SUBJECT, older);
    SampleBatch sent =
        new SampleBatch(
            "ana", "ana-1", 0, true, Optional.of(Sport.WALKING), "gpx", run(5), "upload-9");

    SampleBatch read = direct.deserialize(TOPIC, writtenWith(older, olderId, sent));

    assertThat(direct.readsDirectly(olderId)).isFalse();
    List<Sample> withoutPauses =
        sent.samples().stream()
            .map(
                s ->
                    new Sample(
                        s.time(),
                        s.lat(),
                        s.lon(),
                        s.elevationM(),
                        s.speedMps(),
                        s.distanceM(),
                        s.heartRateBpm(),
                        s.cadenceSpm(),
                        s.verticalOscillationMm(),
                        false))
            .toList();
    assertThat(read)
        .isEqualTo(
            new SampleBatch(
                "ana", "ana-1", 0, true, Optional.of(Sport.WALKING), "gpx", withoutPauses, null));
  }

  @Test
  void aNewerWriterWithAnExtraFieldIsReadTheUsualWayWithoutIt() throws IOException {
    written(batches().get(0)); // the current schema first, as the registry would have it
    Schema newer =
        batchSchema(
            READER,
            null,
            null,
            new Schema.Field("firmware", Schema.create(Schema.Type.STRING), "watch firmware", ""));
    int newerId = registry.register(SUBJECT, newer);
    SampleBatch sent = batches().get(4); // extremes and empty strings

    SampleBatch read = direct.deserialize(TOPIC, writtenWith(newer, newerId, sent));

    assertThat(direct.readsDirectly(newerId)).isFalse();
    assertThat(read).isEqualTo(sent);
  }

  @Test
  void theRegistryIsAskedOncePerSchemaId() {
    AtomicInteger lookups = new AtomicInteger();
    SchemaRegistryClient counting = new CountingRegistry(registry, lookups);
    SampleBatchDeserializer deserializer = new SampleBatchDeserializer(counting, true);
    byte[] bytes = written(batches().get(0));

    for (int i = 0; i < 5; i++) {
      deserializer.deserialize(TOPIC, bytes);
    }

    assertThat(lookups).hasValue(1);
  }

  @Test
  void everyTruncationOfAValueIsRefusedNamingTheTopicAndSchemaId() {
    byte[] bytes = written(batches().get(0));
    int id = WireFormat.schemaId(bytes);

    for (int length = WireFormat.HEADER_LENGTH; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> direct.deserialize(TOPIC, truncated))
          .as("%d of %d bytes", length, bytes.length)
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining(TOPIC)
          .hasMessageContaining("schema id " + id);
    }
  }

  @Test
  void aTruncatedValueOfAnotherWriterIsRefusedNamingTheTopicAndSchemaId() throws IOException {
    Schema older = batchSchema(READER, "uploadId", null, null);
    int olderId = registry.register(SUBJECT, older);
    byte[] bytes = writtenWith(older, olderId, batches().get(0));

    assertThatThrownBy(() -> direct.deserialize(TOPIC, Arrays.copyOf(bytes, bytes.length / 2)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC)
        .hasMessageContaining("schema id " + olderId);
  }

  @Test
  void aValueWithABadMagicByteIsRefusedNamingTheTopicAndSchemaId() {
    byte[] bytes = written(batches().get(0));
    int id = WireFormat.schemaId(bytes);
    bytes[0] = 1;

    assertThatThrownBy(() -> direct.deserialize(TOPIC, bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC)
        .hasMessageContaining("schema id " + id)
        .hasMessageContaining("magic byte 1");
  }

  @Test
  void aValueShorterThanTheHeaderIsRefusedNamingTheTopic() {
    assertThatThrownBy(() -> direct.deserialize(TOPIC, new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC)
        .hasMessageContaining("no schema id");
  }

  @Test
  void anUnknownUnionBranchIsRefusedNamingTheTopicAndSchemaId() {
    SampleBatch sync =
        new SampleBatch("ana", "watch-7", 0, false, Optional.empty(), "sync", List.of(), null);
    byte[] bytes = written(sync);
    int id = WireFormat.schemaId(bytes);
    // the last byte is the uploadId union's branch, 0 (null); zig-zag 4 is branch 2
    bytes[bytes.length - 1] = 4;

    assertThatThrownBy(() -> direct.deserialize(TOPIC, bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC)
        .hasMessageContaining("schema id " + id);
  }

  /**
   * {@code reader}'s schema without the batch field {@code droppedBatchField} and the sample field
   * {@code droppedSampleField} (either may be null), with {@code extra} appended if given.
   */
  private static Schema batchSchema(
      Schema reader, String droppedBatchField, String droppedSampleField, Schema.Field extra) {
    Schema sampleReader = reader.getField("samples").schema().getElementType();
    Schema sample =
        droppedSampleField == null ? sampleReader : Wire.without(sampleReader, droppedSampleField);
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : reader.getFields()) {
      if (f.name().equals(droppedBatchField)) {
        continue;
      }
      Schema type = f.name().equals("samples") ? Schema.createArray(sample) : f.schema();
      fields.add(new Schema.Field(f, type));
    }
    if (extra != null) {
      fields.add(extra);
    }
    return Schema.createRecord(
        reader.getName(), reader.getDoc(), reader.getNamespace(), false, fields);
  }

  /** {@code batch} in the wire format of a writer with {@code schema}, by its field names. */
  private static byte[] writtenWith(Schema schema, int id, SampleBatch batch) throws IOException {
    Schema sampleSchema = schema.getField("samples").schema().getElementType();
    Schema sportSchema = schema.getField("sport").schema().getTypes().get(1);
    GenericRecord record = new GenericData.Record(schema);
    record.put("athleteId", batch.athleteId());
    record.put("activityId", batch.activityId());
    record.put("seq", batch.seq());
    record.put("final", batch.last());
    record.put(
        "sport",
        batch.sport().map(s -> new GenericData.EnumSymbol(sportSchema, s.name())).orElse(null));
    record.put("source", batch.source());
    List<GenericRecord> samples = new ArrayList<>();
    for (Sample s : batch.samples()) {
      GenericRecord sample = new GenericData.Record(sampleSchema);
      sample.put("time", s.time().toEpochMilli());
      sample.put("lat", s.lat());
      sample.put("lon", s.lon());
      sample.put("elevationM", s.elevationM());
      sample.put("speedMps", s.speedMps());
      sample.put("distanceM", s.distanceM());
      sample.put("heartRateBpm", s.heartRateBpm());
      sample.put("cadenceSpm", s.cadenceSpm());
      sample.put("verticalOscillationMm", s.verticalOscillationMm());
      if (sampleSchema.getField("pauseBefore") != null) {
        sample.put("pauseBefore", s.pauseBefore());
      }
      samples.add(sample);
    }
    record.put("samples", samples);
    if (schema.getField("uploadId") != null) {
      record.put("uploadId", batch.uploadId());
    }
    if (schema.getField("firmware") != null) {
      record.put("firmware", "fr965-19.18");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Encoder encoder = EncoderFactory.get().binaryEncoder(body, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return WireFormat.frame(id, body.toByteArray());
  }

  /** The registry, counting the schema lookups by id. */
  private record CountingRegistry(SchemaRegistryClient registry, AtomicInteger byIdLookups)
      implements SchemaRegistryClient {
    @Override
    public Schema schemaById(int id) {
      byIdLookups.incrementAndGet();
      return registry.schemaById(id);
    }

    @Override
    public int register(String subject, Schema schema) {
      return registry.register(subject, schema);
    }

    @Override
    public List<Integer> versions(String subject) {
      return registry.versions(subject);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
      return registry.version(subject, version);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
      return registry.isCompatible(subject, schema);
    }
  }
}
