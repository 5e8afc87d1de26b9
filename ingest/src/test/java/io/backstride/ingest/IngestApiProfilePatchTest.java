package io.backstride.ingest;

import static io.backstride.ingest.IngestApiContractTest.assertError;
import static io.backstride.ingest.IngestApiContractTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.avro.AthleteProfile;
import io.backstride.avro.Units;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * PUT replaces the whole profile; PATCH (JSON Merge Patch, RFC 7396) changes only the fields it
 * names, against the stored profile, and checks the result as PUT would.
 */
class IngestApiProfilePatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANA = "/v1/athletes/ana";
  private static final String MERGE_PATCH = "application/merge-patch+json";

  private final RecordingPublisher publisher = new RecordingPublisher();
  private final Map<String, AthleteProfile> stored = new HashMap<>();

  IngestApiProfilePatchTest() {
    stored.put(
        "ana",
        AthleteProfile.newBuilder()
            .setAthleteId("ana")
            .setEmail("ana@example.org")
            .setName("Ana")
            .setTimeZone("Europe/Zagreb")
            .setUnits(Units.KM)
            .setNotificationsEnabled(false)
            .build());
  }

  @Test
  void putReplacesTheWholeProfileSoFieldsItLeavesOutGoBackToTheirDefaults() {
    test(
        client -> {
          Response response = send(client, "PUT", ANA, "{\"units\":\"mi\"}", "application/json");

          assertThat(response.code()).isEqualTo(200);
          assertThat(json(response)).isEqualTo(profile(null, null, "UTC", "mi", true));
          assertThat(publisher.profiles.get(0).getEmail()).isNull();
        });
  }

  @Test
  void patchChangesOnlyTheFieldsItNamesAndKeepsTheRest() {
    test(
        client -> {
          Response response = send(client, "PATCH", ANA, "{\"units\":\"mi\"}", MERGE_PATCH);

          assertThat(response.code()).isEqualTo(200);
          assertThat(json(response))
              .isEqualTo(profile("ana@example.org", "Ana", "Europe/Zagreb", "mi", false));
          assertThat(publisher.profiles).hasSize(1);
          AthleteProfile published = publisher.profiles.get(0);
          assertThat(published.getEmail()).isEqualTo("ana@example.org");
          assertThat(published.getUnits()).isEqualTo(Units.MI);
          assertThat(publisher.keys).containsExactly("ana");
        });
  }

  @Test
  void patchWithNullRemovesAFieldAndAcceptsPlainJsonToo() {
    test(
        client -> {
          Response response =
              send(client, "PATCH", ANA, "{\"email\":null,\"timeZone\":null}", "application/json");

          assertThat(response.code()).isEqualTo(200);
          assertThat(json(response)).isEqualTo(profile(null, "Ana", "UTC", "km", false));
        });
  }

  @Test
  void patchChecksTheMergedProfileAndPublishesNothingWhenItIsInvalid() {
    test(
        client -> {
          Response units = send(client, "PATCH", ANA, "{\"units\":\"furlongs\"}", MERGE_PATCH);
          Response unknown = send(client, "PATCH", ANA, "{\"athleteId\":\"ben\"}", MERGE_PATCH);
          Response wrongType = send(client, "PATCH", ANA, "{\"notifications\":1}", MERGE_PATCH);
          Response notAnObject = send(client, "PATCH", ANA, "[\"units\",\"mi\"]", MERGE_PATCH);
          Response text = send(client, "PATCH", ANA, "{\"units\":\"mi\"}", "text/plain");

          assertThat(units.code()).isEqualTo(400);
          assertThat(assertError(units, "invalid_profile"))
              .isEqualTo("units must be km or mi, was 'furlongs'");
          assertThat(unknown.code()).isEqualTo(400);
          assertThat(assertError(unknown, "invalid_profile"))
              .startsWith("unknown field 'athleteId'");
          assertThat(wrongType.code()).isEqualTo(400);
          assertThat(assertError(wrongType, "invalid_profile"))
              .isEqualTo("notifications must be true or false, was 1");
          assertThat(notAnObject.code()).isEqualTo(400);
          assertThat(assertError(notAnObject, "invalid_profile"))
              .isEqualTo("the body must be a JSON object");
          assertThat(text.code()).isEqualTo(415);
          assertThat(assertError(text, "unsupported_media_type"))
              .isEqualTo(
                  "Content-Type text/plain is not JSON: send application/merge-patch+json or"
                      + " application/json");
          assertThat(publisher.nothingPublished()).isTrue();
        });
  }

  @Test
  void patchOfAnAthleteWithoutAProfileIs404AndAsksForAPut() {
    test(
        client -> {
          Response response =
              send(client, "PATCH", "/v1/athletes/ben", "{\"units\":\"mi\"}", MERGE_PATCH);

          assertThat(response.code()).isEqualTo(404);
          assertThat(assertError(response, "not_found"))
              .isEqualTo("no profile for athlete ben; PUT the whole profile first");
          assertThat(publisher.nothingPublished()).isTrue();
        });
  }

  private static com.fasterxml.jackson.databind.JsonNode profile(
      String email, String name, String zone, String units, boolean notifications) {
    return JSON.createObjectNode()
        .put("athleteId", "ana")
        .put("email", email)
        .put("name", name)
        .put("timeZone", zone)
        .put("units", units)
        .put("notifications", notifications);
  }

  private void test(IngestApiContractTest.ClientCase testCase) {
    IngestApi api =
        new IngestApi(
            IngestConfig.defaults().withPort(0),
            new ActivityReaders(),
            publisher,
            athleteId -> Optional.ofNullable(stored.get(athleteId)),
            Clock.fixed(TestGpx.T0.plus(Duration.ofHours(1)), ZoneOffset.UTC));
    JavalinTest.test(api.app(), (server, client) -> testCase.run(client));
  }

  private static Response send(
      HttpClient client, String method, String path, String body, String contentType) {
    return client.request(
        path,
        r -> {
          if (method.equals("PUT")) {
            r.put(BodyPublishers.ofString(body));
          } else {
            r.patch(BodyPublishers.ofString(body));
          }
          r.header("Content-Type", contentType);
        });
  }
}
