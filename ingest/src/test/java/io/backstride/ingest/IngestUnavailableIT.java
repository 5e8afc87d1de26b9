package io.backstride.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.schemas.registry.InMemorySchemaRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The real service with its real producer pointed at a port where no broker listens: uploads must
 * come back as 503 with {@code Retry-After}, bounded by the ack timeout, never hang.
 */
class IngestUnavailableIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void answers503WithRetryAfterAndHealthDownWhenNoBrokerListens() throws Exception {
    IngestConfig config =
        IngestConfig.defaults()
            .withKafkaBootstrap("127.0.0.1:" + closedPort())
            .withPort(0)
            .withAckTimeout(Duration.ofSeconds(1));
    try (IngestService service = IngestService.start(config, new InMemorySchemaRegistry())) {
      CompletableFuture<HttpResponse<String>> upload =
          HTTP.sendAsync(
              HttpRequest.newBuilder(URI.create(service.url() + "/v1/athletes/nobroker/activities"))
                  .header("Content-Type", "application/gpx+xml")
                  // Several batches: each must not wait its own max.block.ms.
                  .POST(HttpRequest.BodyPublishers.ofByteArray(TestGpx.runBytes(1_000)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      await().atMost(Duration.ofSeconds(15)).until(upload::isDone);
      HttpResponse<String> response = upload.get();
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).contains("5");
      assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("unavailable");

      HttpResponse<String> health =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(service.url() + "/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("DOWN");
    }
  }

  /** A port that was free a moment ago and that nothing listens on now. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
