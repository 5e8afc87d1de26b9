package io.backstride.ingest;

import static io.backstride.ingest.TestGpx.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.core.access.AccessTokens;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The live-sync bodies that were accepted with 202 and later showed as a 9.2e16 m run: over HTTP
 * now each is refused, and nothing is published.
 */
class LiveSyncPlausibilityTest {
  private static final String TOKEN = "sync-service-token-0001";

  private final RecordingPublisher publisher = new RecordingPublisher();

  private static String body(String field, String json) {
    return "{\"activityId\":\"watch-run-1\",\"seq\":0,\"final\":false,\"samples\":["
        + "{\"time\":\""
        + T0
        + "\",\"lat\":46.05,\"lon\":14.5},"
        + "{\"time\":\""
        + T0.plusSeconds(1)
        + "\",\"lat\":46.05,\"lon\":14.5,\""
        + field
        + "\":"
        + json
        + "}]}";
  }

  @Test
  void nonFiniteAndAbsurdSampleValuesAreRefusedAndNothingIsPublished() {
    IngestApi api =
        new IngestApi(
            IngestConfig.defaults().withPort(0).withTokens(AccessTokens.parse(TOKEN + "=*")),
            new ActivityReaders(),
            publisher,
            athleteId -> Optional.empty(),
            Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC));
    List<String> bodies =
        List.of(
            body("speed", "\"Infinity\""),
            body("elevation", "\"NaN\""),
            body("distance", "1e308"),
            body("distance", "1e400"),
            body("heartRate", "-5"),
            body("cadence", "-1e308"));

    JavalinTest.test(
        api.app(),
        (server, client) -> {
          for (String body : bodies) {
            Response r =
                client.request(
                    "/v1/athletes/ana/samples",
                    b ->
                        b.post(BodyPublishers.ofString(body))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + TOKEN));
            assertThat(r.code()).as(body).isBetween(400, 422);
            if (!body.contains("\"Infinity\"") && !body.contains("\"NaN\"")) {
              // a JSON number: the plausibility rules refuse it, naming the sample (a string where
              // a number belongs may be refused earlier, by the body's parsing)
              assertThat(r.body().string()).as(body).contains("at sample 2");
            }
          }
        });
    assertThat(publisher.nothingPublished()).isTrue();
  }
}
