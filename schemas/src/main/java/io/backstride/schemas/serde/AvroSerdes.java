package io.backstride.schemas.serde;

import io.backstride.schemas.Topic;
import io.backstride.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes for every Avro value type, all sharing one registry client and its caches. */
public final class AvroSerdes {
  private final SchemaRegistryClient registry;
  private final boolean autoRegister;

  /** Serdes whose serializers register their schemas on first write (tools, tests). */
  public AvroSerdes(SchemaRegistryClient registry) {
    this(registry, true);
  }

  /**
   * @param autoRegister false: the serializers only look up the schemas of the pipeline's topics,
   *     which the services register at start (see {@link AvroSerializer})
   */
  public AvroSerdes(SchemaRegistryClient registry, boolean autoRegister) {
    this.registry = registry;
    this.autoRegister = autoRegister;
  }

  /** The value serde of a topic. */
  public <V extends SpecificRecord> Serde<V> value(Topic<V> topic) {
    return of(topic.valueType());
  }

  /** A serde for any generated type, e.g. for a repartition topic or a state store. */
  public <V extends SpecificRecord> Serde<V> of(Class<V> type) {
    Schema schema = SpecificData.get().getSchema(type);
    return Serdes.serdeFrom(
        new AvroSerializer<>(registry, schema, autoRegister),
        new AvroDeserializer<>(registry, schema));
  }

  public SchemaRegistryClient registry() {
    return registry;
  }
}
