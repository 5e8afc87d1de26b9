package io.backstride.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.platform.streams.StreamsRunner;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /health} follows the Streams application behind it, over real HTTP. */
class TrendsHealthTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final AtomicReference<StreamsRunner.Health> health = new AtomicReference<>();
  private Javalin app;

  @AfterEach
  void stop() {
    app.stop();
  }

  private HttpResponse<String> getHealth() throws Exception {
    return get("/health");
  }

  private HttpResponse<String> get(String path) throws Exception {
    if (app == null) {
      app = new TrendsApi(() -> null).healthFrom(health::get).app().start("127.0.0.1", 0);
    }
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void isReadyOnlyWhileRunningAndAliveWhileRebalancing() throws Exception {
    health.set(new StreamsRunner.Health("training-load", true, "RUNNING", null));
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    assertThat(get("/health/live").statusCode()).isEqualTo(200);

    health.set(new StreamsRunner.Health("training-load", true, "REBALANCING", null));
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(ready.body()).path("failed").toString())
        .isEqualTo("[{\"check\":\"streams-running\",\"reason\":\"training-load is REBALANCING\"}]");
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void isNeitherLiveNorReadyOnceTheApplicationStopped() throws Exception {
    health.set(new StreamsRunner.Health("training-load", false, "ERROR", "disk full"));
    HttpResponse<String> live = get("/health/live");
    assertThat(live.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(live.body()).path("failed").get(0).path("reason").asText())
        .isEqualTo("training-load is ERROR: disk full");
    assertThat(get("/health/ready").statusCode()).isEqualTo(503);
  }

  @Test
  void answersOkWhileTheApplicationRuns() throws Exception {
    health.set(new StreamsRunner.Health("training-load", true, "RUNNING", null));

    HttpResponse<String> answer = getHealth();

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("ok");
  }

  @Test
  void answers503WithTheStateAndTheCauseOnceTheApplicationDied() throws Exception {
    health.set(new StreamsRunner.Health("training-load", true, "RUNNING", null));
    assertThat(getHealth().statusCode()).isEqualTo(200);

    health.set(
        new StreamsRunner.Health(
            "training-load",
            false,
            "ERROR",
            "Cannot write ActivitySummary to activity-summaries.v1"));
    HttpResponse<String> answer = getHealth();

    assertThat(answer.statusCode()).isEqualTo(503);
    JsonNode body = JSON.readTree(answer.body());
    assertThat(body.path("status").asText()).isEqualTo("down");
    assertThat(body.path("state").asText()).isEqualTo("ERROR");
    assertThat(body.path("cause").asText())
        .isEqualTo("Cannot write ActivitySummary to activity-summaries.v1");
  }
}
