package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The image's health check against a real HTTP server on loopback. */
class HealthProbeTest {
  private HttpServer server;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/health/ready", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
    server.createContext(
        "/not-ready",
        exchange ->
            answer(
                exchange, 503, "{\"status\": \"DOWN\",\n \"reasons\": [\"streams REBALANCING\"]}"));
    server.createContext(
        "/moved",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/health/ready");
          answer(exchange, 302, "");
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void healthyOn200AndSilent() {
    assertThat(probe("/health/ready")).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void unhealthyOn503WithTheStatusAndTheReasonsOnOneLine() {
    assertThat(probe("/not-ready")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            url("/not-ready")
                + " answered 503: {\"status\": \"DOWN\", \"reasons\": [\"streams REBALANCING\"]}"
                + System.lineSeparator());
  }

  @Test
  void aRedirectIsNotHealth() {
    assertThat(probe("/moved")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("answered 302");
  }

  @Test
  void unhealthyWhenNothingListens() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + closed + "/health/ready");

    assertThat(HealthProbe.check(url, Duration.ofSeconds(2), new PrintStream(err, true)))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith(url + " did not answer: java.net.ConnectException");
  }

  private int probe(String path) {
    return HealthProbe.check(
        URI.create(url(path)),
        Duration.ofSeconds(5),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
