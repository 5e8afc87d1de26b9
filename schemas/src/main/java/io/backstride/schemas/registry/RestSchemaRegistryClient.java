package io.backstride.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A {@link SchemaRegistryClient} that speaks the REST API of the Confluent Schema Registry, so it
 * works against the real Confluent registry, any compatible one, and the local one of backstride.
 *
 * <p>It caches only what a registry never changes: the id of a schema under a subject, and the
 * schema of an id. Versions and compatibility are always asked afresh. Every call is bounded
 * (connect {@value #CONNECT_TIMEOUT_SECONDS} s, request {@value #REQUEST_TIMEOUT_SECONDS} s) so
 * that a registry that hangs fails a serializer instead of stalling a stream thread forever.
 *
 * <p>Authentication and TLS come from {@link RegistrySettings}: HTTP basic auth ({@code
 * user:password}, as Confluent's {@code basic.auth.user.info}, or in the URL as {@code
 * http://user:password@host:8081}) or a bearer token, on every request; over https, the
 * certificates of a truststore of its own or the JVM's, always with the host name checked. The
 * credentials are never part of a message, a log line or {@link #baseUrl()}. A registry that
 * answers 401 or 403 fails with a {@link SchemaRegistryAuthenticationException} whose one-line
 * message names the registry and the status.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  /** The content type of the Confluent REST API, v1. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  static final int CONNECT_TIMEOUT_SECONDS = 5;
  static final int REQUEST_TIMEOUT_SECONDS = 10;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final String authorization;
  private final boolean withCredentials;
  private final HttpClient http;
  private final ConcurrentMap<String, ConcurrentMap<Schema, Integer>> idBySubjectAndSchema =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<Integer, Schema> schemaById = new ConcurrentHashMap<>();

  /**
   * A client of the registry at {@code baseUrl}, e.g. {@code http://127.0.0.1:8081} (a trailing
   * slash is ignored; {@code user:password@} in it is sent as basic auth).
   */
  public RestSchemaRegistryClient(String baseUrl) {
    this(RegistrySettings.of(baseUrl));
  }

  /**
   * A client of the registry at {@code baseUrl} that authenticates as {@code userInfo} ({@code
   * user:password}; null or blank: as the URL says, else not at all).
   */
  public RestSchemaRegistryClient(String baseUrl, String userInfo) {
    this(
        RegistrySettings.fromEnv(
            baseUrl,
            userInfo == null ? Map.of() : Map.of(RegistrySettings.BASIC_AUTH_USER_INFO, userInfo)));
  }

  /** A client of the registry as {@code settings} say: where, with which credentials, over TLS. */
  public RestSchemaRegistryClient(RegistrySettings settings) {
    this.baseUrl = settings.url();
    this.authorization = settings.authorization().orElse(null);
    this.withCredentials = authorization != null;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            // Registries are plain HTTP/1.1 services; asking for an h2c upgrade buys nothing.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS));
    if (settings.truststore() != null) {
      // the JDK's client checks the certificate's host name against the URL's (RFC 2818)
      builder.sslContext(settings.truststore().sslContext());
    }
    this.http = builder.build();
  }

  /**
   * A client of {@code url} with the credentials and truststore the {@code
   * BACKSTRIDE_SCHEMA_REGISTRY_*} variables of {@code env} name (see {@link RegistrySettings}).
   *
   * @throws IllegalArgumentException one line naming the variable that does not fit
   */
  public static RestSchemaRegistryClient fromEnv(String url, Map<String, String> env) {
    return new RestSchemaRegistryClient(RegistrySettings.fromEnv(url, env));
  }

  /** The base URL this client talks to, without a trailing slash or credentials. */
  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public int register(String subject, Schema schema) {
    ConcurrentMap<Schema, Integer> ids =
        idBySubjectAndSchema.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = ids.get(schema);
    if (cached != null) {
      return cached;
    }
    ObjectNode body = JSON.createObjectNode().put("schema", schema.toString());
    JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", body);
    int id = requiredInt(answer, "id");
    ids.put(schema, id);
    schemaById.putIfAbsent(id, schema);
    return id;
  }

  /** The id registered or found earlier by this client, else the registry's answer to a lookup. */
  @Override
  public int idOf(String subject, Schema schema) {
    Map<Schema, Integer> ids = idBySubjectAndSchema.get(subject);
    Integer cached = ids == null ? null : ids.get(schema);
    return cached != null ? cached : lookup(subject, schema).id();
  }

  /**
   * Sets the registry's mode ({@code READWRITE}, {@code READONLY}), Confluent's {@code PUT /mode}.
   *
   * @return the mode the registry answered with
   */
  public String setMode(String mode) {
    JsonNode answer = send("PUT", "/mode", JSON.createObjectNode().put("mode", mode));
    return requiredText(answer, "mode");
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    ObjectNode body = JSON.createObjectNode().put("schema", schema.toString());
    JsonNode answer = send("POST", "/subjects/" + encode(subject), body);
    int id = requiredInt(answer, "id");
    idBySubjectAndSchema.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
    schemaById.putIfAbsent(id, schema);
    return new RegisteredSchema(
        answer.path("subject").asText(subject), requiredInt(answer, "version"), id, schema);
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemaById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("GET", "/schemas/ids/" + id, null);
    Schema schema = parse(requiredText(answer, "schema"), "schema " + id);
    // Another thread may have fetched it meanwhile; both copies are equal, keep the first.
    Schema previous = schemaById.putIfAbsent(id, schema);
    return previous != null ? previous : schema;
  }

  @Override
  public List<Integer> versions(String subject) {
    JsonNode answer = send("GET", "/subjects/" + encode(subject) + "/versions", null);
    if (!answer.isArray()) {
      throw unexpected("a list of versions", answer);
    }
    List<Integer> versions = new ArrayList<>(answer.size());
    answer.forEach(v -> versions.add(v.asInt()));
    return List.copyOf(versions);
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    String which = version == -1 ? "latest" : Integer.toString(version);
    JsonNode answer = send("GET", "/subjects/" + encode(subject) + "/versions/" + which, null);
    int id = requiredInt(answer, "id");
    Schema schema = schemaById.get(id);
    if (schema == null) {
      schema = parse(requiredText(answer, "schema"), subject + " version " + which);
      schemaById.putIfAbsent(id, schema);
    }
    return new RegisteredSchema(
        answer.path("subject").asText(subject), requiredInt(answer, "version"), id, schema);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    ObjectNode body = JSON.createObjectNode().put("schema", schema.toString());
    try {
      JsonNode answer =
          send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", body);
      JsonNode flag = answer.get("is_compatible");
      if (flag == null || !flag.isBoolean()) {
        throw unexpected("is_compatible", answer);
      }
      return flag.booleanValue();
    } catch (SchemaRegistryException e) {
      // Older Confluent registries answer 40401 for a subject with no versions yet, where newer
      // ones answer true: either way nothing registered can clash with the schema.
      if (e.errorCode() == 40401) {
        return true;
      }
      throw e;
    }
  }

  private JsonNode send(String method, String path, JsonNode body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(REQUEST_TIMEOUT_SECONDS))
            .header("Accept", CONTENT_TYPE + ", application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SchemaRegistryException(
          method + " " + baseUrl + path + " failed: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(method + " " + baseUrl + path + " interrupted", e);
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new SchemaRegistryAuthenticationException(
          baseUrl, response.statusCode(), withCredentials);
    }
    if (response.statusCode() / 100 != 2) {
      throw error(response);
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new SchemaRegistryException(
          method + " " + baseUrl + path + " answered no JSON: " + abbreviate(response.body()), e);
    }
  }

  /** Reads Confluent's error body {@code {"error_code": N, "message": "..."}}, if there is one. */
  static SchemaRegistryException error(HttpResponse<String> response) {
    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body();
    try {
      JsonNode body = JSON.readTree(text);
      if (body != null && body.hasNonNull("error_code")) {
        return new SchemaRegistryException(
            status, body.get("error_code").asInt(status), body.path("message").asText(""));
      }
    } catch (IOException notJson) {
      // A proxy or a servlet container answered instead of the registry: keep its text.
    }
    return new SchemaRegistryException(
        status,
        status,
        response.request().method() + " " + response.uri() + ": " + abbreviate(text));
  }

  private static Schema parse(String text, String what) {
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException("The registry returned an unreadable " + what, e);
    }
  }

  private static int requiredInt(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw unexpected(field, node);
    }
    return value.intValue();
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw unexpected(field, node);
    }
    return value.textValue();
  }

  private static SchemaRegistryException unexpected(String expected, JsonNode answer) {
    return new SchemaRegistryException(
        "The registry answered without " + expected + ": " + abbreviate(answer.toString()), null);
  }

  /** Subjects are path segments: {@code +} would mean a plus sign there, so spaces are %20. */
  static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The JDK's client throws a ConnectException without a message for a refused connection. */
  private static String describe(IOException e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? kind : kind + ": " + message;
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
