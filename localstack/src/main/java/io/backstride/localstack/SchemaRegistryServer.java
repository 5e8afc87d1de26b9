package io.backstride.localstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.registry.Compatibility;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small schema registry that speaks the subset of the Confluent Schema Registry REST API that
 * serializers and tools use, over Javalin, for the local stack where Confluent's registry (not on
 * Maven Central) cannot run. Schemas are Avro only and live in Kafka through a {@link
 * KafkaSchemaStore}, so they survive a restart with the same ids.
 *
 * <p>Routes: {@code POST /subjects/{s}/versions} (register), {@code POST /subjects/{s}} (look up),
 * {@code GET /subjects}, {@code GET /subjects/{s}/versions}, {@code GET
 * /subjects/{s}/versions/{v|latest}} and its {@code /schema}, {@code GET /schemas/ids/{id}} and its
 * {@code /subjects}, {@code POST /compatibility/subjects/{s}/versions/{v|latest}}, {@code GET|PUT
 * /config} and {@code GET|PUT /config/{s}}, {@code GET|PUT /mode}, {@code GET /}. Errors carry
 * Confluent's {@code {"error_code", "message"}} body and codes.
 *
 * <p><b>Who may use it.</b> Basic auth is off by default. Given credentials ({@code user:password},
 * e.g. from {@value #BASIC_AUTH}), every request needs them as HTTP basic auth, else 401 with
 * {@code WWW-Authenticate: Basic} and Confluent's error body, as Confluent's registry does with
 * basic auth on: so the clients' authentication is tested against a server as strict as the real
 * one, reads included. Anyone who can register a schema under a pipeline subject decides what the
 * services must write, so a registry that listens beyond loopback refuses to start without
 * credentials. In {@link KafkaSchemaStore.Mode#READONLY} mode ({@code PUT /mode
 * {"mode":"READONLY"}}, as in Confluent's API) nothing new can be registered (error 42205) while
 * the services run.
 *
 * <p>With a {@link Tls} keystore it answers over https only.
 *
 * <p>Single writer: there is no leader election between registries; run one per Kafka cluster.
 */
public final class SchemaRegistryServer implements AutoCloseable {
  /** The content type of Confluent's REST API, v1, used on every answer. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);
  private static final String HOST = "127.0.0.1";
  private static final Set<String> ACCEPTED_CONTENT_TYPES =
      Set.of(
          CONTENT_TYPE,
          "application/vnd.schemaregistry+json",
          "application/json",
          "application/octet-stream");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The environment variable with the credentials the local registry asks of every request ({@code
   * user:password}); unset: none.
   */
  public static final String BASIC_AUTH = "BACKSTRIDE_LOCAL_REGISTRY_BASIC_AUTH";

  /** The environment variable with the address the local registry listens on (127.0.0.1). */
  public static final String HOST_ENV = "BACKSTRIDE_SCHEMA_REGISTRY_HOST";

  /**
   * How long a request waits for a store being read: below the 10 s the services' registry client
   * waits for an answer ({@code RestSchemaRegistryClient}), so that a slow read ends in the
   * registry's own 503, not in a client's time-out. Reading {@code _schemas} takes about a second.
   */
  static final long OPENING_HOLD_MS = 8_000;

  // null while a server started beside its broker has not read its store yet (listen, open)
  private volatile KafkaSchemaStore store;
  // set once the store is being read (opening): requests then wait for it instead of a 503
  private volatile CompletableFuture<KafkaSchemaStore> opening;
  private final Javalin app;
  private final byte[] expectedAuthorization;
  private final Tls tls;
  private volatile String host = HOST;
  private volatile int requestedPort;

  /**
   * The keystore of an https registry: its key and certificate (e.g. a {@link
   * io.backstride.embeddedkafka.SelfSignedTls}'s keystore).
   */
  public record Tls(Path keystore, String password, String type) {
    @Override
    public String toString() {
      return "Tls[keystore=" + keystore + ", password=[hidden], type=" + type + "]";
    }
  }

  /** Builds the HTTP application over {@code store}; it listens only once started. */
  public SchemaRegistryServer(KafkaSchemaStore store) {
    this(store, null);
  }

  /**
   * Builds the HTTP application over {@code store}, asking writers for {@code userInfo} ({@code
   * user:password}; null or blank: writes are open, for loopback only).
   */
  public SchemaRegistryServer(KafkaSchemaStore store, String userInfo) {
    this(store, userInfo, null);
  }

  private SchemaRegistryServer(KafkaSchemaStore initialStore, String userInfo, Tls tls) {
    // the routes below read the field at each request: a server that listens first is given its
    // store later (open)
    this.store = initialStore;
    this.tls = tls;
    this.expectedAuthorization =
        userInfo == null || userInfo.isBlank()
            ? null
            : ("Basic "
                    + Base64.getEncoder()
                        .encodeToString(userInfo.strip().getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.defaultContentType = CONTENT_TYPE;
              if (tls != null) {
                // the only connector, so that nothing answers in plain http beside it
                config.jetty.addConnector((server, http) -> httpsConnector(server, http));
              }
              config.routes.before(this::requireCredentials);
              config.routes.before(this::requireOpen);
              config.routes.get("/", ctx -> answer(ctx, Map.of()));
              config.routes.get("/subjects", ctx -> answer(ctx, store.subjects()));
              config.routes.post("/subjects/{subject}/versions", this::register);
              config.routes.post("/subjects/{subject}", this::lookup);
              config.routes.get(
                  "/subjects/{subject}/versions",
                  ctx -> answer(ctx, store.versions(ctx.pathParam("subject"))));
              config.routes.get(
                  "/subjects/{subject}/versions/{version}",
                  ctx -> answer(ctx, versionBody(requestedVersion(ctx))));
              config.routes.get(
                  "/subjects/{subject}/versions/{version}/schema",
                  ctx -> ctx.contentType(CONTENT_TYPE).result(requestedVersion(ctx).schema()));
              config.routes.get(
                  "/schemas/ids/{id}", ctx -> answer(ctx, Map.of("schema", schemaById(ctx))));
              config.routes.get(
                  "/schemas/ids/{id}/subjects",
                  ctx -> answer(ctx, store.subjectsOf(schemaId(ctx))));
              config.routes.post(
                  "/compatibility/subjects/{subject}/versions/{version}", this::checkCompatibility);
              config.routes.get("/config", ctx -> answer(ctx, level(store.globalCompatibility())));
              config.routes.put("/config", ctx -> setLevel(ctx, null));
              config.routes.get(
                  "/config/{subject}",
                  ctx -> answer(ctx, level(store.compatibility(ctx.pathParam("subject")))));
              config.routes.put(
                  "/config/{subject}", ctx -> setLevel(ctx, ctx.pathParam("subject")));
              config.routes.get("/mode", ctx -> answer(ctx, Map.of("mode", store.mode().name())));
              config.routes.put("/mode", this::setMode);

              config.routes.exception(
                  RegistryError.class,
                  (e, ctx) -> error(ctx, e.httpStatus(), e.errorCode(), e.getMessage()));
              // Javalin's own answers (no such route, method not allowed) in Confluent's shape.
              config.routes.exception(
                  HttpResponseException.class,
                  (e, ctx) -> error(ctx, e.getStatus(), e.getStatus(), e.getMessage()));
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                    error(ctx, 500, 500, "Internal server error: " + e);
                  });
            });
  }

  /**
   * Opens the store on {@code bootstrapServers} (creating {@value KafkaSchemaStore#TOPIC} if
   * needed) and serves it on 127.0.0.1.
   *
   * @param port the port, or 0 for a free one
   */
  public static SchemaRegistryServer start(String bootstrapServers, int port) {
    return start(bootstrapServers, HOST, port, null, null);
  }

  /**
   * Opens the store on {@code bootstrapServers} and serves it on {@code host}.
   *
   * @param userInfo the credentials every request must send ({@code user:password}); required when
   *     {@code host} is not a loopback address
   * @throws IllegalArgumentException when the registry would listen beyond loopback without
   *     credentials, before anything is opened
   */
  public static SchemaRegistryServer start(
      String bootstrapServers, String host, int port, String userInfo) {
    return start(KafkaConnection.plaintext(bootstrapServers), host, port, userInfo, null);
  }

  /** Like {@link #start(KafkaConnection, String, int, String, Tls)}, on a plaintext Kafka. */
  public static SchemaRegistryServer start(
      String bootstrapServers, String host, int port, String userInfo, Tls tls) {
    return start(KafkaConnection.plaintext(bootstrapServers), host, port, userInfo, tls);
  }

  /** Like {@link #start(KafkaConnection, String, int, String, Tls)}, over plain http. */
  public static SchemaRegistryServer start(
      KafkaConnection kafka, String host, int port, String userInfo) {
    return start(kafka, host, port, userInfo, null);
  }

  /**
   * Opens the store on Kafka reached as {@code kafka} says and serves it on {@code host}, over
   * https when {@code tls} is given.
   *
   * @param userInfo the credentials every request must send ({@code user:password}); required when
   *     {@code host} is not a loopback address
   * @param tls the server's keystore, or null for plain http
   * @throws IllegalArgumentException when the registry would listen beyond loopback without
   *     credentials, before anything is opened
   */
  public static SchemaRegistryServer start(
      KafkaConnection kafka, String host, int port, String userInfo, Tls tls) {
    checkListening(host, userInfo);
    KafkaSchemaStore store = KafkaSchemaStore.open(kafka);
    try {
      SchemaRegistryServer server = new SchemaRegistryServer(store, userInfo, tls);
      server.host = host;
      server.requestedPort = port;
      server.app.start(host, port);
      return server;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * Refuses to listen beyond loopback without credentials, and credentials not shaped {@code
   * user:password}, before anything is opened.
   */
  static void checkListening(String host, String userInfo) {
    if ((userInfo == null || userInfo.isBlank()) && !isLoopback(host)) {
      throw new IllegalArgumentException(
          "The schema registry would listen on "
              + host
              + " with writes open to anyone who reaches it: set "
              + BASIC_AUTH
              + "=user:password, or listen on 127.0.0.1");
    }
    if (userInfo != null && !userInfo.isBlank() && userInfo.strip().indexOf(':') < 1) {
      throw new IllegalArgumentException(BASIC_AUTH + " must be user:password");
    }
  }

  /**
   * Listens on {@code host} before there is a store to serve: every request is answered 503 with
   * {@code Retry-After} until {@link #open} is given one. The local stack starts it beside its
   * broker, so that the HTTP server's start is not added to a restart's time after the broker.
   */
  static SchemaRegistryServer listen(String host, int port, String userInfo) {
    checkListening(host, userInfo);
    SchemaRegistryServer server = new SchemaRegistryServer(null, userInfo, null);
    server.host = host;
    server.requestedPort = port;
    server.app.start(host, port);
    return server;
  }

  /**
   * Says that the store is being read now (Kafka is up): from here on a request waits for it, up to
   * {@link #OPENING_HOLD_MS}, instead of being answered 503. A service started while the registry
   * reads its topic (as {@code backstride run} starts ingest) then gets its answer as soon as the
   * store is there, not a refusal it would have to retry.
   */
  void opening() {
    opening = new CompletableFuture<>();
  }

  /** Serves {@code opened} from now on (a server that {@link #listen}s without one). */
  void open(KafkaSchemaStore opened) {
    store = opened;
    CompletableFuture<KafkaSchemaStore> waiting = opening;
    if (waiting != null) {
      waiting.complete(opened);
    }
  }

  /** The store could not be read: requests held for it get their 503 now, not at the hold's end. */
  void openFailed(Throwable cause) {
    CompletableFuture<KafkaSchemaStore> waiting = opening;
    if (waiting != null) {
      waiting.completeExceptionally(cause);
    }
  }

  private void requireOpen(Context ctx) {
    if (store != null) {
      return;
    }
    CompletableFuture<KafkaSchemaStore> waiting = opening;
    if (waiting != null) {
      try {
        waiting.get(OPENING_HOLD_MS, TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException | TimeoutException notRead) {
        // answered like a registry whose store is not there yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ctx.header("Retry-After", "1");
    throw RegistryError.starting();
  }

  /** The HTTP application, e.g. for {@code JavalinTest}. */
  public Javalin app() {
    return app;
  }

  /**
   * Where the registry answers, e.g. {@code http://127.0.0.1:40123}; on this machine when it
   * listens on every address.
   */
  public String url() {
    String reachable = host.equals("0.0.0.0") || host.equals("::") ? HOST : host;
    return (tls == null ? "http://" : "https://") + reachable + ":" + app.port();
  }

  /** Sets the registry's mode, as {@code PUT /mode} does, without credentials: for its owner. */
  public void setMode(KafkaSchemaStore.Mode mode) {
    store.setMode(mode);
    LOG.info("Schema registry mode {}", mode);
  }

  private ServerConnector httpsConnector(Server server, HttpConfiguration http) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(tls.keystore().toString());
    ssl.setKeyStorePassword(tls.password());
    ssl.setKeyStoreType(tls.type());
    ServerConnector connector =
        new ServerConnector(
            server,
            new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
            new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(requestedPort);
    return connector;
  }

  private void requireCredentials(Context ctx) {
    if (expectedAuthorization == null) {
      return;
    }
    String given = ctx.header("Authorization");
    // constant time, so that the answer's timing does not tell how much of a guess was right
    if (given == null
        || !MessageDigest.isEqual(
            expectedAuthorization, given.strip().getBytes(StandardCharsets.UTF_8))) {
      ctx.header("WWW-Authenticate", "Basic realm=\"backstride schema registry\"");
      throw RegistryError.unauthorized();
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private void setMode(Context ctx) {
    String requested = jsonBody(ctx).path("mode").asText("");
    KafkaSchemaStore.Mode mode;
    try {
      mode = KafkaSchemaStore.Mode.valueOf(requested.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw RegistryError.invalidMode(requested);
    }
    setMode(mode);
    answer(ctx, Map.of("mode", mode.name()));
  }

  private void register(Context ctx) {
    Schema schema = schemaFromBody(ctx);
    KafkaSchemaStore.Version version = store.register(ctx.pathParam("subject"), schema);
    answer(ctx, Map.of("id", version.id()));
  }

  private void lookup(Context ctx) {
    Schema schema = schemaFromBody(ctx);
    answer(ctx, versionBody(store.lookup(ctx.pathParam("subject"), schema)));
  }

  private void checkCompatibility(Context ctx) {
    Schema schema = schemaFromBody(ctx);
    int version = parseVersion(ctx.pathParam("version"));
    boolean compatible = store.isCompatible(ctx.pathParam("subject"), version, schema);
    answer(ctx, Map.of("is_compatible", compatible));
  }

  private void setLevel(Context ctx, String subject) {
    JsonNode body = jsonBody(ctx);
    String requested = body.path("compatibility").asText(null);
    if (requested == null) {
      throw RegistryError.invalidCompatibilityLevel("");
    }
    Compatibility level;
    try {
      level = Compatibility.valueOf(requested.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw RegistryError.invalidCompatibilityLevel(requested);
    }
    store.setCompatibility(subject, level);
    answer(ctx, Map.of("compatibility", level.name()));
  }

  private KafkaSchemaStore.Version requestedVersion(Context ctx) {
    return store.version(ctx.pathParam("subject"), parseVersion(ctx.pathParam("version")));
  }

  private String schemaById(Context ctx) {
    return store.schemaById(schemaId(ctx));
  }

  private static int schemaId(Context ctx) {
    String id = ctx.pathParam("id");
    try {
      return Integer.parseInt(id);
    } catch (NumberFormatException e) {
      throw RegistryError.schemaNotFound(id);
    }
  }

  /** "latest" and -1 mean the latest version, as in Confluent's API; -1 is returned for both. */
  static int parseVersion(String text) {
    if (text.equals("latest")) {
      return -1;
    }
    try {
      int version = Integer.parseInt(text);
      if (version == -1 || version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw RegistryError.invalidVersion(text);
  }

  private static Map<String, Object> versionBody(KafkaSchemaStore.Version version) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("subject", version.subject());
    body.put("version", version.version());
    body.put("id", version.id());
    body.put("schema", version.schema());
    return body;
  }

  /**
   * Confluent answers GET /config with {@code compatibilityLevel} and PUT with {@code
   * compatibility}; both names are given so that clients of either shape read it.
   */
  private static Map<String, Object> level(Compatibility level) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("compatibility", level.name());
    body.put("compatibilityLevel", level.name());
    return body;
  }

  /** Reads {@code {"schema": "...", "schemaType"?: "AVRO"}} and parses the Avro schema. */
  private static Schema schemaFromBody(Context ctx) {
    JsonNode body = jsonBody(ctx);
    String type = body.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw RegistryError.invalidSchema("only AVRO schemas are supported, not " + type);
    }
    if (body.path("references").size() > 0) {
      throw RegistryError.invalidSchema("schema references are not supported");
    }
    JsonNode text = body.get("schema");
    if (text == null || !text.isTextual() || text.asText().isBlank()) {
      throw RegistryError.invalidSchema("the request has no schema");
    }
    try {
      return new Schema.Parser().parse(text.asText());
    } catch (RuntimeException e) {
      // SchemaParseException for bad JSON or types; AvroTypeException for a bad default, etc.
      throw RegistryError.invalidSchema(e.getMessage());
    }
  }

  private static JsonNode jsonBody(Context ctx) {
    String contentType = ctx.contentType();
    if (contentType != null) {
      String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (!ACCEPTED_CONTENT_TYPES.contains(mediaType)) {
        throw new RegistryError(415, 415, "Unsupported content type " + contentType);
      }
    }
    try {
      JsonNode body = JSON.readTree(ctx.body());
      if (body == null || !body.isObject()) {
        throw RegistryError.badRequest("The request body must be a JSON object");
      }
      return body;
    } catch (JsonProcessingException e) {
      throw RegistryError.badRequest("The request body is not JSON: " + e.getOriginalMessage());
    }
  }

  private static void answer(Context ctx, Object body) {
    ctx.contentType(CONTENT_TYPE).result(toJson(body));
  }

  private static void error(Context ctx, int status, int errorCode, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", errorCode);
    body.put("message", message);
    ctx.status(status).contentType(CONTENT_TYPE).result(toJson(body));
  }

  private static String toJson(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      // Only maps, lists, strings and numbers are written: this cannot happen.
      throw new IllegalStateException("Cannot write " + body + " as JSON", e);
    }
  }

  /** Stops serving and closes the store. */
  @Override
  public void close() {
    try {
      app.stop();
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }
}
