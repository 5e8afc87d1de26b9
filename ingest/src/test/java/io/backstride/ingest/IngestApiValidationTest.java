package io.backstride.ingest;

import static io.backstride.ingest.IngestApiContractTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * JSON bodies are read strictly: a value of the wrong type is a 400 naming the field and what it
 * may be, never coerced (4.5 to 4, "0" to 0) and never described in Java's terms.
 */
class IngestApiValidationTest {
  private static final String SAMPLES = "/v1/athletes/ana/samples";
  private static final String SYMPTOMS = "/v1/athletes/ana/symptoms";
  private static final String PROFILE = "/v1/athletes/ana";
  private static final String SAMPLE =
      "{\"time\":\"2026-03-02T07:00:00Z\",\"lat\":48.2,\"lon\":16.3}";

  private final RecordingPublisher publisher = new RecordingPublisher();

  @Test
  void refusesAFractionalSeverityInsteadOfStoringItRoundedDown() {
    test(
        client -> {
          Response response =
              send(
                  client,
                  "POST",
                  SYMPTOMS,
                  "{\"date\":\"2026-03-02\",\"severity\":4.5,\"when\":\"during\"}");

          assertThat(response.code()).isEqualTo(400);
          assertThat(assertError(response, "invalid_symptom"))
              .isEqualTo("severity must be a whole number, was 4.5");
        });
  }

  @Test
  void namesAMissingFieldAndItsChoicesRatherThanSayingItWasNull() {
    test(
        client -> {
          Response noWhen =
              send(client, "POST", SYMPTOMS, "{\"date\":\"2026-03-02\",\"severity\":3}");
          Response noSeverity =
              send(client, "POST", SYMPTOMS, "{\"date\":\"2026-03-02\",\"when\":\"after\"}");

          assertThat(noWhen.code()).isEqualTo(400);
          assertThat(assertError(noWhen, "invalid_symptom"))
              .isEqualTo("when is required: during, after or unrelated");
          assertThat(noSeverity.code()).isEqualTo(400);
          assertThat(assertError(noSeverity, "invalid_symptom"))
              .isEqualTo("severity is required: a whole number from 0 to 10");
        });
  }

  @Test
  void describesAWrongTypeInTheApisTermsWithoutAJavaTypeName() {
    test(
        client -> {
          Response notifications = send(client, "PUT", PROFILE, "{\"notifications\":\"no\"}");
          Response email = send(client, "PUT", PROFILE, "{\"email\":5}");
          Response lat =
              send(
                  client,
                  "POST",
                  SAMPLES,
                  "{\"activityId\":\"run\",\"seq\":0,\"samples\":["
                      + SAMPLE
                      + ",{\"time\":\"2026-03-02T07:00:01Z\",\"lat\":\"48.2\"}]}");

          assertThat(notifications.code()).isEqualTo(400);
          assertThat(assertError(notifications, "invalid_profile"))
              .isEqualTo("notifications must be true or false, was \"no\"");
          assertThat(email.code()).isEqualTo(400);
          assertThat(assertError(email, "invalid_profile"))
              .isEqualTo("email must be a string, was 5");
          assertThat(lat.code()).isEqualTo(400);
          assertThat(assertError(lat, "invalid_batch"))
              .isEqualTo("samples[1].lat must be a number, was \"48.2\"");
        });
  }

  @Test
  void refusesANumberSentAsAString() {
    test(
        client -> {
          Response response =
              send(
                  client,
                  "POST",
                  SAMPLES,
                  "{\"activityId\":\"run\",\"seq\":\"0\",\"samples\":[" + SAMPLE + "]}");

          assertThat(response.code()).isEqualTo(400);
          assertThat(assertError(response, "invalid_batch"))
              .isEqualTo("seq must be a whole number, was \"0\"");
        });
  }

  @Test
  void refusesContentAfterTheBatchAndABodyThatIsNoObjectAsItReadsTheBatchInOnePass() {
    String batch = "{\"activityId\":\"run\",\"seq\":0,\"samples\":[" + SAMPLE + "]}";
    test(
        client -> {
          Response trailing = send(client, "POST", SAMPLES, batch + " {\"seq\":1}");
          Response array = send(client, "POST", SAMPLES, "[" + batch + "]");
          Response empty = send(client, "POST", SAMPLES, "");
          Response cut = send(client, "POST", SAMPLES, batch.substring(0, batch.length() - 3));

          assertThat(trailing.code()).isEqualTo(400);
          assertThat(assertError(trailing, "invalid_batch"))
              .startsWith("invalid JSON at line 1, column ")
              .contains("Trailing token");
          for (Response notAnObject : new Response[] {array, empty}) {
            assertThat(notAnObject.code()).isEqualTo(400);
            assertThat(assertError(notAnObject, "invalid_batch"))
                .isEqualTo("the body must be a JSON object");
          }
          assertThat(cut.code()).isEqualTo(400);
          assertThat(assertError(cut, "invalid_batch")).startsWith("invalid JSON at line 1");
        });
  }

  @Test
  void namesTheAllowedFieldsForAnUnknownOne() {
    test(
        client -> {
          Response response = send(client, "PUT", PROFILE, "{\"timezone\":\"UTC\"}");

          assertThat(response.code()).isEqualTo(400);
          assertThat(assertError(response, "invalid_profile"))
              .isEqualTo(
                  "unknown field 'timezone'; the fields are email, name, notifications, timeZone,"
                      + " units");
        });
  }

  @Test
  void answers415ForAJsonRouteSentPlainTextOrAFormLikeTheActivitiesRouteDoes() {
    String batch = "{\"activityId\":\"run\",\"seq\":0,\"samples\":[" + SAMPLE + "]}";
    test(
        client -> {
          for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded"}) {
            Response samples = send(client, "POST", SAMPLES, batch, type);
            Response symptoms =
                send(
                    client,
                    "POST",
                    SYMPTOMS,
                    "{\"date\":\"2026-03-02\",\"severity\":3,\"when\":\"after\"}",
                    type);
            Response profile = send(client, "PUT", PROFILE, "{}", type);

            for (Response r : new Response[] {samples, symptoms, profile}) {
              assertThat(r.code()).as(type).isEqualTo(415);
              assertThat(assertError(r, "unsupported_media_type"))
                  .isEqualTo("Content-Type " + type + " is not JSON: send application/json");
            }
          }
        });
  }

  private void test(IngestApiContractTest.ClientCase testCase) {
    IngestApi api =
        new IngestApi(
            IngestConfig.defaults().withPort(0),
            new ActivityReaders(),
            publisher,
            athleteId -> Optional.empty(),
            Clock.fixed(TestGpx.T0.plus(Duration.ofHours(1)), ZoneOffset.UTC));
    JavalinTest.test(
        api.app(),
        (server, client) -> {
          testCase.run(client);
          assertThat(publisher.nothingPublished()).isTrue();
        });
  }

  private static Response send(HttpClient client, String method, String path, String body) {
    return send(client, method, path, body, "application/json");
  }

  private static Response send(
      HttpClient client, String method, String path, String body, String contentType) {
    return client.request(
        path,
        r -> {
          if (method.equals("PUT")) {
            r.put(BodyPublishers.ofString(body));
          } else {
            r.post(BodyPublishers.ofString(body));
          }
          r.header("Content-Type", contentType);
        });
  }
}
