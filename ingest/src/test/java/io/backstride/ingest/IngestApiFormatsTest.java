package io.backstride.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The upload route with every format, gzip included: the readers behind it are the same. */
class IngestApiFormatsTest {
  private static final String ACTIVITIES = "/v1/athletes/runner-1/activities";

  private final RecordingPublisher publisher = new RecordingPublisher();

  @Test
  void acceptsFitAndGzippedTcxAndTagsTheBatchesWithTheirFormat() {
    IngestApi api =
        new IngestApi(IngestConfig.defaults().withPort(0), new ActivityReaders(), publisher);
    JavalinTest.test(
        api.app(),
        (server, client) -> {
          Response fit =
              client.request(
                  ACTIVITIES,
                  r ->
                      r.post(
                          BodyPublishers.ofByteArray(
                              TestFiles.sample("activity-small-fenix2-run.fit"))));
          Response tcx =
              client.request(
                  ACTIVITIES,
                  r ->
                      r.post(
                          BodyPublishers.ofByteArray(
                              TestFiles.gzip(TestFiles.sample("forerunner410-run.tcx")))));

          assertThat(fit.code()).isEqualTo(202);
          assertThat(json(fit).get("samples").asInt()).isEqualTo(2809);
          assertThat(tcx.code()).isEqualTo(202);
          assertThat(json(tcx).get("samples").asInt()).isEqualTo(384);
          assertThat(publisher.batches)
              .extracting(b -> b.getSource())
              .containsOnly("fit", "tcx")
              .contains("fit", "tcx");
        });
  }

  @Test
  void aBrokenFitIsA400SayingWhyAndNothingIsPublished() {
    byte[] fit = TestFiles.sample("2013-02-06-12-11-14.fit");
    byte[] truncated = Arrays.copyOf(fit, fit.length - 10);
    IngestApi api =
        new IngestApi(IngestConfig.defaults().withPort(0), new ActivityReaders(), publisher);
    JavalinTest.test(
        api.app(),
        (server, client) -> {
          Response response =
              client.request(ACTIVITIES, r -> r.post(BodyPublishers.ofByteArray(truncated)));

          assertThat(response.code()).isEqualTo(400);
          assertThat(json(response).get("detail").asText())
              .isEqualTo("FIT file is truncated or its CRC does not match");
          assertThat(publisher.batches).isEmpty();
        });
  }

  private static JsonNode json(Response response) {
    try {
      return new ObjectMapper().readTree(response.body().string());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
