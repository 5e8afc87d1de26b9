package io.backstride.schemas;

import org.apache.avro.specific.SpecificRecord;

/**
 * A Kafka topic with the type of its values. Every key in backstride is a string (the athlete, or
 * athlete and activity), so only the value type varies.
 *
 * @param name the topic name, kebab-case and versioned
 * @param valueType the Avro-generated class of the values
 * @param compacted whether the topic keeps only the latest value per key
 */
public record Topic<V extends SpecificRecord>(String name, Class<V> valueType, boolean compacted) {

  /** The subject under which the value schema is registered (Confluent's TopicNameStrategy). */
  public String valueSubject() {
    return name + "-value";
  }
}
