package io.backstride.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the client against the JDK's own HTTP server standing in for a registry, so that the exact
 * requests and the handling of each canned answer can be checked without Kafka.
 */
class RestSchemaRegistryClientTest {
  private static final Schema SCHEMA =
      SchemaBuilder.record("Thing")
          .namespace("io.backstride.test")
          .fields()
          .requiredString("name")
          .endRecord();
  private static final String SCHEMA_JSON_ESCAPED = SCHEMA.toString().replace("\"", "\\\"");

  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile int status;
  private volatile String answer;
  private RestSchemaRegistryClient client;

  @BeforeEach
  void startPeer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::reply);
    server.start();
    client =
        new RestSchemaRegistryClient("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @AfterEach
  void stopPeer() {
    server.stop(0);
  }

  @Test
  void parsesConfluentErrorBodyIntoStatusCodeAndMessage() {
    answer(404, "{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}");

    assertThatThrownBy(() -> client.versions("x"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(404);
              assertThat(e.errorCode()).isEqualTo(40401);
              assertThat(e.getMessage()).contains("Subject 'x' not found.");
            });
  }

  @Test
  void usesHttpStatusAsErrorCodeWhenTheBodyIsNotConfluentJson() {
    answer(502, "<html>Bad Gateway</html>");

    assertThatThrownBy(() -> client.schemaById(7))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(502);
              assertThat(e.errorCode()).isEqualTo(502);
              assertThat(e.getMessage()).contains("Bad Gateway");
            });
  }

  @Test
  void cachesTheIdOfARegisteredSchemaAndItsSchemaById() {
    answer(200, "{\"id\":42}");

    assertThat(client.register("things-value", SCHEMA)).isEqualTo(42);
    assertThat(client.register("things-value", SCHEMA)).isEqualTo(42);
    assertThat(client.schemaById(42)).isEqualTo(SCHEMA);

    assertThat(requests).containsExactly("POST /subjects/things-value/versions");
  }

  @Test
  void idOfAnswersFromTheRegistrationAtStartWithoutAskingAgain() {
    answer(200, "{\"id\":42}");
    client.register("things-value", SCHEMA);
    // whatever the registry holds by now (junk as the latest version), the id stays the one given
    answer(200, "{\"subject\":\"things-value\",\"version\":2,\"id\":666}");

    assertThat(client.idOf("things-value", SCHEMA)).isEqualTo(42);
    assertThat(requests).containsExactly("POST /subjects/things-value/versions");
  }

  @Test
  void idOfLooksTheSchemaUpWhenThisClientHasNotSeenIt() {
    answer(200, "{\"subject\":\"things-value\",\"version\":1,\"id\":7}");

    assertThat(client.idOf("things-value", SCHEMA)).isEqualTo(7);
    assertThat(client.idOf("things-value", SCHEMA)).isEqualTo(7);
    assertThat(requests).containsExactly("POST /subjects/things-value");
  }

  @Test
  void sendsCredentialsAsBasicAuthOnlyWhenGiven() {
    answer(200, "{\"id\":42}");
    String base = "http://127.0.0.1:" + server.getAddress().getPort();

    new RestSchemaRegistryClient(base, "pipeline:s3cret").register("things-value", SCHEMA);
    new RestSchemaRegistryClient(base, null).register("things-value", SCHEMA);

    assertThat(authorizations)
        .containsExactly(
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString("pipeline:s3cret".getBytes(StandardCharsets.UTF_8)),
            "null");
  }

  @Test
  void sendsAStaticBearerTokenOnEveryRequest() {
    answer(200, "{\"id\":42}");
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    RestSchemaRegistryClient withToken =
        RestSchemaRegistryClient.fromEnv(
            base, java.util.Map.of(RegistrySettings.BEARER_AUTH_TOKEN, "tok-abc"));

    withToken.register("things-value", SCHEMA);
    answer(200, "[1]");
    withToken.versions("things-value");

    assertThat(authorizations).containsExactly("Bearer tok-abc", "Bearer tok-abc");
  }

  @Test
  void aForbiddenAnswerIsARefusalOfTheCredentialsNamingTheRegistry() {
    answer(403, "{\"error_code\":40301,\"message\":\"User cannot access the resource.\"}");
    String base = "http://127.0.0.1:" + server.getAddress().getPort();

    assertThatThrownBy(
            () -> new RestSchemaRegistryClient(base, "svc:pw-403").register("things-value", SCHEMA))
        .isInstanceOfSatisfying(
            SchemaRegistryAuthenticationException.class,
            e -> assertThat(e.httpStatus()).isEqualTo(403))
        .hasMessage("schema registry at " + base + " refused the credentials (403)");
  }

  @Test
  void credentialsInTheUrlAreSentAndNeverShown() {
    answer(502, "<html>Bad Gateway</html>");
    RestSchemaRegistryClient withUrlCredentials =
        new RestSchemaRegistryClient(
            "http://pipeline:s3cret@127.0.0.1:" + server.getAddress().getPort());

    assertThat(withUrlCredentials.baseUrl()).doesNotContain("s3cret").doesNotContain("pipeline");
    assertThatThrownBy(() -> withUrlCredentials.register("things-value", SCHEMA))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageNotContaining("s3cret");
    assertThat(authorizations.get(0)).startsWith("Basic ");
  }

  @Test
  void cachesASchemaFetchedById() {
    answer(200, "{\"schema\":\"" + SCHEMA_JSON_ESCAPED + "\"}");

    assertThat(client.schemaById(3)).isEqualTo(SCHEMA);
    assertThat(client.schemaById(3)).isEqualTo(SCHEMA);

    assertThat(requests).containsExactly("GET /schemas/ids/3");
  }

  @Test
  void asksForTheLatestVersionWhenVersionIsMinusOne() {
    answer(
        200,
        "{\"subject\":\"things-value\",\"version\":2,\"id\":9,\"schema\":\""
            + SCHEMA_JSON_ESCAPED
            + "\"}");

    SchemaRegistryClient.RegisteredSchema latest = client.version("things-value", -1);

    assertThat(latest)
        .isEqualTo(new SchemaRegistryClient.RegisteredSchema("things-value", 2, 9, SCHEMA));
    assertThat(requests).containsExactly("GET /subjects/things-value/versions/latest");
  }

  @Test
  void urlEncodesSubjectsAsOnePathSegment() {
    answer(200, "[1,2]");

    assertThat(client.versions("a b/c")).containsExactly(1, 2);

    assertThat(requests).containsExactly("GET /subjects/a%20b%2Fc/versions");
  }

  @Test
  void treatsAnUnknownSubjectAsCompatible() {
    answer(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}");

    assertThat(client.isCompatible("new-value", SCHEMA)).isTrue();
  }

  @Test
  void reportsIncompatibilityFromTheRegistry() {
    answer(200, "{\"is_compatible\":false}");

    assertThat(client.isCompatible("things-value", SCHEMA)).isFalse();
    assertThat(requests)
        .containsExactly("POST /compatibility/subjects/things-value/versions/latest");
  }

  @Test
  void failsWithoutHttpStatusWhenTheRegistryIsUnreachable() {
    server.stop(0);

    assertThatThrownBy(() -> client.versions("x"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isZero());
  }

  private void answer(int status, String body) {
    this.status = status;
    this.answer = body;
  }

  private void reply(HttpExchange exchange) throws IOException {
    // The raw path keeps the percent-encoding the client sent.
    requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
    authorizations.add(exchange.getRequestHeaders().getFirst("Authorization") + "");
    exchange.getRequestBody().readAllBytes();
    byte[] body = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }
}
