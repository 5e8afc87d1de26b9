package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicAdmin;
import io.backstride.platform.topic.TopicSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A service started the way Docker starts it ({@code java -cp backstride.jar:lib/* MAIN}, from the
 * jar and lib/ this build ships) logs its own lines at INFO through the services' configuration,
 * not the command line's quiet one, and with {@code BACKSTRIDE_LOG_FORMAT=json} every line on
 * stdout is one JSON object. Tokens and registry credentials never appear.
 */
class ServiceLoggingIT {
  private static final String TOKEN = "logging-it-token-7f3a9c";
  private static final String REGISTRY_PASSWORD = "registry-pw-5d1e8b";
  private static final String ATHLETE = "log-runner";
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("ingest listening on (http://\\S+),");

  private static String bootstrap;
  private static SchemaRegistryServer registry;

  private Process service;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    registry = SchemaRegistryServer.start(bootstrap, 0);
    TopicAdmin.ensureTopics(KafkaConnection.plaintext(bootstrap), TopicSettings.of(3, 1));
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  @AfterEach
  void stopService() {
    if (service != null) {
      service.destroyForcibly();
    }
  }

  @Test
  void jsonFormatWritesOneEcsObjectPerLineWithTheUploadAtInfoAndNoSecrets() throws Exception {
    startIngest("json");
    String url = awaitLine(line -> listeningUrl(JSON.readTree(line).path("message").asText()));

    upload(url);

    JsonNode accepted =
        awaitLine(
            line -> {
              JsonNode event = JSON.readTree(line);
              return event.path("message").asText().startsWith("accepted ")
                  ? Optional.of(event)
                  : Optional.empty();
            });
    assertThat(accepted.path("log.level").asText()).isEqualTo("INFO");
    assertThat(accepted.path("log.logger").asText())
        .isEqualTo("io.backstride.ingest.ActivityUploads");
    assertThat(accepted.path("message").asText()).contains(" for " + ATHLETE + ":");
    assertThat(accepted.path("@timestamp").asText()).isNotBlank();
    assertThat(accepted.path("process.thread.name").asText()).isNotBlank();

    assertThat(stdout).isNotEmpty();
    for (String line : stdout) {
      JsonNode event = JSON.readTree(line);
      assertThat(event.isObject()).as("one JSON object per line: %s", line).isTrue();
      assertThat(event.has("@timestamp") && event.has("log.level") && event.has("message"))
          .as("ECS fields in %s", line)
          .isTrue();
    }
    assertNoSecrets();
  }

  @Test
  void byDefaultThePlainLinesCarryTheUploadAtInfo() throws Exception {
    startIngest(null);
    String url = awaitLine(ServiceLoggingIT::listeningUrl);

    upload(url);

    String accepted =
        awaitLine(line -> line.contains(" accepted ") ? Optional.of(line) : Optional.empty());
    assertThat(accepted)
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO .*")
        .contains("i.b.i.ActivityUploads - accepted ")
        .contains(" for " + ATHLETE + ":");
    assertThat(stdout).noneMatch(line -> line.startsWith("{"));
    assertNoSecrets();
  }

  private void startIngest(String format) throws IOException {
    Path target = Path.of(System.getProperty("backstride.repository"), "cli", "target");
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-cp",
            target.resolve("backstride.jar") + java.io.File.pathSeparator + target.resolve("lib/*"),
            "io.backstride.ingest.IngestService");
    builder.environment().keySet().removeIf(k -> k.startsWith("BACKSTRIDE_"));
    builder.environment().put("BACKSTRIDE_KAFKA_BOOTSTRAP", bootstrap);
    // credentials in the URL, as a managed registry is often configured: sent, never shown
    URI registryUrl = URI.create(registry.url());
    builder
        .environment()
        .put(
            "BACKSTRIDE_SCHEMA_REGISTRY_URL",
            "http://registry-user:" + REGISTRY_PASSWORD + "@" + registryUrl.getAuthority());
    builder.environment().put("BACKSTRIDE_INGEST_PORT", "0");
    builder.environment().put("BACKSTRIDE_INGEST_AUTH", "on");
    builder.environment().put("BACKSTRIDE_INGEST_TOKENS", TOKEN + "=" + ATHLETE);
    if (format != null) {
      builder.environment().put("BACKSTRIDE_LOG_FORMAT", format);
    }
    service = builder.start();
    collect(service.getInputStream(), stdout, "stdout");
    collect(service.getErrorStream(), stderr, "stderr");
  }

  private void upload(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/v1/athletes/" + ATHLETE + "/activities"))
                    .header("Content-Type", "application/gpx+xml")
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(gpx(T0, 30)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  private void assertNoSecrets() {
    List<String> all = new java.util.ArrayList<>(stdout);
    all.addAll(stderr);
    assertThat(all).noneMatch(line -> line.contains(TOKEN));
    assertThat(all).noneMatch(line -> line.contains(REGISTRY_PASSWORD));
  }

  private static Optional<String> listeningUrl(String text) {
    Matcher m = LISTENING.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The first stdout line that {@code match} answers for, waited for. */
  private <T> T awaitLine(LineMatch<T> match) {
    return await("a log line (stdout " + stdout + ", stderr " + stderr + ")")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!service.isAlive() && stdout.isEmpty()) {
                throw new IllegalStateException("the service exited: " + stderr);
              }
              for (String line : stdout) {
                Optional<T> found = match.apply(line);
                if (found.isPresent()) {
                  return found;
                }
              }
              return Optional.<T>empty();
            },
            Optional::isPresent)
        .get();
  }

  @FunctionalInterface
  private interface LineMatch<T> {
    Optional<T> apply(String line) throws Exception;
  }

  private static void collect(java.io.InputStream in, List<String> lines, String name) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "service-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  private static String gpx(Instant start, int points) {
    StringBuilder gpx =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<gpx version=\"1.1\" creator=\"tests\" xmlns=\"http://www.topografix.com/GPX/1/1\">"
                + "<trk><type>running</type><trkseg>\n");
    for (int i = 0; i < points; i++) {
      gpx.append(
          String.format(
              Locale.ROOT,
              "<trkpt lat=\"%.6f\" lon=\"16.37\"><ele>170</ele><time>%s</time></trkpt>\n",
              48.2 + i * 0.00003,
              start.plusSeconds(i)));
    }
    return gpx.append("</trkseg></trk></gpx>\n").toString();
  }
}
