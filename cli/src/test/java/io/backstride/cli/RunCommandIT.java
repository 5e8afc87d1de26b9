package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code backstride run} on the local stack, every port chosen by the test so that it never meets a
 * real run: what it prints when up, that Kafka is where it says, and what it prints when stopped.
 */
class RunCommandIT {
  private static final String REGISTRY_CREDENTIALS = "run-test:registry-pw";
  private static final String REGISTRY_AUTHORIZATION =
      "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString(
                  REGISTRY_CREDENTIALS.getBytes(java.nio.charset.StandardCharsets.UTF_8));

  @TempDir Path dir;

  @Test
  void runsOnTheGivenPortsListsEveryRouteAndSaysWhenItHasStopped() throws Exception {
    int kafkaPort = freePort();
    int registryPort = freePort();
    int ingestPort = freePort();
    int trendsPort = freePort();
    int pagesPort = freePort();
    int alertsPort = freePort();
    CommandLine cli = Backstride.commandLine();
    RunCommand run = (RunCommand) cli.getSubcommands().get("run").getCommand();
    Map<String, String> env = new HashMap<>();
    env.put("BACKSTRIDE_COMMIT_INTERVAL_MS", "100");
    // the local registry asks every request for these; run hands them to the services
    env.put("BACKSTRIDE_LOCAL_REGISTRY_BASIC_AUTH", REGISTRY_CREDENTIALS);
    run.env = env;
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));

    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                cli.execute(
                    "run",
                    "--kafka-port=" + kafkaPort,
                    "--registry-port=" + registryPort,
                    "--port=" + ingestPort,
                    "--trends-port=" + trendsPort,
                    "--pages-port=" + pagesPort,
                    "--alerts-port=" + alertsPort,
                    "--smtp-port=0",
                    "--data-dir=" + dir.resolve("data"),
                    "--outbox=" + dir.resolve("outbox")));
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> out.toString().contains("Ctrl-C stops it.") || exit.isDone());
      String shown = out.toString();
      assertThat(shown).as(err.toString()).contains("Ctrl-C stops it.");
      assertThat(shown.lines().findFirst().orElse(""))
          .isEqualTo(
              "backstride run: starting the local stack (Kafka broker, schema registry, SMTP"
                  + " sink), then the pipeline ...");
      assertThat(shown)
          .contains("  ingest API       http://127.0.0.1:" + ingestPort + "\n")
          .contains("  trends API       http://127.0.0.1:" + trendsPort + "\n")
          .contains(
              "  athlete pages    http://127.0.0.1:"
                  + pagesPort
                  + "  (the emails' links: http://localhost:"
                  + pagesPort
                  + "/a/<token>)\n")
          .contains(
              "  alerts           http://127.0.0.1:"
                  + alertsPort
                  + "  (rules and notifier)\n"
                  + "      GET  /metrics\n"
                  + "      GET  /health/live\n"
                  + "      GET  /health/ready\n")
          .contains("  Kafka            127.0.0.1:" + kafkaPort + "\n")
          .contains("  schema registry  http://127.0.0.1:" + registryPort);
      // every route of the ingest API and of the trends API
      assertThat(shown)
          .contains(
              "      GET  /health",
              "      GET  /metrics",
              "      GET  /openapi.yaml",
              "      POST /v1/athletes/{athleteId}/activities",
              "      POST /v1/athletes/{athleteId}/samples",
              "      POST /v1/athletes/{athleteId}/symptoms",
              "      PUT  /v1/athletes/{athleteId}",
              "      GET  /v1/athletes/{athleteId}");
      String trendsSection =
          shown.substring(shown.indexOf("  trends API"), shown.indexOf("  Kafka "));
      assertThat(trendsSection)
          .contains(
              "      GET  /health\n",
              "      GET  /health/ready\n",
              "      GET  /metrics\n",
              "      GET  /openapi.yaml\n",
              "      GET  /v1/athletes/{athleteId}/trends\n");
      // the services have registered their schemas; the run's own registry takes no new ones
      HttpClient http = HttpClient.newHttpClient();
      String registry = "http://127.0.0.1:" + registryPort;
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(registry + "/mode")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(401);
      HttpResponse<String> mode =
          http.send(
              HttpRequest.newBuilder(URI.create(registry + "/mode"))
                  .header("Authorization", REGISTRY_AUTHORIZATION)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(mode.statusCode()).isEqualTo(200);
      assertThat(mode.body().replace(" ", "")).contains("\"mode\":\"READONLY\"");
      HttpResponse<String> register =
          http.send(
              HttpRequest.newBuilder(URI.create(registry + "/subjects/slipped-in-value/versions"))
                  .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                  .header("Authorization", REGISTRY_AUTHORIZATION)
                  .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"\\\"string\\\"\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(register.statusCode()).as(register.body()).isEqualTo(422);
      assertThat(register.body().replace(" ", "")).contains("\"error_code\":42205");
      // what it says is where things are
      try (Admin admin = Admin.create(adminProperties("127.0.0.1:" + kafkaPort))) {
        assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
      }
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestPort + "/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      // ingest says when it accepts, and the run says when every stage is at work, after it
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> out.toString().contains("backstride run: ready at ") || exit.isDone());
      String all = out.toString();
      assertThat(all)
          .containsPattern(
              "backstride run: local stack up, \\d+\\.\\d s after start \\(Kafka broker"
                  + " \\d+\\.\\d s, schema registry \\d+\\.\\d s\\)")
          .containsPattern(
              "backstride run: ingest API accepting at http://127\\.0\\.0\\.1:"
                  + ingestPort
                  + ", \\d+\\.\\d s after start")
          .containsPattern(
              "backstride run: ready at \\d{4}-\\d\\d-\\d\\dT\\S+Z, \\d+\\.\\d s after start");
      assertThat(all.indexOf("local stack up")).isLessThan(all.indexOf("ingest API accepting"));
      assertThat(all.indexOf("ingest API accepting")).isLessThan(all.indexOf("run: ready at"));
    } finally {
      run.stop.countDown();
    }

    assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString())
        .contains("backstride run: stopping ...\n")
        .contains(
            "backstride run: stopped cleanly; topics, schemas and state kept in "
                + dir.resolve("data").toAbsolutePath());
  }

  @Test
  void aTakenPortIsNamedWithTheOptionThatMovesIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      CommandLine cli = Backstride.commandLine();
      StringWriter err = new StringWriter();
      cli.setErr(new PrintWriter(err, true));
      cli.setOut(new PrintWriter(new StringWriter(), true));
      ((RunCommand) cli.getSubcommands().get("run").getCommand()).env = Map.of();

      int code =
          cli.execute(
              "run",
              "--kafka-port=" + port,
              "--registry-port=0",
              "--port=0",
              "--trends-port=0",
              "--smtp-port=0",
              "--data-dir=" + dir);

      assertThat(code).isEqualTo(1);
      assertThat(err.toString().strip())
          .isEqualTo(
              "backstride: port "
                  + port
                  + " for the Kafka broker is in use (another backstride run?); choose another"
                  + " with --kafka-port");
    }
  }

  private static Properties adminProperties(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return p;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
