package io.backstride.schemas.codec;

import io.backstride.schemas.Topic;
import io.backstride.schemas.registry.InMemorySchemaRegistry;
import io.backstride.schemas.serde.AvroSerdes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Avro records through bytes, the way the pipeline writes and reads them. */
final class Wire {
  private static final AvroSerdes AVRO = new AvroSerdes(new InMemorySchemaRegistry(), true);

  /** Through the topic's own serializer and deserializer (Confluent wire format). */
  static <V extends SpecificRecord> V through(Topic<V> topic, V value) {
    Serde<V> serde = AVRO.value(topic);
    byte[] bytes = serde.serializer().serialize(topic.name(), value);
    return serde.deserializer().deserialize(topic.name(), bytes);
  }

  /** Through Avro's binary encoding, for a record that is no topic's value of its own. */
  @SuppressWarnings("unchecked")
  static <V extends SpecificRecord> V binary(V value) {
    Schema schema = value.getSchema();
    return (V) read(schema, schema, write(new SpecificDatumWriter<>(schema), value));
  }

  /**
   * A record written by an older writer whose schema lacked some fields, read as the current class:
   * the reader fills the missing fields with their defaults.
   */
  static <V extends SpecificRecord> V fromOlderWriter(GenericRecord old, Schema current) {
    @SuppressWarnings("unchecked")
    V read =
        (V) read(old.getSchema(), current, write(new GenericDatumWriter<>(old.getSchema()), old));
    return read;
  }

  private static <T> byte[] write(org.apache.avro.io.DatumWriter<T> writer, T value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      writer.write(value, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Object read(Schema writer, Schema reader, byte[] bytes) {
    try {
      return new SpecificDatumReader<>(writer, reader)
          .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code current} without the named fields: the schema of a writer from before they existed. */
  static Schema without(Schema current, String... names) {
    java.util.Set<String> dropped = java.util.Set.of(names);
    return Schema.createRecord(
        current.getName(),
        current.getDoc(),
        current.getNamespace(),
        false,
        current.getFields().stream()
            .filter(f -> !dropped.contains(f.name()))
            .map(f -> new Schema.Field(f, f.schema()))
            .toList());
  }

  private Wire() {}
}
