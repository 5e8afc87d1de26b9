package io.backstride.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.core.load.LoadHistory;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The trends API answers errors like ingest does, and serves an OpenAPI document of its routes. */
class TrendsApiContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrendsApi api = new TrendsApi(() -> id -> new AthleteDays.Local(LoadHistory.EMPTY));

  @Test
  void answersEveryErrorAsErrorAndDetail() {
    JavalinTest.test(
        api.app(),
        (server, client) -> {
          Response badDays = client.get("/v1/athletes/ana/trends?days=zero");
          Response noRuns = client.get("/v1/athletes/ana/trends");

          assertThat(badDays.code()).isEqualTo(400);
          assertThat(assertError(badDays, "bad_days"))
              .isEqualTo("days must be a whole number from 1 to 3660, was 'zero'");
          assertThat(noRuns.code()).isEqualTo(404);
          assertThat(assertError(noRuns, "unknown_athlete")).isEqualTo("no runs for athlete ana");
        });
    TrendsApi unavailable = new TrendsApi(() -> id -> new AthleteDays.Unavailable("rebalancing"));
    JavalinTest.test(
        unavailable.app(),
        (server, client) -> {
          Response response = client.get("/v1/athletes/ana/trends");

          assertThat(response.code()).isEqualTo(503);
          assertThat(assertError(response, "unavailable")).isEqualTo("rebalancing");
        });
  }

  @Test
  void answersAnUnknownRouteWithAJson404AndAWrongMethodWith405AndAllow() {
    JavalinTest.test(
        api.app(),
        (server, client) -> {
          Response unknown = client.get("/v1/athletes/ana/alerts");
          Response wrongMethod =
              client.request("/v1/athletes/ana/trends", r -> r.post(BodyPublishers.ofString("{}")));

          assertThat(unknown.code()).isEqualTo(404);
          assertThat(assertError(unknown, "not_found"))
              .isEqualTo("no route GET /v1/athletes/ana/alerts");
          assertThat(wrongMethod.code()).isEqualTo(405);
          assertThat(wrongMethod.headers().get("Allow")).containsExactly("GET");
          assertThat(assertError(wrongMethod, "method_not_allowed"))
              .isEqualTo("POST is not allowed on /v1/athletes/ana/trends; use GET");
        });
  }

  @Test
  void servesItsOpenApiDocumentListingExactlyTheRegisteredRoutes() throws IOException {
    String document = resource(TrendsApi.OPENAPI_RESOURCE);
    Set<String> registered = new LinkedHashSet<>();
    api.routes().forEach(r -> registered.add(r.method() + " " + r.path()));

    assertThat(document).startsWith("openapi: 3.");
    assertThat(documentedOperations(document)).containsExactlyInAnyOrderElementsOf(registered);
    JavalinTest.test(
        api.app(),
        (server, client) -> {
          Response served = client.get("/openapi.yaml");

          assertThat(served.code()).isEqualTo(200);
          assertThat(served.headers().get("Content-Type").get(0)).startsWith("application/yaml");
          assertThat(served.body().string()).isEqualTo(document);
        });
  }

  /** Path keys at two spaces under {@code paths:}, methods at four: the document's own layout. */
  private static Set<String> documentedOperations(String yaml) {
    Set<String> operations = new LinkedHashSet<>();
    boolean inPaths = false;
    String path = null;
    Pattern pathKey = Pattern.compile("^  (/\\S*):\\s*$");
    Pattern methodKey = Pattern.compile("^    (get|put|post|delete|patch):\\s*$");
    for (String line : yaml.split("\n")) {
      if (!line.startsWith(" ") && !line.isBlank()) {
        inPaths = line.startsWith("paths:");
        continue;
      }
      Matcher p = pathKey.matcher(line);
      Matcher m = methodKey.matcher(line);
      if (inPaths && p.matches()) {
        path = p.group(1);
      } else if (inPaths && m.matches() && path != null) {
        operations.add(m.group(1) + " " + path);
      }
    }
    return operations;
  }

  private static String assertError(Response response, String error) {
    JsonNode body;
    try {
      body = JSON.readTree(response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("error", "detail");
    assertThat(body.get("error").asText()).isEqualTo(error);
    return body.get("detail").asText();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = TrendsApi.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
