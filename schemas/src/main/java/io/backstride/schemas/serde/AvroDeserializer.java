package io.backstride.schemas.serde;

import io.backstride.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format values into Avro-generated records. The writer's schema comes from
 * the registry by the id in the header and is resolved against the reader's: values written with an
 * older or newer compatible schema read fine.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private final SchemaRegistryClient registry;
  private final Schema readerSchema;
  private final ConcurrentMap<Integer, SpecificDatumReader<T>> readerByWriterId =
      new ConcurrentHashMap<>();

  public AvroDeserializer(SchemaRegistryClient registry, Schema readerSchema) {
    this.registry = registry;
    this.readerSchema = readerSchema;
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    int id = WireFormat.schemaId(data);
    SpecificDatumReader<T> reader =
        readerByWriterId.computeIfAbsent(
            id, writerId -> new SpecificDatumReader<>(registry.schemaById(writerId), readerSchema));
    try {
      BinaryDecoder decoder =
          DecoderFactory.get()
              .binaryDecoder(
                  data, WireFormat.HEADER_LENGTH, data.length - WireFormat.HEADER_LENGTH, null);
      return reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot read "
              + readerSchema.getFullName()
              + " from "
              + topic
              + " (schema id "
              + id
              + "): "
              + e.getMessage(),
          e);
    }
  }
}
