package io.backstride.ingest;

import static io.backstride.ingest.IngestApiContractTest.json;
import static io.backstride.ingest.TestGpx.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.HttpClient;
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
 * The 202 of a run says when ingest can tell the trends will not count it: more than the kept 182
 * days (and a margin) behind the newest run it accepted for the athlete.
 */
class IngestApiKeptWindowTest {
  private static final String ACTIVITIES = "/v1/athletes/ana/activities";

  private final RecordingPublisher publisher = new RecordingPublisher();

  @Test
  void warnsInThe202ThatARunFarBehindTheNewestAcceptedOneWillNotBeCounted() {
    test(
        client -> {
          Response newest = upload(client, ACTIVITIES, "2026-09-20");
          Response old = upload(client, ACTIVITIES, "2026-03-02");

          assertThat(newest.code()).isEqualTo(202);
          assertThat(json(newest).has("warning")).isFalse();
          assertThat(old.code()).isEqualTo(202);
          JsonNode body = json(old);
          assertThat(body.get("warning").asText())
              .isEqualTo(
                  "not counted in the trends: this run starts 2026-03-02, more than 182 days"
                      + " before the newest run accepted for ana (2026-09-20), and the trends keep"
                      + " runs only up to 182 days before an athlete's latest run;"
                      + " ingest-dead-letter.v1 will say so too");
          // accepted all the same: the activity is on the topic, and its dead letter says why
          assertThat(publisher.keys).containsExactly("ana", "ana");
        });
  }

  @Test
  void saysNothingForRunsInsideTheWindowForOtherAthletesOrNearTheEdge() {
    test(
        client -> {
          upload(client, ACTIVITIES, "2026-09-20");
          Response inside = upload(client, ACTIVITIES, "2026-04-20");
          // 183 days behind: inside the margin ingest leaves for zones and sync batches, so silent
          Response edge = upload(client, ACTIVITIES, "2026-03-21");
          Response otherAthlete = upload(client, "/v1/athletes/ben/activities", "2026-03-02");

          for (Response r : List.of(inside, edge, otherAthlete)) {
            assertThat(r.code()).isEqualTo(202);
            assertThat(json(r).has("warning")).isFalse();
          }
        });
  }

  @Test
  void warnsForALiveSyncBatchBehindTheNewestRunToo() {
    test(
        client -> {
          upload(client, ACTIVITIES, "2026-09-20");
          Response batch =
              client.request(
                  "/v1/athletes/ana/samples",
                  r ->
                      r.post(
                              BodyPublishers.ofString(
                                  "{\"activityId\":\"replayed\",\"seq\":0,\"samples\":["
                                      + "{\"time\":\"2026-03-02T07:00:00Z\",\"lat\":48.2,\"lon\":16.37}]}"))
                          .header("Content-Type", "application/json"));

          assertThat(batch.code()).isEqualTo(202);
          assertThat(json(batch).get("warning").asText())
              .startsWith("not counted in the trends: this run starts 2026-03-02");
        });
  }

  private static Response upload(HttpClient client, String path, String day) {
    String gpx = TestGpx.run(3).replace("2026-03-02T07:00:0", day + "T07:00:0");
    return client.request(path, r -> r.post(BodyPublishers.ofString(gpx)));
  }

  private void test(IngestApiContractTest.ClientCase testCase) {
    IngestApi api =
        new IngestApi(
            IngestConfig.defaults().withPort(0),
            new ActivityReaders(),
            publisher,
            athleteId -> Optional.empty(),
            Clock.fixed(T0.plus(Duration.ofDays(300)), ZoneOffset.UTC));
    JavalinTest.test(api.app(), (server, client) -> testCase.run(client));
  }
}
