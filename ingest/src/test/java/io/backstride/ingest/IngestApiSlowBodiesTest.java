package io.backstride.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slowloris on the JSON routes, over loopback against the real server with its real limits: more
 * clients than the server has threads trickle their bodies a byte at a time. {@code /health} keeps
 * answering throughout, and each slow body is refused with a one-line reason once its deadline has
 * passed (408), or at once when every body slot is taken (503).
 */
class IngestApiSlowBodiesTest {
  /** More than the server's 250 threads, as in the finding. */
  private static final int SLOW_CLIENTS = 260;

  private static final Duration DEADLINE = Duration.ofSeconds(3);
  private static final Duration TRICKLE = Duration.ofMillis(200);
  private static final Duration HEALTH_BOUND = Duration.ofSeconds(1);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] ROUTES = {
    "POST /v1/athletes/ana/symptoms application/json",
    "POST /v1/athletes/ana/samples application/json",
    "PUT /v1/athletes/ana application/json",
    "PATCH /v1/athletes/ana application/json",
    "POST /v1/athletes/ana/activities application/gpx+xml"
  };

  private final List<Socket> slow = new ArrayList<>();
  private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
  private Javalin app;

  @BeforeEach
  void start() {
    IngestConfig config = IngestConfig.defaults().withPort(0).withMaxParseTime(DEADLINE);
    app =
        new IngestApi(config, new ActivityReaders(), new RecordingPublisher())
            .app()
            .start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() throws IOException {
    trickler.shutdownNow();
    for (Socket socket : slow) {
      socket.close();
    }
    app.stop();
  }

  @Test
  void healthKeepsAnsweringAndEverySlowBodyIsRefusedWithAReason() throws Exception {
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.port());
      socket.setSoTimeout((int) DEADLINE.multipliedBy(5).toMillis());
      String[] route = ROUTES[i % ROUTES.length].split(" ");
      socket
          .getOutputStream()
          .write(
              (route[0]
                      + " "
                      + route[1]
                      + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                      + route[2]
                      + "\r\nContent-Length: 10000\r\n\r\n{")
                  .getBytes(StandardCharsets.US_ASCII));
      slow.add(socket);
    }
    trickler.scheduleAtFixedRate(
        this::oneMoreByteEach, TRICKLE.toMillis(), TRICKLE.toMillis(), TimeUnit.MILLISECONDS);

    HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_BOUND).build();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/health"))
            .timeout(HEALTH_BOUND)
            .build();
    // from now on, throughout the window in which the slow bodies hold their threads: one answer
    // slower than the bound, or none, and the condition cannot hold for the whole window in time
    await()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100))
        .during(DEADLINE)
        .atMost(DEADLINE.plus(HEALTH_BOUND))
        .until(() -> answers(http, health));

    Map<Integer, Integer> statuses = new TreeMap<>();
    for (Socket socket : slow) {
      String response = readResponse(socket);
      int status = Integer.parseInt(response.substring(9, 12));
      statuses.merge(status, 1, Integer::sum);
      assertThat(status).as(response).isIn(408, 503);
      JsonNode body = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
      String detail = body.path("detail").asText();
      assertThat(detail).isNotBlank().doesNotContain("\n");
      if (status == 408) {
        assertThat(body.path("error").asText()).as(response).isEqualTo("body_timeout");
        assertThat(detail).contains("within " + DEADLINE.toMillis() + " ms");
      } else {
        assertThat(body.path("error").asText()).as(response).isEqualTo("busy");
        assertThat(response).containsIgnoringCase("Retry-After:");
      }
    }
    // most slow bodies got a slot and were ended by their deadline, not by the limit
    assertThat(statuses.getOrDefault(408, 0)).as(statuses.toString()).isGreaterThan(100);
  }

  @Test
  void aTrickledMultipartUploadIsRefusedWith408OnceItsDeadlinePasses() throws Exception {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.port());
    // Jetty reads a multipart body itself: past the deadline the answer must still come, not
    // only once the whole body has trickled in
    socket.setSoTimeout((int) DEADLINE.multipliedBy(2).toMillis());
    socket
        .getOutputStream()
        .write(
            ("POST /v1/athletes/ana/activities HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\n"
                    + "Content-Length: 10000\r\n\r\n--x\r\n"
                    + "Content-Disposition: form-data; name=\"file\"; filename=\"run.gpx\"\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    slow.add(socket);
    trickler.scheduleAtFixedRate(
        this::oneMoreByteEach, TRICKLE.toMillis(), TRICKLE.toMillis(), TimeUnit.MILLISECONDS);

    String response = readResponse(socket);

    assertThat(response).startsWith("HTTP/1.1 408 ");
    JsonNode body = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    assertThat(body.path("error").asText()).isEqualTo("body_timeout");
    assertThat(body.path("detail").asText()).contains("within " + DEADLINE.toMillis() + " ms");
  }

  private static boolean answers(HttpClient http, HttpRequest health) {
    try {
      return http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void oneMoreByteEach() {
    for (Socket socket : slow) {
      try {
        OutputStream out = socket.getOutputStream();
        out.write(' ');
        out.flush();
      } catch (IOException closedByTheServer) {
        // the server has answered and closed this one: nothing more to send
      }
    }
  }

  /** The whole response: the server closes a connection whose body it did not read. */
  private static String readResponse(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    int headerEnd = -1;
    int contentLength = -1;
    while (true) {
      int n = in.read(buffer);
      if (n < 0) {
        break;
      }
      text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      if (headerEnd < 0 && (headerEnd = text.indexOf("\r\n\r\n")) >= 0) {
        String head = text.substring(0, headerEnd).toLowerCase(java.util.Locale.ROOT);
        int at = head.indexOf("content-length:");
        if (at >= 0) {
          int end = head.indexOf("\r\n", at);
          contentLength =
              Integer.parseInt(head.substring(at + 15, end < 0 ? head.length() : end).strip());
        }
      }
      if (headerEnd >= 0 && contentLength >= 0 && text.length() >= headerEnd + 4 + contentLength) {
        break;
      }
    }
    return text.toString();
  }
}
