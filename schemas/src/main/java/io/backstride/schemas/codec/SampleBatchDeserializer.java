package io.backstride.schemas.codec;

import io.backstride.core.Sample;
import io.backstride.core.SampleBatch;
import io.backstride.core.Sport;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.serde.AvroDeserializer;
import io.backstride.schemas.serde.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Values of {@code activity-samples.v1} (Confluent wire format) to core {@link SampleBatch}es.
 *
 * <p>A value written with the reader's own schema, which is every value ingest writes, is decoded
 * field by field with Avro's {@link BinaryDecoder} straight into the core records: the generated
 * {@code io.backstride.avro} records, and the resolving reader that fills them, would only be
 * copied into the same core records and dropped (that path was a quarter of the stream thread's
 * CPU). Any other writer schema (older or newer, but compatible) is read the usual way, resolved by
 * {@link AvroDeserializer} and converted by {@link SampleBatchCodec}. Which path an id takes is
 * decided once per schema id.
 *
 * <p>The field-by-field reading follows the schema of {@link #DECODED_FINGERPRINT}; if the
 * generated class's schema ever differs from it, every value takes the usual path until this class
 * is updated (and {@code SampleBatchDeserializerTest} says so).
 *
 * <p>One instance may serve several stream threads (a topology's source shares its deserializer
 * among tasks): the id cache is concurrent, the reused decoder is per thread.
 */
public final class SampleBatchDeserializer implements Deserializer<SampleBatch> {
  /**
   * A system property that, when {@code true}, sends every value down the usual path: for the
   * benchmark's A/B of both paths in one run, not for production.
   */
  public static final String USUAL_PATH_ONLY = "backstride.samples.usual-decode-only";

  /**
   * The parsing fingerprint (Avro's canonical form: field order and types, which are all the binary
   * encoding depends on) of the schema that {@link #decode} reads. The canonical form leaves out
   * logical types, so the sample time's unit is checked beside it ({@link #decodedShape}).
   */
  static final long DECODED_FINGERPRINT = 0x04890d85cfaa41cbL;

  private static final Schema READER = io.backstride.avro.SampleBatch.getClassSchema();

  /** The core sport of each symbol index of the Avro enum. */
  private static final Sport[] SPORTS =
      READER.getField("sport").schema().getTypes().get(1).getEnumSymbols().stream()
          .map(Sport::valueOf)
          .toArray(Sport[]::new);

  private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

  private final SchemaRegistryClient registry;
  private final AvroDeserializer<io.backstride.avro.SampleBatch> usual;
  private final boolean directAllowed;
  private final ConcurrentMap<Integer, Boolean> directById = new ConcurrentHashMap<>();

  /** The direct path for the reader's own schema, unless {@link #USUAL_PATH_ONLY} is set. */
  public SampleBatchDeserializer(SchemaRegistryClient registry) {
    this(registry, !Boolean.getBoolean(USUAL_PATH_ONLY));
  }

  /**
   * @param directAllowed false: every value takes the usual path
   */
  public SampleBatchDeserializer(SchemaRegistryClient registry, boolean directAllowed) {
    this.registry = registry;
    this.usual = new AvroDeserializer<>(registry, READER);
    this.directAllowed = directAllowed && decodedShape(READER);
  }

  /** Whether {@code schema} is the shape that {@link #decode} reads, millisecond times included. */
  static boolean decodedShape(Schema schema) {
    Schema time = schema.getField("samples").schema().getElementType().getField("time").schema();
    return SchemaNormalization.parsingFingerprint64(schema) == DECODED_FINGERPRINT
        && time.getLogicalType() != null
        && time.getLogicalType().getName().equals("timestamp-millis");
  }

  @Override
  public SampleBatch deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    int id = schemaId(topic, data);
    if (!directById.computeIfAbsent(id, this::readsDirectly)) {
      io.backstride.avro.SampleBatch batch = usual.deserialize(topic, data);
      return batch == null ? null : SampleBatchCodec.fromAvro(batch);
    }
    try {
      return decode(data);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(cannotRead(topic, id) + e, e);
    }
  }

  /**
   * Whether values of this writer schema id take the direct path (asks the registry; {@link
   * #deserialize} asks once per id and remembers).
   */
  public boolean readsDirectly(int writerId) {
    return directAllowed && registry.schemaById(writerId).equals(READER);
  }

  private static int schemaId(String topic, byte[] data) {
    if (data.length < WireFormat.HEADER_LENGTH) {
      throw new SerializationException(
          "Cannot read "
              + READER.getFullName()
              + " from "
              + topic
              + ": "
              + data.length
              + " bytes are too short for the Confluent wire format (no schema id)");
    }
    int id = ByteBuffer.wrap(data, 1, 4).getInt();
    if (data[0] != WireFormat.MAGIC_BYTE) {
      throw new SerializationException(
          cannotRead(topic, id)
              + "unknown magic byte "
              + data[0]
              + ", not the Confluent wire format");
    }
    return id;
  }

  private static String cannotRead(String topic, int id) {
    return "Cannot read " + READER.getFullName() + " from " + topic + " (schema id " + id + "): ";
  }

  /** The Avro binary body in the field order of the schema of {@link #DECODED_FINGERPRINT}. */
  private static SampleBatch decode(byte[] data) throws IOException {
    BinaryDecoder in =
        DecoderFactory.get()
            .binaryDecoder(
                data,
                WireFormat.HEADER_LENGTH,
                data.length - WireFormat.HEADER_LENGTH,
                DECODERS.get());
    DECODERS.set(in);
    String athleteId = in.readString();
    String activityId = in.readString();
    int seq = in.readInt();
    boolean last = in.readBoolean();
    Optional<Sport> sport = present(in) ? Optional.of(sport(in.readEnum())) : Optional.empty();
    String source = in.readString();
    List<Sample> samples = new ArrayList<>();
    for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
      for (long i = 0; i < n; i++) {
        samples.add(sample(in));
      }
    }
    String uploadId = present(in) ? in.readString() : null;
    return new SampleBatch(athleteId, activityId, seq, last, sport, source, samples, uploadId);
  }

  private static Sample sample(BinaryDecoder in) throws IOException {
    return new Sample(
        Instant.ofEpochMilli(in.readLong()),
        optionalDouble(in),
        optionalDouble(in),
        optionalDouble(in),
        optionalDouble(in),
        optionalDouble(in),
        present(in) ? in.readInt() : null,
        optionalDouble(in),
        optionalDouble(in),
        in.readBoolean());
  }

  private static Double optionalDouble(BinaryDecoder in) throws IOException {
    return present(in) ? in.readDouble() : null;
  }

  /** The branch of a {@code ["null", T]} union: whether a T follows. */
  private static boolean present(BinaryDecoder in) throws IOException {
    int branch = in.readIndex();
    if (branch != 0 && branch != 1) {
      throw new AvroTypeException("union branch " + branch + " of a [null, value] union");
    }
    return branch == 1;
  }

  private static Sport sport(int symbol) {
    if (symbol < 0 || symbol >= SPORTS.length) {
      throw new AvroTypeException("sport symbol " + symbol + " of " + SPORTS.length);
    }
    return SPORTS[symbol];
  }
}
