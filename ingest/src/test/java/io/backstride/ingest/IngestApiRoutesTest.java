package io.backstride.ingest;

import static io.backstride.ingest.TestGpx.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.avro.AthleteProfile;
import io.backstride.avro.PainTiming;
import io.backstride.avro.SampleBatch;
import io.backstride.avro.SymptomReport;
import io.backstride.avro.Units;
import io.backstride.core.access.AccessTokens;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Auth, limits, live sync, symptoms, profile reads, health, metrics and the OpenAPI document. */
class IngestApiRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANA_TOKEN = "token-for-ana-and-ben";
  private static final String SYNC_TOKEN = "sync-service-token-0001";
  private static final String ACTIVITIES = "/v1/athletes/ana/activities";

  /** The server's clock: an hour after the test runs start. */
  private Clock clock = Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC);

  private final RecordingPublisher publisher = new RecordingPublisher();
  private final Map<String, AthleteProfile> stored = new java.util.HashMap<>();
  private IngestConfig config =
      IngestConfig.defaults()
          .withPort(0)
          .withTokens(AccessTokens.parse(ANA_TOKEN + "=ana|ben;" + SYNC_TOKEN + "=*"));

  // --- auth ---

  @Test
  void answers401WithBearerChallengeWithoutATokenOrWithAnUnknownOneAndPublishesNothing() {
    test(
        client -> {
          Response none = client.request(ACTIVITIES, r -> r.post(gpx(3)));
          Response unknown =
              client.request(
                  ACTIVITIES,
                  r -> r.post(gpx(3)).header("Authorization", "Bearer not-a-known-token-123"));
          Response basic =
              client.request(
                  ACTIVITIES, r -> r.post(gpx(3)).header("Authorization", "Basic YW5hOmFuYQ=="));

          for (Response response : List.of(none, unknown, basic)) {
            assertThat(response.code()).isEqualTo(401);
            assertThat(response.headers().get("WWW-Authenticate").get(0)).startsWith("Bearer");
            assertError(response, "unauthorized");
          }
          assertThat(publisher.nothingPublished()).isTrue();
        });
  }

  @Test
  void answers403ForAnotherAthletesPathAndAcceptsTheOwnAndAnyWithAWildcardToken() {
    test(
        client -> {
          Response other =
              client.request(
                  "/v1/athletes/carla/activities",
                  r -> r.post(gpx(3)).header("Authorization", "Bearer " + ANA_TOKEN));
          assertThat(other.code()).isEqualTo(403);
          assertError(other, "forbidden");
          assertThat(publisher.nothingPublished()).isTrue();

          Response own =
              client.request(
                  ACTIVITIES, r -> r.post(gpx(3)).header("Authorization", "Bearer " + ANA_TOKEN));
          Response wildcard =
              client.request(
                  "/v1/athletes/carla/activities",
                  r -> r.post(gpx(3)).header("Authorization", "Bearer " + SYNC_TOKEN));
          assertThat(own.code()).isEqualTo(202);
          assertThat(wildcard.code()).isEqualTo(202);
          assertThat(publisher.keys).containsExactly("ana", "carla");
        });
  }

  @Test
  void everyRegisteredAthleteRouteAsksForABearerTokenBeforeLookingAtTheBody() {
    IngestApi api = api();
    List<io.backstride.core.access.Route> athleteRoutes =
        api.routes().stream().filter(r -> r.path().startsWith("/v1/athletes/")).toList();
    assertThat(athleteRoutes).hasSize(6);
    JavalinTest.test(
        api.app(),
        (server, client) -> {
          for (io.backstride.core.access.Route route : athleteRoutes) {
            String path = route.path().replace("{athleteId}", "ana");
            String body = "not even JSON";
            Response response =
                client.request(
                    path,
                    r -> {
                      switch (route.method()) {
                        case "get" -> r.get();
                        case "post" -> r.post(BodyPublishers.ofString(body));
                        case "put" -> r.put(BodyPublishers.ofString(body));
                        case "patch" -> r.patch(BodyPublishers.ofString(body));
                        default -> throw new AssertionError("untested method " + route);
                      }
                    });
            assertThat(response.code()).as(route.toString()).isEqualTo(401);
            assertError(response, "unauthorized");
          }
        });
    assertThat(publisher.nothingPublished()).isTrue();
  }

  @Test
  void guardsEveryAthleteRouteButLeavesProbesOpen() {
    test(
        client -> {
          assertThat(client.request("/v1/athletes/ana", r -> r.get()).code()).isEqualTo(401);
          assertThat(put(client, "/v1/athletes/ana", "{}", null).code()).isEqualTo(401);
          assertThat(postJson(client, "/v1/athletes/ana/symptoms", "{}", null).code())
              .isEqualTo(401);
          assertThat(postJson(client, "/v1/athletes/ana/samples", "{}", null).code())
              .isEqualTo(401);
          assertThat(client.get("/health").code()).isEqualTo(200);
          assertThat(client.get("/metrics").code()).isEqualTo(200);
          assertThat(client.get("/openapi.yaml").code()).isEqualTo(200);
        });
  }

  @Test
  void acceptsEveryRequestWithoutATokenWhenAuthIsOff() {
    config = IngestConfig.defaults().withPort(0);
    test(
        client ->
            assertThat(client.request(ACTIVITIES, r -> r.post(gpx(3))).code()).isEqualTo(202));
  }

  // --- limits and plausibility ---

  @Test
  void answers422NamingTheCountAndTheLimitWhenAnActivityHasTooManySamples() {
    config = config.withMaxSamples(10);
    test(
        client -> {
          Response response =
              client.request(
                  ACTIVITIES, r -> r.post(gpx(20)).header("Authorization", "Bearer " + ANA_TOKEN));

          assertThat(response.code()).isEqualTo(422);
          assertThat(assertError(response, "too_many_samples"))
              .isEqualTo("activity has 20 samples; the limit is 10");
          assertThat(publisher.nothingPublished()).isTrue();
        });
  }

  @Test
  void answers422WithTheFirstOffendingTimeForTimesBefore2000OrMoreThanAnHourAhead() {
    String old = TestGpx.run(3).replace("2026-03-02T07:00:0", "1999-03-02T07:00:0");
    test(
        client -> {
          Response response =
              client.request(
                  ACTIVITIES,
                  r ->
                      r.post(BodyPublishers.ofString(old))
                          .header("Authorization", "Bearer " + ANA_TOKEN));

          assertThat(response.code()).isEqualTo(422);
          assertThat(assertError(response, "implausible_samples"))
              .startsWith("implausible time 1999-03-02T07:00:00Z at sample 1");
        });
    clock = Clock.fixed(T0.minus(Duration.ofDays(2)), ZoneOffset.UTC);
    test(
        client -> {
          Response response =
              client.request(
                  ACTIVITIES, r -> r.post(gpx(3)).header("Authorization", "Bearer " + ANA_TOKEN));

          assertThat(response.code()).isEqualTo(422);
          assertThat(assertError(response, "implausible_samples"))
              .startsWith("implausible time 2026-03-02T07:00:00Z at sample 1");
        });
    assertThat(publisher.nothingPublished()).isTrue();
  }

  @Test
  void answers422WhenReadingTakesLongerThanTheParseBudget() {
    config = config.withMaxParseTime(Duration.ofNanos(1));
    test(
        client -> {
          Response response =
              client.request(
                  ACTIVITIES, r -> r.post(gpx(50)).header("Authorization", "Bearer " + ANA_TOKEN));

          assertThat(response.code()).isEqualTo(422);
          assertThat(assertError(response, "parse_timeout")).contains("longer than 0 ms");
          assertThat(publisher.nothingPublished()).isTrue();
        });
  }

  // --- live sync ---

  @Test
  void acceptsALiveSyncBatchAsOneSampleBatchCarryingTheSeqAsGiven() {
    test(
        client -> {
          Response response =
              postJson(
                  client, "/v1/athletes/ana/samples", syncBatch("watch-run-1", 4, true), ANA_TOKEN);

          assertThat(response.code()).isEqualTo(202);
          assertThat(json(response))
              .isEqualTo(
                  JSON.createObjectNode()
                      .put("activityId", "watch-run-1")
                      .put("seq", 4)
                      .put("samples", 2));
          assertThat(publisher.batches).hasSize(1);
          SampleBatch batch = publisher.batches.get(0);
          assertThat(batch.getAthleteId()).isEqualTo("ana");
          assertThat(batch.getActivityId()).isEqualTo("watch-run-1");
          assertThat(batch.getSeq()).isEqualTo(4);
          assertThat(batch.getFinal$()).isTrue();
          assertThat(batch.getSource()).isEqualTo("sync");
          assertThat(batch.getSport()).isEqualTo(io.backstride.avro.Sport.RUNNING);
          assertThat(batch.getSamples().get(1).getTime()).isEqualTo(T0.plusSeconds(1));
          assertThat(batch.getSamples().get(1).getHeartRateBpm()).isEqualTo(141);
        });
  }

  @Test
  void acceptsARetriedBatchAgainAsTheIdenticalRecordSoThatDownstreamCountsItOnce() {
    test(
        client -> {
          String body = syncBatch("watch-run-1", 0, false);
          Response first = postJson(client, "/v1/athletes/ana/samples", body, ANA_TOKEN);
          Response retry = postJson(client, "/v1/athletes/ana/samples", body, ANA_TOKEN);

          assertThat(first.code()).isEqualTo(202);
          assertThat(retry.code()).isEqualTo(202);
          assertThat(json(retry)).isEqualTo(json(first));
          assertThat(publisher.batches).hasSize(2);
          // Same key, same (activityId, seq), same content: the streams stage drops the second.
          assertThat(publisher.batches.get(1)).isEqualTo(publisher.batches.get(0));
        });
  }

  @Test
  void refusesMalformedSyncBatchesWith400AndImplausibleOnesWith422() {
    Map<String, Integer> cases =
        Map.of(
            syncBatch("bad id!", 0, false),
            400,
            syncBatch("run", -1, false),
            400,
            "{\"activityId\":\"run\",\"seq\":0,\"samples\":[]}",
            400,
            "{\"activityId\":\"run\",\"seq\":0,\"speed\":3}",
            400,
            "{\"activityId\":\"run\",",
            400,
            sync("run", 0, "\"2026-03-02T07:00:01Z\"", "\"2026-03-02T07:00:00Z\"", 48.2),
            422,
            sync("run", 0, "\"2026-03-02T07:00:00Z\"", "\"2026-03-02T07:00:01Z\"", 95.0),
            422,
            sync("run", 0, "\"1970-01-01T00:00:00Z\"", "\"1970-01-01T00:00:01Z\"", 48.2),
            422);
    test(
        client -> {
          for (Map.Entry<String, Integer> c : cases.entrySet()) {
            Response response = postJson(client, "/v1/athletes/ana/samples", c.getKey(), ANA_TOKEN);

            assertThat(response.code()).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(json(response).get("error").asText())
                .as(c.getKey())
                .isEqualTo("invalid_batch");
            assertThat(json(response).get("detail").asText()).as(c.getKey()).isNotBlank();
          }
          assertThat(publisher.nothingPublished()).isTrue();
        });
  }

  // --- symptoms ---

  @Test
  void acceptsASymptomReportWithADeterministicIdAndPublishesIt() {
    test(
        client -> {
          String body =
              "{\"date\":\"2026-03-02\",\"severity\":4,\"when\":\"during\",\"note\":\" downhill \"}";
          Response first = postJson(client, "/v1/athletes/ana/symptoms", body, ANA_TOKEN);
          Response again =
              postJson(client, "/v1/athletes/ana/symptoms", body.replace("4", "6"), ANA_TOKEN);

          assertThat(first.code()).isEqualTo(202);
          String reportId =
              SymptomReports.reportId(
                  "ana",
                  LocalDate.parse("2026-03-02"),
                  io.backstride.core.symptom.PainTiming.DURING);
          assertThat(json(first))
              .isEqualTo(
                  JSON.createObjectNode()
                      .put("reportId", reportId)
                      .put("date", "2026-03-02")
                      .put("severity", 4)
                      .put("when", "during"));
          assertThat(json(again).get("reportId").asText()).isEqualTo(reportId);
          assertThat(publisher.symptoms.get(0))
              .isEqualTo(
                  SymptomReport.newBuilder()
                      .setReportId(reportId)
                      .setAthleteId("ana")
                      .setDate(LocalDate.parse("2026-03-02"))
                      .setSeverity(4)
                      .setWhen(PainTiming.DURING)
                      .setNote("downhill")
                      .build());
          assertThat(publisher.keys).containsExactly("ana", "ana");
        });
  }

  @Test
  void refusesInvalidSymptomReportsAndPublishesNothing() {
    Map<String, Integer> cases =
        Map.of(
            "{\"date\":\"2026-03-02\",\"severity\":11,\"when\":\"during\"}",
            422,
            "{\"date\":\"2026-03-02\",\"severity\":-1,\"when\":\"after\"}",
            422,
            "{\"date\":\"2026-03-04\",\"severity\":3,\"when\":\"after\"}",
            422,
            "{\"date\":\"02.03.2026\",\"severity\":3,\"when\":\"after\"}",
            422,
            "{\"date\":\"2026-03-02\",\"severity\":3,\"when\":\"sometimes\"}",
            422,
            "{\"date\":\"2026-03-02\",\"severity\":3,\"when\":\"after\",\"note\":\""
                + "x".repeat(501)
                + "\"}",
            422,
            "{\"date\":\"2026-03-02\",\"severity\":3,\"when\":\"after\",\"mood\":1}",
            400,
            "[1,2",
            400);
    test(
        client -> {
          for (Map.Entry<String, Integer> c : cases.entrySet()) {
            Response response =
                postJson(client, "/v1/athletes/ana/symptoms", c.getKey(), ANA_TOKEN);

            assertThat(response.code()).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(json(response).get("error").asText()).isEqualTo("invalid_symptom");
            assertThat(json(response).get("detail").asText()).isNotBlank();
          }
          assertThat(publisher.nothingPublished()).isTrue();
        });
  }

  // --- profile reads ---

  @Test
  void returnsTheStoredProfileOr404() {
    stored.put(
        "ana",
        AthleteProfile.newBuilder()
            .setAthleteId("ana")
            .setEmail("ana@example.org")
            .setTimeZone("Europe/Zagreb")
            .setUnits(Units.MI)
            .setNotificationsEnabled(false)
            .build());
    test(
        client -> {
          Response found =
              client.request(
                  "/v1/athletes/ana", r -> r.get().header("Authorization", "Bearer " + ANA_TOKEN));
          Response missing =
              client.request(
                  "/v1/athletes/ben", r -> r.get().header("Authorization", "Bearer " + ANA_TOKEN));

          assertThat(found.code()).isEqualTo(200);
          assertThat(json(found))
              .isEqualTo(
                  JSON.createObjectNode()
                      .put("athleteId", "ana")
                      .put("email", "ana@example.org")
                      .putNull("name")
                      .put("timeZone", "Europe/Zagreb")
                      .put("units", "mi")
                      .put("notifications", false));
          assertThat(missing.code()).isEqualTo(404);
          assertError(missing, "not_found");
        });
  }

  // --- health, metrics, OpenAPI ---

  @Test
  void answersHealth503WithTheReasonWhenThePublisherHasNoMetadata() {
    publisher.down = Optional.of("no metadata for activity-samples.v1");
    test(
        client -> {
          Response health = client.get("/health");

          assertThat(health.code()).isEqualTo(503);
          assertThat(json(health))
              .isEqualTo(
                  JSON.createObjectNode()
                      .put("status", "DOWN")
                      .put("reason", "no metadata for activity-samples.v1"));
        });
  }

  @Test
  void countsRequestsByRouteAndStatusAndSamplesProducedInPrometheusFormat() {
    test(
        client -> {
          client.request(
              ACTIVITIES, r -> r.post(gpx(3)).header("Authorization", "Bearer " + ANA_TOKEN));
          client.request(ACTIVITIES, r -> r.post(gpx(3)));
          postJson(client, "/v1/athletes/ana/samples", syncBatch("w", 0, false), ANA_TOKEN);

          Response metrics = client.get("/metrics");

          assertThat(metrics.code()).isEqualTo(200);
          assertThat(metrics.headers().get("Content-Type").get(0)).startsWith("text/plain");
          assertThat(body(metrics))
              .contains(
                  "backstride_ingest_requests_total{method=\"POST\","
                      + "route=\"/v1/athletes/{athleteId}/activities\",service=\"ingest\","
                      + "status=\"202\"} 1.0\n",
                  "backstride_ingest_requests_total{method=\"POST\","
                      + "route=\"/v1/athletes/{athleteId}/activities\",service=\"ingest\","
                      + "status=\"401\"} 1.0\n",
                  "backstride_ingest_samples_produced_total{service=\"ingest\",source=\"gpx\"} 3.0\n",
                  "backstride_ingest_samples_produced_total{service=\"ingest\",source=\"sync\"} 2.0\n",
                  "# TYPE backstride_ingest_requests_total counter\n",
                  "backstride_uploads_accepted_total{format=\"gpx\",service=\"ingest\"} 1.0\n",
                  "backstride_uploads_accepted_total{format=\"sync\",service=\"ingest\"} 1.0\n",
                  "backstride_uploads_rejected_total{format=\"file\",reason=\"unauthorized\","
                      + "service=\"ingest\"} 1.0\n",
                  "backstride_upload_samples_count{format=\"gpx\",service=\"ingest\"} 1\n",
                  "backstride_upload_samples_sum{format=\"gpx\",service=\"ingest\"} 3.0\n",
                  "backstride_upload_samples_bucket{format=\"gpx\",service=\"ingest\",le=\"10.0\"} 1\n",
                  "backstride_upload_latency_seconds_count{kind=\"file\",outcome=\"accepted\","
                      + "service=\"ingest\"} 1\n",
                  "backstride_upload_latency_seconds_count{kind=\"file\",outcome=\"rejected\","
                      + "service=\"ingest\"} 1\n",
                  "# TYPE jvm_memory_used_bytes gauge\n");
        });
  }

  @Test
  void answersReadinessWithEachFailedCheckAndLivenessRegardless() {
    publisher.down = Optional.of("no metadata for activity-samples.v1");
    test(
        client -> {
          Response ready = client.get("/health/ready");
          Response live = client.get("/health/live");

          assertThat(ready.code()).isEqualTo(503);
          assertThat(json(ready).get("status").asText()).isEqualTo("DOWN");
          assertThat(json(ready).get("failed"))
              .containsExactly(
                  JSON.createObjectNode()
                      .put("check", "producer")
                      .put("reason", "no metadata for activity-samples.v1"));
          assertThat(live.code()).isEqualTo(200);
          assertThat(json(live).get("status").asText()).isEqualTo("UP");
        });
  }

  @Test
  void answersReadinessUpWhenThePublisherHasMetadata() {
    test(
        client -> {
          Response ready = client.get("/health/ready");
          assertThat(ready.code()).isEqualTo(200);
          assertThat(json(ready).get("passed").toString()).isEqualTo("[\"producer\"]");
        });
  }

  @Test
  void servesAnOpenApiDocumentListingExactlyTheRegisteredRoutes() throws IOException {
    IngestApi api = api();
    Set<String> documented = documentedOperations(resource("/openapi.yaml"));
    Set<String> registered = new LinkedHashSet<>();
    api.routes().forEach(r -> registered.add(r.method() + " " + r.path()));

    assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
    assertThat(resource("/openapi.yaml")).startsWith("openapi: 3.");
    JavalinTest.test(
        api.app(),
        (server, client) -> {
          Response served = client.get("/openapi.yaml");
          assertThat(served.code()).isEqualTo(200);
          assertThat(body(served)).isEqualTo(resource("/openapi.yaml"));
        });
  }

  /**
   * The operations of an OpenAPI YAML document: path keys at two spaces under {@code paths:},
   * methods at four spaces under them. Enough of YAML for the document's own layout.
   */
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
      if (!inPaths) {
        continue;
      }
      Matcher p = pathKey.matcher(line);
      Matcher m = methodKey.matcher(line);
      if (p.matches()) {
        path = p.group(1);
      } else if (m.matches() && path != null) {
        operations.add(m.group(1) + " " + path);
      }
    }
    return operations;
  }

  // --- helpers ---

  private static String syncBatch(String activityId, int seq, boolean last) {
    return "{\"activityId\":\""
        + activityId
        + "\",\"seq\":"
        + seq
        + ",\"final\":"
        + last
        + ",\"sport\":\"running\",\"samples\":["
        + "{\"time\":\"2026-03-02T07:00:00Z\",\"lat\":48.2,\"lon\":16.37,\"elevation\":170,"
        + "\"speed\":3.1,\"distance\":0,\"heartRate\":140,\"cadence\":170,"
        + "\"verticalOscillation\":80},"
        + "{\"time\":\"2026-03-02T07:00:01Z\",\"lat\":48.20003,\"lon\":16.37,\"heartRate\":141}]}";
  }

  private static String sync(String activityId, int seq, String t1, String t2, double lat) {
    return "{\"activityId\":\""
        + activityId
        + "\",\"seq\":"
        + seq
        + ",\"samples\":[{\"time\":"
        + t1
        + ",\"lat\":48.2,\"lon\":16.37},{\"time\":"
        + t2
        + ",\"lat\":"
        + lat
        + ",\"lon\":16.37}]}";
  }

  private IngestApi api() {
    return new IngestApi(
        config,
        new ActivityReaders(),
        publisher,
        athleteId -> Optional.ofNullable(stored.get(athleteId)),
        clock);
  }

  private void test(ClientCase testCase) {
    JavalinTest.test(api().app(), (server, client) -> testCase.run(client));
  }

  private static java.net.http.HttpRequest.BodyPublisher gpx(int points) {
    return BodyPublishers.ofString(TestGpx.run(points));
  }

  private static Response postJson(HttpClient client, String path, String body, String token) {
    return client.request(
        path,
        r -> {
          r.post(BodyPublishers.ofString(body)).header("Content-Type", "application/json");
          if (token != null) {
            r.header("Authorization", "Bearer " + token);
          }
        });
  }

  private static Response put(HttpClient client, String path, String body, String token) {
    return client.request(
        path,
        r -> {
          r.put(BodyPublishers.ofString(body)).header("Content-Type", "application/json");
          if (token != null) {
            r.header("Authorization", "Bearer " + token);
          }
        });
  }

  /** Asserts the {@code {error, detail}} shape and returns the detail. */
  private static String assertError(Response response, String error) {
    JsonNode body = json(response);
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("error", "detail");
    assertThat(body.get("error").asText()).isEqualTo(error);
    assertThat(body.get("detail").asText()).isNotBlank();
    return body.get("detail").asText();
  }

  private static String body(Response response) {
    return response.body().string();
  }

  private static JsonNode json(Response response) {
    try {
      return JSON.readTree(body(response));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = IngestApi.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @FunctionalInterface
  private interface ClientCase {
    void run(HttpClient client) throws Exception;
  }
}
