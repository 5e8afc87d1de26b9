package io.backstride.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may change the local registry: a registry listening beyond loopback needs credentials, asks
 * every request for them, and in READONLY mode takes no new schema from anyone. Own subjects per
 * test, on the shared broker.
 */
class SchemaRegistryWriteGuardIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CREDENTIALS = "pipeline:s3cret-for-tests";
  private static final String JUNK =
      "{\"type\":\"record\",\"name\":\"Junk\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static SchemaRegistryServer server;

  @BeforeAll
  static void startOnEveryAddress() {
    server =
        SchemaRegistryServer.start(
            EmbeddedKafkaBroker.shared().bootstrapServers(), "0.0.0.0", 0, CREDENTIALS);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aRegistryBeyondLoopbackWithoutCredentialsDoesNotStart() {
    assertThatThrownBy(
            () ->
                SchemaRegistryServer.start(
                    EmbeddedKafkaBroker.shared().bootstrapServers(), "0.0.0.0", 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(SchemaRegistryServer.BASIC_AUTH)
        .hasMessageNotContaining("\n");
  }

  @Test
  void aWriteWithoutCredentialsIs401AndRegistersNothing() throws Exception {
    HttpResponse<String> answer =
        send("POST", "/subjects/guard-anonymous-value/versions", schemaBody(JUNK), null);

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(answer.body()).path("error_code").asInt()).isEqualTo(401);
    assertThat(answer.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    assertThat(
            send("GET", "/subjects/guard-anonymous-value/versions", null, basic(CREDENTIALS))
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void wrongCredentialsAre401ForEveryKindOfWrite() throws Exception {
    String wrong = basic("pipeline:guess");
    assertThat(
            send("POST", "/subjects/guard-wrong-value/versions", schemaBody(JUNK), wrong)
                .statusCode())
        .isEqualTo(401);
    assertThat(
            send("PUT", "/config/guard-wrong-value", "{\"compatibility\":\"NONE\"}", wrong)
                .statusCode())
        .isEqualTo(401);
    assertThat(send("PUT", "/mode", "{\"mode\":\"READWRITE\"}", wrong).statusCode()).isEqualTo(401);
    assertThat(send("DELETE", "/subjects/guard-wrong-value", null, wrong).statusCode())
        .isEqualTo(401);
  }

  @Test
  void readsNeedCredentialsTooAndOurClientSendsThemOnEveryRequest() throws Exception {
    Schema schema = new Schema.Parser().parse(JUNK);
    RestSchemaRegistryClient withCredentials =
        new RestSchemaRegistryClient(server.url(), CREDENTIALS);
    int id = withCredentials.register("guard-client-value", schema);

    assertThat(send("GET", "/schemas/ids/" + id, null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/subjects", null, basic("pipeline:guess")).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/schemas/ids/" + id, null, basic(CREDENTIALS)).statusCode())
        .isEqualTo(200);
    assertThat(new RestSchemaRegistryClient(server.url(), CREDENTIALS).schemaById(id))
        .isEqualTo(schema);
    assertThat(withCredentials.versions("guard-client-value")).containsExactly(1);
    assertThatThrownBy(
            () -> new RestSchemaRegistryClient(server.url()).register("guard-other-value", schema))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
    // the credentials may also come in the URL, and are then kept out of it
    RestSchemaRegistryClient fromUrl =
        new RestSchemaRegistryClient(server.url().replace("//", "//" + CREDENTIALS + "@"));
    assertThat(fromUrl.register("guard-client-value", schema)).isEqualTo(id);
    assertThat(fromUrl.baseUrl()).isEqualTo(server.url()).doesNotContain("s3cret");
  }

  @Test
  void readOnlyRefusesNewSchemasWith42205ButStillAnswersTheOnesThere() throws Exception {
    String auth = basic(CREDENTIALS);
    Schema before = new Schema.Parser().parse(JUNK);
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url(), CREDENTIALS);
    int id = client.register("guard-readonly-value", before);
    try {
      assertThat(client.setMode("READONLY")).isEqualTo("READONLY");
      assertThat(JSON.readTree(send("GET", "/mode", null, auth).body()).path("mode").asText())
          .isEqualTo("READONLY");

      HttpResponse<String> refused =
          send(
              "POST",
              "/subjects/guard-readonly-new-value/versions",
              schemaBody(JUNK.replace("Junk", "Junk2")),
              auth);
      JsonNode error = JSON.readTree(refused.body());
      assertThat(refused.statusCode()).isEqualTo(422);
      assertThat(error.path("error_code").asInt()).isEqualTo(42205);
      assertThat(error.path("message").asText())
          .isEqualTo("Subject 'guard-readonly-new-value' is in read-only mode.");
      assertThat(
              send("PUT", "/config/guard-readonly-value", "{\"compatibility\":\"NONE\"}", auth)
                  .statusCode())
          .isEqualTo(422);

      // what the services registered at start is still found, and registering it again is no write
      assertThat(client.lookup("guard-readonly-value", before).id()).isEqualTo(id);
      assertThat(client.register("guard-readonly-value", before)).isEqualTo(id);
      assertThat(
              send("POST", "/subjects/guard-readonly-value/versions", schemaBody(JUNK), auth)
                  .statusCode())
          .isEqualTo(200);
    } finally {
      client.setMode("READWRITE");
    }
  }

  private static HttpResponse<String> send(
      String method, String path, String body, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", SchemaRegistryServer.CONTENT_TYPE)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String userInfo) {
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  private static String schemaBody(String schema) {
    return JSON.createObjectNode().put("schema", schema).toString();
  }
}
