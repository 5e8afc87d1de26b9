package io.backstride.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicCreator;
import io.backstride.schemas.Topic;
import io.backstride.schemas.Topic.Cleanup;
import io.backstride.schemas.Topic.Key;
import io.backstride.schemas.Topic.Partitions;
import io.backstride.schemas.registry.Compatibility;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The schemas of the local registry: an in-memory index written through to, and rebuilt from, the
 * compacted Kafka topic {@value #TOPIC}, laid out like Confluent's. Each version of a subject is
 * one record, key {@code {"keytype":"SCHEMA","subject":S,"version":V,"magic":1}}, value {@code
 * {"subject":S,"version":V,"id":I,"schema":"...","deleted":false}}; a compatibility setting is a
 * record with keytype {@code CONFIG}. Because every key is distinct, compaction keeps every
 * version, and a restarted store gets back the same ids and versions.
 *
 * <p><b>Single writer.</b> There is no leader election: the store assumes that it is the only
 * process writing to the topic. Two stores on one topic would hand out the same ids for different
 * schemas. That is right for one local stack per broker, and wrong for anything shared.
 *
 * <p>Every write is acknowledged by all in-sync replicas before the index changes, so an answer the
 * registry gives is never lost by a restart.
 */
public final class KafkaSchemaStore implements AutoCloseable {
  /** The topic the schemas live in, named like Confluent's default. */
  public static final String TOPIC = "_schemas";

  /**
   * One partition: the order of the records is the order of the registrations. Compacted, and every
   * key is distinct, so every version stays.
   */
  static final Topic<String> STORE =
      new Topic<>(
          TOPIC,
          Key.REGISTRY_ENTRY,
          String.class,
          Partitions.ONE,
          Cleanup.COMPACT,
          Optional.empty());

  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaProducer<String, String> producer;
  private final Map<String, NavigableMap<Integer, Version>> versionsBySubject = new TreeMap<>();
  private final Map<Integer, Schema> schemaById = new HashMap<>();
  private final Map<String, Integer> idByCanonicalSchema = new HashMap<>();
  private final Map<String, Compatibility> compatibilityBySubject = new HashMap<>();
  private Compatibility globalCompatibility = Compatibility.BACKWARD;
  private int nextId = 1;

  /**
   * Confluent's registry modes that this one keeps. Kept in memory only, not in the topic: a
   * registry starts READWRITE, so that the services can register their schemas at start, and
   * whoever starts them (e.g. {@code ./backstride run}) makes it READONLY afterwards.
   */
  public enum Mode {
    READWRITE,
    /** Reads and look-ups only: no new version, no compatibility change. */
    READONLY
  }

  private Mode mode = Mode.READWRITE;

  /** One version of a subject, with the schema text as registered (Avro's own rendering). */
  public record Version(String subject, int version, int id, String schema) {}

  private KafkaSchemaStore(KafkaProducer<String, String> producer) {
    this.producer = producer;
  }

  /**
   * Creates the topic if it is missing, reads it to its end to rebuild the index, and returns a
   * store ready to answer and to write.
   */
  public static KafkaSchemaStore open(KafkaConnection kafka) {
    ensureTopic(kafka);
    Map<String, Object> config = kafka.producerConfig();
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "backstride-schema-registry");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis());
    KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    KafkaSchemaStore store = new KafkaSchemaStore(producer);
    try {
      store.readToEnd(kafka);
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
    return store;
  }

  private static void ensureTopic(KafkaConnection kafka) {
    Map<String, Object> config = kafka.adminConfig();
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READ_TIMEOUT.toMillis());
    try (Admin admin = Admin.create(config)) {
      // The broker's default replication factor, so the same code serves one node and a cluster.
      TopicCreator.withBrokerDefaults(admin).ensure(List.of(STORE));
      TopicDescription description = awaitLeader(admin);
      if (description.partitions().size() != 1) {
        throw new IllegalStateException(
            TOPIC
                + " has "
                + description.partitions().size()
                + " partitions; the registry needs exactly one to keep the order of registrations");
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot create or check the topic " + TOPIC, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating the topic " + TOPIC, e);
    }
  }

  /**
   * The topic's description once its partition has a leader: a topic created a moment ago may not
   * be in every metadata cache yet, and reading it before then fails at random.
   */
  private static TopicDescription awaitLeader(Admin admin)
      throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (true) {
      try {
        TopicDescription description =
            admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
        if (description.partitions().stream().allMatch(p -> p.leader() != null)) {
          return description;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(TOPIC + " has no leader after " + READ_TIMEOUT);
      }
      Thread.sleep(50); // metadata propagates within milliseconds on a live broker
    }
  }

  private void readToEnd(KafkaConnection kafka) {
    TopicPartition partition = new TopicPartition(TOPIC, 0);
    Map<String, Object> config = kafka.consumerConfig();
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "backstride-schema-registry-reader");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READ_TIMEOUT.toMillis());
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      // Assigned, not subscribed: no consumer group, nothing committed, always from the start.
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (consumer.position(partition) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Could not read " + TOPIC + " to offset " + end + " within " + READ_TIMEOUT);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record.key(), record.value());
        }
      }
    }
  }

  /** Replays one record of the topic into the index; records of other kinds are skipped. */
  private void apply(String keyText, String valueText) {
    JsonNode key = readJson(keyText);
    if (key == null) {
      return;
    }
    switch (key.path("keytype").asText()) {
      case "SCHEMA" -> applySchema(key, readJson(valueText));
      case "CONFIG" -> applyConfig(key, readJson(valueText));
      default -> {
        // NOOP, MODE, DELETE_SUBJECT...: kinds this registry never writes.
      }
    }
  }

  private void applySchema(JsonNode key, JsonNode value) {
    String subject = key.path("subject").asText();
    int version = key.path("version").asInt();
    if (value == null || value.path("deleted").asBoolean(false)) {
      // A tombstone or a soft delete takes the version out of the subject; the id stays
      // resolvable, as in Confluent's registry, because old records may still carry it.
      NavigableMap<Integer, Version> versions = versionsBySubject.get(subject);
      if (versions != null) {
        versions.remove(version);
      }
      return;
    }
    int id = value.path("id").asInt();
    Schema schema;
    try {
      schema = new Schema.Parser().parse(value.path("schema").asText());
    } catch (RuntimeException e) {
      // A record no registry could have accepted: skip it, but never hand its id out again.
      nextId = Math.max(nextId, id + 1);
      return;
    }
    index(new Version(subject, version, id, schema.toString()), schema);
  }

  private void applyConfig(JsonNode key, JsonNode value) {
    JsonNode subject = key.get("subject");
    Compatibility level = null;
    if (value != null) {
      try {
        level = Compatibility.valueOf(value.path("compatibilityLevel").asText());
      } catch (IllegalArgumentException e) {
        return; // a level this registry does not know (e.g. FULL_TRANSITIVE) was never ours
      }
    }
    if (subject == null || subject.isNull()) {
      globalCompatibility = level == null ? Compatibility.BACKWARD : level;
    } else if (level == null) {
      compatibilityBySubject.remove(subject.asText());
    } else {
      compatibilityBySubject.put(subject.asText(), level);
    }
  }

  private void index(Version version, Schema schema) {
    versionsBySubject
        .computeIfAbsent(version.subject(), s -> new TreeMap<>())
        .put(version.version(), version);
    schemaById.putIfAbsent(version.id(), schema);
    idByCanonicalSchema.putIfAbsent(version.schema(), version.id());
    nextId = Math.max(nextId, version.id() + 1);
  }

  /**
   * Registers {@code schema} under {@code subject}: an identical schema already there keeps its
   * version and id; otherwise it must pass the subject's compatibility level against the latest
   * version, and it takes the global id of an identical schema under any subject, or a new id.
   */
  public synchronized Version register(String subject, Schema schema) {
    // The lock is held across the write to Kafka: registrations are rare, and one at a time is
    // what keeps ids and version numbers dense and in the order of the topic.
    String canonical = schema.toString();
    NavigableMap<Integer, Version> versions =
        versionsBySubject.getOrDefault(subject, new TreeMap<>());
    for (Version existing : versions.values()) {
      if (existing.schema().equals(canonical)) {
        return existing;
      }
    }
    // An identical schema (above) writes nothing, so a service restarted while the registry is
    // read-only still finds its schemas; anything new is refused.
    if (mode == Mode.READONLY) {
      throw RegistryError.readOnly(subject);
    }
    if (!versions.isEmpty()) {
      Compatibility level = compatibility(subject);
      if (!level.allows(schemaById.get(versions.lastEntry().getValue().id()), schema)) {
        throw RegistryError.incompatible(subject, level.name());
      }
    }
    Integer knownId = idByCanonicalSchema.get(canonical);
    int id = knownId != null ? knownId : nextId;
    int number = versions.isEmpty() ? 1 : versions.lastKey() + 1;
    Version version = new Version(subject, number, id, canonical);
    if (knownId == null) {
      // Taken before the write: if the write times out it may still land in the topic, and this
      // id must then not be given to another schema.
      nextId++;
    }
    write(schemaKey(subject, number), schemaValue(version));
    index(version, schema);
    return version;
  }

  /** The version of {@code subject} that holds {@code schema}. */
  public synchronized Version lookup(String subject, Schema schema) {
    String canonical = schema.toString();
    return subjectVersions(subject).values().stream()
        .filter(v -> v.schema().equals(canonical))
        .findFirst()
        .orElseThrow(() -> RegistryError.schemaNotFound("under subject '" + subject + "'"));
  }

  /** Every subject with at least one version, sorted. */
  public synchronized List<String> subjects() {
    return versionsBySubject.entrySet().stream()
        .filter(e -> !e.getValue().isEmpty())
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The version numbers of a subject, oldest first. */
  public synchronized List<Integer> versions(String subject) {
    return List.copyOf(subjectVersions(subject).keySet());
  }

  /** One version of a subject; -1 is the latest. */
  public synchronized Version version(String subject, int version) {
    NavigableMap<Integer, Version> versions = subjectVersions(subject);
    Version found = version == -1 ? versions.lastEntry().getValue() : versions.get(version);
    if (found == null) {
      throw RegistryError.versionNotFound(subject, version);
    }
    return found;
  }

  /** The schema text with this global id. */
  public synchronized String schemaById(int id) {
    Schema schema = schemaById.get(id);
    if (schema == null) {
      throw RegistryError.schemaNotFound(Integer.toString(id));
    }
    return schema.toString();
  }

  /** The subjects that have a version with this global id, sorted. */
  public synchronized List<String> subjectsOf(int id) {
    if (!schemaById.containsKey(id)) {
      throw RegistryError.schemaNotFound(Integer.toString(id));
    }
    TreeSet<String> subjects = new TreeSet<>();
    versionsBySubject.forEach(
        (subject, versions) -> {
          if (versions.values().stream().anyMatch(v -> v.id() == id)) {
            subjects.add(subject);
          }
        });
    return List.copyOf(subjects);
  }

  /**
   * Whether {@code schema} may follow the given version ({@code -1}: the latest) by the subject's
   * compatibility level. A subject with no versions accepts anything at "latest".
   */
  public synchronized boolean isCompatible(String subject, int version, Schema schema) {
    NavigableMap<Integer, Version> versions = versionsBySubject.get(subject);
    if (version == -1 && (versions == null || versions.isEmpty())) {
      return true;
    }
    Version against = version(subject, version);
    return compatibility(subject).allows(schemaById.get(against.id()), schema);
  }

  /** The compatibility level of a subject: its own, else the global one. */
  public synchronized Compatibility compatibility(String subject) {
    return compatibilityBySubject.getOrDefault(subject, globalCompatibility);
  }

  /** The global compatibility level; BACKWARD unless changed. */
  public synchronized Compatibility globalCompatibility() {
    return globalCompatibility;
  }

  /** Sets the level of one subject, or the global level when {@code subject} is null. */
  public synchronized void setCompatibility(String subject, Compatibility level) {
    if (mode == Mode.READONLY) {
      throw RegistryError.readOnly(subject);
    }
    ObjectNode key = JSON.createObjectNode().put("keytype", "CONFIG");
    if (subject == null) {
      key.putNull("subject");
    } else {
      key.put("subject", subject);
    }
    key.put("magic", 0);
    write(
        key.toString(), JSON.createObjectNode().put("compatibilityLevel", level.name()).toString());
    if (subject == null) {
      globalCompatibility = level;
    } else {
      compatibilityBySubject.put(subject, level);
    }
  }

  /** The registry's mode; READWRITE until set. */
  public synchronized Mode mode() {
    return mode;
  }

  /** Sets the registry's mode; it holds until changed or until the registry restarts. */
  public synchronized void setMode(Mode mode) {
    this.mode = mode;
  }

  private NavigableMap<Integer, Version> subjectVersions(String subject) {
    NavigableMap<Integer, Version> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw RegistryError.subjectNotFound(subject);
    }
    return versions;
  }

  private void write(String key, String value) {
    try {
      producer
          .send(new ProducerRecord<>(TOPIC, 0, key, value))
          .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw RegistryError.storeError(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw RegistryError.storeError("no acknowledgement within " + WRITE_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RegistryError.storeError("interrupted while writing", e);
    } catch (RuntimeException e) {
      throw RegistryError.storeError(e.getMessage(), e);
    }
  }

  static String schemaKey(String subject, int version) {
    return JSON.createObjectNode()
        .put("keytype", "SCHEMA")
        .put("subject", subject)
        .put("version", version)
        .put("magic", 1)
        .toString();
  }

  private static String schemaValue(Version version) {
    return JSON.createObjectNode()
        .put("subject", version.subject())
        .put("version", version.version())
        .put("id", version.id())
        .put("schema", version.schema())
        .put("deleted", false)
        .toString();
  }

  private static JsonNode readJson(String text) {
    if (text == null) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      // Not a record of ours (Confluent also writes other kinds); skipping it keeps the rest.
      return null;
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
