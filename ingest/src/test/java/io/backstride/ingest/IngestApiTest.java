package io.backstride.ingest;

import static io.backstride.ingest.TestGpx.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.avro.AthleteProfile;
import io.backstride.avro.Units;
import io.backstride.ingest.gpx.GpxReader;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class IngestApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACTIVITIES = "/v1/athletes/runner-1/activities";

  private final RecordingPublisher publisher = new RecordingPublisher();
  private IngestConfig config = IngestConfig.defaults().withPort(0);

  @Test
  void answers202WithIdAndCountsAndPublishesExactlyTheBatchesOfTheFile() {
    test(
        (client) -> {
          Response response = post(client, ACTIVITIES, BodyPublishers.ofString(TestGpx.run(250)));

          assertThat(response.code()).isEqualTo(202);
          String activityId = ActivityIds.of("runner-1", T0);
          assertThat(json(response))
              .isEqualTo(
                  JSON.createObjectNode()
                      .put("activityId", activityId)
                      .put("batches", 2)
                      .put("samples", 250)
                      .put("start", "2026-03-02T07:00:00Z"));
          ParsedActivity expected =
              new GpxReader().read(new ByteArrayInputStream(TestGpx.runBytes(250)));
          // every upload gets a new upload id: the published batches carry the first one's
          String uploadId = publisher.batches.get(0).getUploadId();
          assertThat(publisher.batches)
              .containsExactlyElementsOf(
                  SampleBatches.of(
                      "runner-1", activityId, expected, SampleBatches.MAX_SAMPLES, uploadId));
          assertThat(publisher.keys).containsOnly("runner-1");
        });
  }

  @Test
  void rejectsGarbageWith400NamingLineAndColumnAndPublishesNothing() {
    test(
        client -> {
          Response response =
              post(client, ACTIVITIES, BodyPublishers.ofString("<gpx>\n<trk>oops</gpx>"));

          assertThat(response.code()).isEqualTo(400);
          JsonNode body = json(response);
          assertThat(body.get("error").asText()).isEqualTo("invalid_activity");
          assertThat(body.get("detail").asText()).startsWith("malformed XML at line 2, column ");
          assertThat(publisher.batches).isEmpty();
        });
  }

  @Test
  void rejectsAnInvalidAthleteIdWith400AndPublishesNothing() {
    test(
        client -> {
          Response response =
              post(
                  client,
                  "/v1/athletes/runner:1/activities",
                  BodyPublishers.ofString(TestGpx.run(1)));

          assertThat(response.code()).isEqualTo(400);
          assertThat(json(response).get("error").asText()).isEqualTo("invalid_athlete_id");
          assertThat(publisher.batches).isEmpty();
        });
  }

  @Test
  void answers503WithRetryAfterWhenKafkaFails() {
    publisher.answer = CompletableFuture.failedFuture(new TimeoutException("no broker"));
    test(
        client -> {
          Response response = post(client, ACTIVITIES, BodyPublishers.ofString(TestGpx.run(3)));

          assertThat(response.code()).isEqualTo(503);
          assertThat(response.headers().get("Retry-After")).containsExactly("5");
          assertThat(json(response).get("error").asText()).isEqualTo("unavailable");
          assertThat(json(response).get("detail").asText()).contains("no broker");
        });
  }

  @Test
  void answers503WhenKafkaDoesNotAcknowledgeInTime() {
    config = config.withAckTimeout(Duration.ofMillis(100));
    publisher.answer = new CompletableFuture<>();
    test(
        client -> {
          Response response = post(client, ACTIVITIES, BodyPublishers.ofString(TestGpx.run(3)));

          assertThat(response.code()).isEqualTo(503);
          assertThat(response.headers().get("Retry-After")).containsExactly("5");
          assertThat(json(response).get("detail").asText()).contains("within 100 ms");
        });
  }

  @Test
  void acceptsAGzipBodyWithOrWithoutContentEncoding() {
    byte[] gzipped = gzip(TestGpx.runBytes(3));
    test(
        client -> {
          Response declared =
              client.request(
                  ACTIVITIES,
                  r ->
                      r.post(BodyPublishers.ofByteArray(gzipped))
                          .header("Content-Encoding", "gzip")
                          .header("Content-Type", "application/gpx+xml"));
          Response sniffed = post(client, ACTIVITIES, BodyPublishers.ofByteArray(gzipped));

          assertThat(declared.code()).isEqualTo(202);
          assertThat(sniffed.code()).isEqualTo(202);
          assertThat(json(declared).get("samples").asInt()).isEqualTo(3);
          assertThat(publisher.batches).hasSize(2);
        });
  }

  @Test
  void rejectsABodyThatClaimsGzipButIsNotWith400() {
    test(
        client -> {
          Response response =
              client.request(
                  ACTIVITIES,
                  r ->
                      r.post(BodyPublishers.ofString(TestGpx.run(1)))
                          .header("Content-Encoding", "gzip"));

          assertThat(response.code()).isEqualTo(400);
          assertThat(json(response).get("detail").asText())
              .startsWith("the body is not valid gzip");
          assertThat(publisher.batches).isEmpty();
        });
  }

  @Test
  void answers413WhenTheDeclaredLengthExceedsTheCap() {
    config = config.withMaxBodyBytes(1000);
    test(
        client -> {
          Response response = post(client, ACTIVITIES, BodyPublishers.ofString(TestGpx.run(20)));

          assertThat(response.code()).isEqualTo(413);
          assertThat(json(response).get("error").asText()).isEqualTo("too_large");
          assertThat(publisher.batches).isEmpty();
        });
  }

  @Test
  void answers413WhenAStreamedBodyWithoutLengthGoesPastTheCap() {
    config = config.withMaxBodyBytes(1000);
    byte[] gpx = TestGpx.runBytes(20);
    test(
        client -> {
          Response response =
              post(
                  client,
                  ACTIVITIES,
                  BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(gpx)));

          assertThat(response.code()).isEqualTo(413);
          assertThat(publisher.batches).isEmpty();
        });
  }

  @Test
  void answers413WhenASmallGzipInflatesPastTheCap() {
    config = config.withMaxBodyBytes(4000);
    byte[] gzipped = gzip(TestGpx.runBytes(200));
    assertThat(gzipped.length).isLessThan(4000);
    test(
        client -> {
          Response response = post(client, ACTIVITIES, BodyPublishers.ofByteArray(gzipped));

          assertThat(response.code()).isEqualTo(413);
          assertThat(publisher.batches).isEmpty();
        });
  }

  @Test
  void acceptsTheOneFilePartOfAMultipartUpload() {
    String multipart =
        "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"run.gpx\"\r\n"
            + "Content-Type: application/gpx+xml\r\n\r\n"
            + TestGpx.run(3)
            + "\r\n--x--\r\n";
    test(
        client -> {
          Response response =
              client.request(
                  ACTIVITIES,
                  r ->
                      r.post(BodyPublishers.ofString(multipart))
                          .header("Content-Type", "multipart/form-data; boundary=x"));

          JsonNode body = json(response);
          assertThat(response.code()).as(body.toString()).isEqualTo(202);
          assertThat(body.get("samples").asInt()).isEqualTo(3);
        });
  }

  @Test
  void refusesAMultipartUploadWithoutExactlyOneFileWith400() {
    test(
        client -> {
          Response response =
              client.request(
                  ACTIVITIES,
                  r ->
                      r.post(BodyPublishers.ofString("--x--\r\n"))
                          .header("Content-Type", "multipart/form-data; boundary=x"));

          assertThat(response.code()).isEqualTo(400);
          assertThat(json(response).get("error").asText()).isEqualTo("invalid_multipart");
          assertThat(publisher.batches).isEmpty();
        });
  }

  @Test
  void refusesAContentTypeThatIsNoActivityFileWith415() {
    test(
        client -> {
          for (String type : List.of("application/json", "application/x-www-form-urlencoded")) {
            Response response =
                client.request(
                    ACTIVITIES,
                    r ->
                        r.post(BodyPublishers.ofString(TestGpx.run(3)))
                            .header("Content-Type", type));

            assertThat(response.code()).as(type).isEqualTo(415);
            assertThat(json(response).get("error").asText()).isEqualTo("unsupported_media_type");
            assertThat(json(response).get("detail").asText()).contains(type);
          }
          assertThat(publisher.batches).isEmpty();
        });
  }

  @Test
  void storesAValidProfileWithDefaultsAndReturnsIt() {
    test(
        client -> {
          Response response =
              put(
                  client,
                  "/v1/athletes/runner-1",
                  """
                  {"email":"ana@example.org","name":"Ana","timeZone":"Europe/Zagreb",
                   "units":"MI"}
                  """);

          assertThat(response.code()).isEqualTo(200);
          assertThat(json(response))
              .isEqualTo(
                  JSON.createObjectNode()
                      .put("athleteId", "runner-1")
                      .put("email", "ana@example.org")
                      .put("name", "Ana")
                      .put("timeZone", "Europe/Zagreb")
                      .put("units", "mi")
                      .put("notifications", true));
          assertThat(publisher.profiles)
              .containsExactly(
                  AthleteProfile.newBuilder()
                      .setAthleteId("runner-1")
                      .setEmail("ana@example.org")
                      .setName("Ana")
                      .setTimeZone("Europe/Zagreb")
                      .setUnits(Units.MI)
                      .setNotificationsEnabled(true)
                      .build());
        });
  }

  @Test
  void rejectsAnInvalidProfileWith400AndPublishesNothing() {
    test(
        client -> {
          List<String> invalid =
              List.of(
                  "{\"email\":\"not-an-address\"}",
                  "{\"timeZone\":\"Mars/Olympus\"}",
                  "{\"units\":\"furlongs\"}",
                  "{\"timezone\":\"UTC\"}",
                  "{\"email\":",
                  "null");
          for (String body : invalid) {
            Response response = put(client, "/v1/athletes/runner-1", body);

            assertThat(response.code()).as(body).isEqualTo(400);
            assertThat(json(response).get("error").asText()).as(body).isEqualTo("invalid_profile");
            assertThat(json(response).get("detail").asText()).as(body).isNotBlank();
          }
          assertThat(publisher.profiles).isEmpty();
        });
  }

  @Test
  void answersHealthAndUnknownRoutesInJson() {
    test(
        client -> {
          Response health = client.get("/health");
          Response missing = client.get("/nowhere");

          assertThat(health.code()).isEqualTo(200);
          assertThat(json(health)).isEqualTo(JSON.createObjectNode().put("status", "UP"));
          assertThat(missing.code()).isEqualTo(404);
          assertThat(json(missing).get("error").asText()).isEqualTo("not_found");
        });
  }

  private void test(ClientCase testCase) {
    IngestApi api = new IngestApi(config, new ActivityReaders(), publisher);
    JavalinTest.test(api.app(), (server, client) -> testCase.run(client));
  }

  private static Response post(HttpClient client, String path, BodyPublisher body) {
    return client.request(path, r -> r.post(body));
  }

  private static Response put(HttpClient client, String path, String body) {
    return client.request(
        path, r -> r.put(BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
  }

  private static JsonNode json(Response response) {
    try {
      return JSON.readTree(response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A test body that gets the client. */
  @FunctionalInterface
  private interface ClientCase {
    void run(HttpClient client) throws Exception;
  }
}
