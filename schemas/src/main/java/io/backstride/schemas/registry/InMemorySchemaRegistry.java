package io.backstride.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A registry held in memory, for unit tests of topologies and serdes that need no HTTP. It follows
 * the same rules as the real one: global ids, versions per subject, BACKWARD compatibility.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {
  private final Map<Integer, org.apache.avro.Schema> byId = new HashMap<>();
  private final Map<String, List<RegisteredSchema>> bySubject = new HashMap<>();

  @Override
  public synchronized int register(String subject, org.apache.avro.Schema schema) {
    List<RegisteredSchema> versions = bySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    for (RegisteredSchema existing : versions) {
      if (existing.schema().equals(schema)) {
        return existing.id();
      }
    }
    if (!versions.isEmpty()
        && !Compatibility.BACKWARD.allows(versions.get(versions.size() - 1).schema(), schema)) {
      throw new SchemaRegistryException(409, 409, "Schema being registered is incompatible");
    }
    int id =
        byId.entrySet().stream()
            .filter(e -> e.getValue().equals(schema))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(byId.size() + 1);
    byId.put(id, schema);
    versions.add(new RegisteredSchema(subject, versions.size() + 1, id, schema));
    return id;
  }

  @Override
  public synchronized org.apache.avro.Schema schemaById(int id) {
    org.apache.avro.Schema schema = byId.get(id);
    if (schema == null) {
      throw new SchemaRegistryException(404, 40403, "Schema " + id + " not found");
    }
    return schema;
  }

  @Override
  public synchronized List<Integer> versions(String subject) {
    return subjectVersions(subject).stream().map(RegisteredSchema::version).toList();
  }

  @Override
  public synchronized RegisteredSchema version(String subject, int version) {
    List<RegisteredSchema> versions = subjectVersions(subject);
    if (version == -1) {
      return versions.get(versions.size() - 1);
    }
    if (version < 1 || version > versions.size()) {
      throw new SchemaRegistryException(404, 40402, "Version " + version + " not found");
    }
    return versions.get(version - 1);
  }

  @Override
  public synchronized boolean isCompatible(String subject, org.apache.avro.Schema schema) {
    List<RegisteredSchema> versions = bySubject.getOrDefault(subject, List.of());
    return versions.isEmpty()
        || Compatibility.BACKWARD.allows(versions.get(versions.size() - 1).schema(), schema);
  }

  private List<RegisteredSchema> subjectVersions(String subject) {
    List<RegisteredSchema> versions = bySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaRegistryException(404, 40401, "Subject '" + subject + "' not found");
    }
    return versions;
  }
}
