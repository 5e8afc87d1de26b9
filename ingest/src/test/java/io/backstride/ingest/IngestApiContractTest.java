package io.backstride.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The error contract every route shares: JSON {error, detail}, 404 for no route, 405 + Allow. */
class IngestApiContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RecordingPublisher publisher = new RecordingPublisher();

  @Test
  void answersAnUnknownRouteWithAJson404NamingMethodAndPath() {
    test(
        client -> {
          Response response = client.get("/v2/nowhere");

          assertThat(response.code()).isEqualTo(404);
          assertThat(response.headers().get("Content-Type").get(0)).startsWith("application/json");
          assertThat(assertError(response, "not_found")).isEqualTo("no route GET /v2/nowhere");
        });
  }

  @Test
  void answersAKnownPathWithTheWrongMethodWith405AndTheAllowedMethods() {
    test(
        client -> {
          Response deleteProfile =
              client.request("/v1/athletes/ana", r -> r.delete(BodyPublishers.noBody()));
          Response getActivities = client.get("/v1/athletes/ana/activities");
          Response postHealth = client.request("/health", r -> r.post(BodyPublishers.ofString("")));

          assertThat(deleteProfile.code()).isEqualTo(405);
          assertThat(deleteProfile.headers().get("Allow")).containsExactly("GET, PUT, PATCH");
          assertThat(assertError(deleteProfile, "method_not_allowed"))
              .isEqualTo("DELETE is not allowed on /v1/athletes/ana; use GET, PUT or PATCH");
          assertThat(getActivities.code()).isEqualTo(405);
          assertThat(getActivities.headers().get("Allow")).containsExactly("POST");
          assertError(getActivities, "method_not_allowed");
          assertThat(postHealth.code()).isEqualTo(405);
          assertThat(postHealth.headers().get("Allow")).containsExactly("GET");
          assertThat(publisher.nothingPublished()).isTrue();
        });
  }

  @Test
  void answersAMissingProfileWithA404ThatSaysSoRatherThanNoRoute() {
    test(
        client -> {
          Response response = client.get("/v1/athletes/ben");

          assertThat(response.code()).isEqualTo(404);
          assertThat(assertError(response, "not_found")).isEqualTo("no profile for athlete ben");
        });
  }

  private void test(ClientCase testCase) {
    IngestApi api =
        new IngestApi(
            IngestConfig.defaults().withPort(0),
            new ActivityReaders(),
            publisher,
            athleteId -> Optional.empty(),
            Clock.fixed(TestGpx.T0.plus(Duration.ofHours(1)), ZoneOffset.UTC));
    JavalinTest.test(api.app(), (server, client) -> testCase.run(client));
  }

  /** Asserts the {@code {error, detail}} shape and returns the detail. */
  static String assertError(Response response, String error) {
    JsonNode body = json(response);
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("error", "detail");
    assertThat(body.get("error").asText()).isEqualTo(error);
    assertThat(body.get("detail").asText()).isNotBlank();
    return body.get("detail").asText();
  }

  static JsonNode json(Response response) {
    try {
      return JSON.readTree(response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FunctionalInterface
  interface ClientCase {
    void run(HttpClient client) throws Exception;
  }
}
