package io.backstride.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.core.access.AccessTokens;
import io.backstride.core.access.BearerAccess;
import io.backstride.core.load.ActivityLoad;
import io.backstride.core.load.LoadHistory;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With tokens on, the trends route takes ingest's tokens and rules, forwarded requests too. */
class TrendsApiAuthTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String ANA_TOKEN = "token-for-ana-0001";
  private static final String SYNC_TOKEN = "sync-service-token-01";
  private static final BearerAccess ACCESS =
      BearerAccess.of(AccessTokens.parse(ANA_TOKEN + "=ana;" + SYNC_TOKEN + "=*"));
  private static final LoadHistory HISTORY =
      LoadHistory.EMPTY.plus(
          new ActivityLoad(LocalDate.parse("2026-03-02"), 8000, 8000, 2700, 50, List.of(0.0)));

  private final List<Javalin> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(Javalin::stop);
  }

  private String serve(AthleteDays days, String name) {
    return serve(days, name, ACCESS);
  }

  private String serve(AthleteDays days, String name, BearerAccess access) {
    Javalin app = new TrendsApi(() -> days, () -> name, access).app().start("127.0.0.1", 0);
    started.add(app);
    return "http://127.0.0.1:" + app.port();
  }

  private static HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String error(HttpResponse<String> response) throws Exception {
    JsonNode body = JSON.readTree(response.body());
    return body.path("error").asText() + ": " + body.path("detail").asText();
  }

  @Test
  void refusesWithoutAKnownTokenWith401AndAChallenge() throws Exception {
    String base = serve(id -> new AthleteDays.Local(HISTORY), "a");

    HttpResponse<String> none = get(base + "/v1/athletes/ana/trends", null);
    HttpResponse<String> unknown = get(base + "/v1/athletes/ana/trends", "not-a-known-token-0");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(error(none)).isEqualTo("unauthorized: send Authorization: Bearer TOKEN");
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"backstride\"");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(error(unknown)).isEqualTo("unauthorized: the bearer token is not known");
    assertThat(none.body()).doesNotContain("distanceM");
  }

  @Test
  void refusesAnotherAthletesTokenWith403AndServesTheOwnAndTheWildcardToken() throws Exception {
    String base = serve(id -> new AthleteDays.Local(HISTORY), "a");

    HttpResponse<String> other = get(base + "/v1/athletes/ben/trends", ANA_TOKEN);
    HttpResponse<String> own = get(base + "/v1/athletes/ana/trends", ANA_TOKEN);
    HttpResponse<String> sync = get(base + "/v1/athletes/ben/trends", SYNC_TOKEN);

    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(error(other))
        .isEqualTo("forbidden: this token may not read the trends of athlete ben");
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(own.body()).get(0).path("distanceM").asDouble()).isEqualTo(8000.0);
    assertThat(sync.statusCode()).isEqualTo(200);
  }

  @Test
  void healthAndTheOpenApiDocumentStayOpen() throws Exception {
    String base = serve(id -> new AthleteDays.Local(HISTORY), "a");

    assertThat(get(base + "/health", null).statusCode()).isEqualTo(200);
    assertThat(get(base + "/openapi.yaml", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aForwardedRequestCarriesTheCallersTokenAndTheOwnerChecksItAgain() throws Exception {
    String owner = serve(id -> new AthleteDays.Local(HISTORY), "owner:1");
    // the front instance has no say of its own: any caller it lets through is checked by the owner
    String openFront = serve(id -> new AthleteDays.Remote(owner), "front:1", BearerAccess.off());
    String guarded = serve(id -> new AthleteDays.Remote(owner), "guarded:1");

    HttpResponse<String> withToken = get(guarded + "/v1/athletes/ana/trends", ANA_TOKEN);
    HttpResponse<String> noTokenThroughOpenFront = get(openFront + "/v1/athletes/ana/trends", null);
    HttpResponse<String> tokenThroughOpenFront =
        get(openFront + "/v1/athletes/ana/trends", ANA_TOKEN);

    assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
    assertThat(withToken.headers().firstValue(TrendsApi.SERVED_BY)).contains("owner:1");
    assertThat(noTokenThroughOpenFront.statusCode()).isEqualTo(401);
    assertThat(noTokenThroughOpenFront.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(tokenThroughOpenFront.statusCode()).isEqualTo(200);
  }
}
