package io.backstride.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API that the serdes and the tools use. Implementations
 * cache what never changes (an id's schema, a schema's id under a subject).
 */
public interface SchemaRegistryClient {

  /**
   * Registers {@code schema} under {@code subject} (or finds it there) and returns its global id.
   */
  int register(String subject, Schema schema);

  /**
   * Finds {@code schema} among the versions of {@code subject} without registering it, as
   * Confluent's serializers do with {@code auto.register.schemas=false}. Fails with error 40401
   * when the subject has no versions and 40403 when none of them is this schema.
   */
  default RegisteredSchema lookup(String subject, Schema schema) {
    for (int v : versions(subject)) {
      RegisteredSchema registered = version(subject, v);
      if (registered.schema().equals(schema)) {
        return registered;
      }
    }
    throw new SchemaRegistryException(
        404, 40403, "Schema not found under subject '" + subject + "'");
  }

  /**
   * The id of {@code schema} under {@code subject}, as {@link #lookup} finds it; a client that
   * registered or found it before may answer from what it remembers, since a registry never changes
   * an id once given.
   */
  default int idOf(String subject, Schema schema) {
    return lookup(subject, schema).id();
  }

  /** The schema with this global id. */
  Schema schemaById(int id);

  /** The versions registered under {@code subject}, oldest first. */
  List<Integer> versions(String subject);

  /** One version of a subject; {@code version} -1 means the latest. */
  RegisteredSchema version(String subject, int version);

  /** Whether {@code schema} may be registered under {@code subject} by its compatibility rule. */
  boolean isCompatible(String subject, Schema schema);

  /** A schema as registered under a subject. */
  record RegisteredSchema(String subject, int version, int id, Schema schema) {}
}
