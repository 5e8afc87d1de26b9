package io.backstride.schemas.serde;

import io.backstride.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro-generated records in the Confluent wire format, registering the value schema under
 * {@code <topic>-value} the first time a topic is written.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  private final SchemaRegistryClient registry;
  private final Schema schema;
  private final SpecificDatumWriter<T> writer;
  private final ConcurrentMap<String, Integer> idByTopic = new ConcurrentHashMap<>();

  public AvroSerializer(SchemaRegistryClient registry, Schema schema) {
    this.registry = registry;
    this.schema = schema;
    this.writer = new SpecificDatumWriter<>(schema);
  }

  @Override
  public byte[] serialize(String topic, T value) {
    if (value == null) {
      return null; // a tombstone stays a tombstone
    }
    int id = idByTopic.computeIfAbsent(topic, t -> registry.register(t + "-value", schema));
    try {
      ByteArrayOutputStream body = new ByteArrayOutputStream(256);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(body, null);
      writer.write(value, encoder);
      encoder.flush();
      return WireFormat.frame(id, body.toByteArray());
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot write " + schema.getFullName() + " to " + topic + ": " + e.getMessage(), e);
    }
  }
}
