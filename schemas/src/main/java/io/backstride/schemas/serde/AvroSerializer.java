package io.backstride.schemas.serde;

import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryException;
import io.backstride.schemas.registry.TopicSchemas;
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
 * Writes Avro-generated records in the Confluent wire format under the id of the value schema in
 * {@code <topic>-value}, found the first time a topic is written.
 *
 * <p>For the pipeline's own topics ({@link Topics#ALL}) a serializer that does not auto-register
 * only looks the schema up: the services register those at start ({@link TopicSchemas}), so a
 * missing or different schema is an error rather than a new version slipped in by a running
 * producer. Every other topic (Streams' changelogs and repartition topics) belongs to the
 * application that writes it and is registered on first write either way.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  private final SchemaRegistryClient registry;
  private final Schema schema;
  private final SpecificDatumWriter<T> writer;
  private final boolean autoRegister;
  private final ConcurrentMap<String, Integer> idByTopic = new ConcurrentHashMap<>();

  /** A serializer that registers its schema on first write to any topic. */
  public AvroSerializer(SchemaRegistryClient registry, Schema schema) {
    this(registry, schema, true);
  }

  /**
   * @param autoRegister whether to register the schema under a pipeline topic's subject when it is
   *     not there yet, or only to look it up
   */
  public AvroSerializer(SchemaRegistryClient registry, Schema schema, boolean autoRegister) {
    this.registry = registry;
    this.schema = schema;
    this.writer = new SpecificDatumWriter<>(schema);
    this.autoRegister = autoRegister;
  }

  @Override
  public byte[] serialize(String topic, T value) {
    if (value == null) {
      return null; // a tombstone stays a tombstone
    }
    int id = idByTopic.computeIfAbsent(topic, this::schemaId);
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

  private int schemaId(String topic) {
    String subject = topic + "-value";
    if (autoRegister || !Topics.isPipelineTopic(topic)) {
      return registry.register(subject, schema);
    }
    try {
      return registry.idOf(subject, schema);
    } catch (SchemaRegistryException e) {
      if (e.httpStatus() == 404) {
        throw new SerializationException(
            "The schema of "
                + schema.getFullName()
                + " is not registered under "
                + subject
                + " and producers do not register schemas ("
                + TopicSchemas.AUTO_REGISTER
                + "=false): start the service that writes "
                + topic
                + ", which registers it, or register it yourself",
            e);
      }
      throw e;
    }
  }
}
