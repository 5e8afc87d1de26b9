package io.backstride.ingest;

import static io.backstride.ingest.TestGpx.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.core.Sample;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A watch whose clock runs fast: its samples lie ahead of the server's clock. Beyond the margin (an
 * hour by default, the broker's own limit on a record's timestamp) the upload or batch is refused
 * over HTTP with the offending time and sample named, and nothing is published; within it the
 * upload is taken. Every clock here is fixed.
 */
class IngestApiClockAheadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACTIVITIES = "/v1/athletes/ana/activities";
  private static final String SAMPLES = "/v1/athletes/ana/samples";

  /** A real Garmin FIT run of 47 minutes, and when its first and last samples were recorded. */
  private static final byte[] FIT = TestFiles.sample("activity-small-fenix2-run.fit");

  private static final Instant FIT_START = sampleTimes(FIT).get(0);
  private static final Instant FIT_END = sampleTimes(FIT).get(1);

  private final RecordingPublisher publisher = new RecordingPublisher();
  private IngestConfig config = IngestConfig.defaults().withPort(0);

  @Test
  void aGpxFileTwoHoursAheadIsRefusedNamingTheTimeTheSampleAndTheServersClock() {
    Answer response = upload(T0.minus(Duration.ofHours(2)), TestGpx.runBytes(3));

    assertThat(response.code()).isEqualTo(422);
    assertThat(error(response))
        .isEqualTo(
            "implausible_samples: implausible time 2026-03-02T07:00:00Z at sample 1: 2 h ahead of"
                + " the server's clock (2026-03-02T05:00:00Z); at most 1 h ahead is taken, so set"
                + " the watch's clock");
    assertThat(publisher.nothingPublished()).isTrue();
  }

  @Test
  void aFitFileTwoHoursAheadIsRefusedNamingItsFirstSample() {
    Answer response = upload(FIT_START.minus(Duration.ofHours(2)), FIT);

    assertThat(response.code()).isEqualTo(422);
    assertThat(error(response))
        .isEqualTo(
            "implausible_samples: implausible time 2015-08-15T14:45:08Z at sample 1: 2 h ahead of"
                + " the server's clock (2015-08-15T12:45:08Z); at most 1 h ahead is taken, so set"
                + " the watch's clock");
    assertThat(publisher.nothingPublished()).isTrue();
  }

  @Test
  void filesEndingFiftyNineMinutesAheadAreTaken() {
    Instant gpxEnd = T0.plusSeconds(2);

    assertThat(upload(gpxEnd.minus(Duration.ofMinutes(59)), TestGpx.runBytes(3)).code())
        .isEqualTo(202);
    assertThat(upload(FIT_END.minus(Duration.ofMinutes(59)), FIT).code()).isEqualTo(202);
    assertThat(publisher.batches).isNotEmpty();
  }

  @Test
  void aLiveSyncBatchTwoHoursAheadIsRefusedAndOneFiftyNineMinutesAheadIsTaken() {
    Instant last = T0.plusSeconds(1);

    Answer ahead = sync(last.minus(Duration.ofHours(2)));

    assertThat(ahead.code()).isEqualTo(422);
    assertThat(error(ahead))
        .isEqualTo(
            "invalid_batch: implausible time 2026-03-02T07:00:00Z at sample 1: 1 h 59 min 59 s"
                + " ahead of the server's clock (2026-03-02T05:00:01Z); at most 1 h ahead is"
                + " taken, so set the watch's clock");
    assertThat(publisher.nothingPublished()).isTrue();

    assertThat(sync(last.minus(Duration.ofMinutes(59))).code()).isEqualTo(202);
    assertThat(publisher.batches).hasSize(1);
  }

  @Test
  void theMarginIsConfiguration() {
    config = config.withMaxClockAhead(Duration.ofMinutes(10));
    Instant gpxEnd = T0.plusSeconds(2);

    Answer response = upload(gpxEnd.minus(Duration.ofMinutes(11)), TestGpx.runBytes(3));

    assertThat(response.code()).isEqualTo(422);
    assertThat(error(response))
        .isEqualTo(
            "implausible_samples: implausible time 2026-03-02T07:00:00Z at sample 1: 10 min 58 s"
                + " ahead of the server's clock (2026-03-02T06:49:02Z); at most 10 min ahead is"
                + " taken, so set the watch's clock");
    assertThat(upload(gpxEnd.minus(Duration.ofMinutes(10)), TestGpx.runBytes(3)).code())
        .isEqualTo(202);
  }

  private Answer upload(Instant now, byte[] file) {
    return call(
        now, client -> client.request(ACTIVITIES, r -> r.post(BodyPublishers.ofByteArray(file))));
  }

  private Answer sync(Instant now) {
    String batch =
        "{\"activityId\":\"watch-run-1\",\"seq\":0,\"final\":false,\"samples\":["
            + "{\"time\":\""
            + T0
            + "\",\"lat\":46.05,\"lon\":14.5},"
            + "{\"time\":\""
            + T0.plusSeconds(1)
            + "\",\"lat\":46.05,\"lon\":14.5}]}";
    return call(
        now,
        client ->
            client.request(
                SAMPLES,
                r ->
                    r.post(BodyPublishers.ofString(batch))
                        .header("Content-Type", "application/json")));
  }

  /** What the server answered, read before it stops. */
  private record Answer(int code, String body) {}

  private Answer call(Instant now, Function<HttpClient, Response> request) {
    IngestApi api =
        new IngestApi(
            config,
            new ActivityReaders(),
            publisher,
            athleteId -> Optional.empty(),
            Clock.fixed(now, ZoneOffset.UTC));
    Answer[] answer = new Answer[1];
    JavalinTest.test(
        api.app(),
        (server, client) -> {
          Response response = request.apply(client);
          answer[0] = new Answer(response.code(), response.body().string());
        });
    return answer[0];
  }

  /** The body's {@code error} and {@code detail}, as {@code error: detail}. */
  private static String error(Answer answer) {
    try {
      JsonNode body = JSON.readTree(answer.body());
      return body.get("error").asText() + ": " + body.get("detail").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The times of the file's first and last samples. */
  private static List<Instant> sampleTimes(byte[] file) {
    try {
      List<Sample> samples = new ActivityReaders().read(new ByteArrayInputStream(file)).samples();
      return List.of(samples.get(0).time(), samples.get(samples.size() - 1).time());
    } catch (InvalidActivityException e) {
      throw new IllegalStateException(e);
    }
  }
}
