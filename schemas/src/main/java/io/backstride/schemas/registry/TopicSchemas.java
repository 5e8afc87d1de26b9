package io.backstride.schemas.registry;

import io.backstride.schemas.Topic;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * Registers the value schemas of a service's topics when it starts, so that the subjects exist
 * before the first record: a consumer can read {@code <topic>-value} on a fresh stack, and a
 * producer that does not auto-register (Confluent's advice for production) can write profiles or
 * symptoms before backstride has. Registering is idempotent (the same schema gets the same id and
 * version) and the registry checks each new version against its compatibility level (BACKWARD by
 * default), so a schema the registry refuses stops the service at start with one line saying which
 * subject and why, rather than failing the first write of that topic later.
 */
public final class TopicSchemas {
  /**
   * The environment variable: {@code true} lets the producers also register a schema they do not
   * find under a pipeline topic's subject; {@code false} (the default), they only look it up.
   */
  public static final String AUTO_REGISTER = "BACKSTRIDE_SCHEMA_AUTO_REGISTER";

  /** Whether producers register schemas themselves, from {@value #AUTO_REGISTER} (false). */
  public static boolean autoRegister(Map<String, String> env) {
    String value = env.getOrDefault(AUTO_REGISTER, "false").strip();
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false") || value.isEmpty()) {
      return false;
    }
    throw new IllegalArgumentException(
        AUTO_REGISTER + " must be true or false, not '" + value + "'");
  }

  /**
   * Registers the value schema of each topic under {@code <topic>-value}; topics whose values are
   * not Avro are skipped.
   *
   * @return the schema id of each subject, in the order of the topics
   * @throws SchemaRegistrationException when the registry refuses a schema or cannot be reached;
   *     the message, one line, names the schema, the subject and the registry's reason
   */
  public static Map<String, Integer> register(
      SchemaRegistryClient registry, List<Topic<?>> topics) {
    Map<String, Integer> idBySubject = new LinkedHashMap<>();
    for (Topic<?> topic : topics) {
      if (!topic.avro()) {
        continue; // plain text (the sent log): no schema to register
      }
      Schema schema = SpecificData.get().getSchema(topic.valueType());
      String subject = topic.valueSubject();
      try {
        idBySubject.put(subject, registry.register(subject, schema));
      } catch (SchemaRegistryException e) {
        throw new SchemaRegistrationException(refusal(topic, subject, e), e);
      }
    }
    return Collections.unmodifiableMap(idBySubject);
  }

  /**
   * Asks the registry for the versions of {@code topic}'s value subject, so that a service that
   * only reads (and so registers nothing at start) learns then, in one line, that the registry
   * refuses its credentials, rather than at every record later. Any other answer (no such subject
   * yet, the registry down) is left to the reads, which retry.
   *
   * @throws SchemaRegistrationException when the registry answers 401 or 403
   */
  public static void checkCredentials(SchemaRegistryClient registry, Topic<?> topic) {
    try {
      registry.versions(topic.valueSubject());
    } catch (SchemaRegistryAuthenticationException e) {
      throw new SchemaRegistrationException(e.getMessage(), e);
    } catch (SchemaRegistryException notYetOrDown) {
      // not about credentials: the readers find out, and retry, as they would without this
    }
  }

  private static String refusal(Topic<?> topic, String subject, SchemaRegistryException e) {
    if (e instanceof SchemaRegistryAuthenticationException) {
      // a setting, the same for every subject: the one line says which registry and why
      return e.getMessage();
    }
    String schema = topic.valueType().getSimpleName();
    if (e.errorCode() == 409) {
      return "The schema registry refused "
          + schema
          + " under "
          + subject
          + ": it is not compatible with the version already there ("
          + oneLine(e.getMessage())
          + "); compare GET /subjects/"
          + subject
          + "/versions/latest with "
          + schema
          + ".avsc";
    }
    if (e.httpStatus() == 0) {
      return "Cannot register " + schema + " under " + subject + ": " + oneLine(e.getMessage());
    }
    return "The schema registry refused "
        + schema
        + " under "
        + subject
        + ": "
        + oneLine(e.getMessage());
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  private TopicSchemas() {}
}
