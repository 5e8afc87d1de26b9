package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.core.links.AthleteLinks;
import io.backstride.localstack.LocalStack;
import io.backstride.schemas.Topics;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four services' {@code /metrics} and {@code /health/*} on a real in-process broker, registry
 * and SMTP sink: after a history of uploads (one of them refused), one unreadable record and the
 * alert and email they lead to, every metric family is there with the value that happened, each
 * page passes {@code promtool check metrics} (required under CI=true), and readiness follows the
 * Streams application and the broker.
 */
class ObservabilityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final String ATHLETE = "observed-ana";

  @TempDir Path dir;

  @Test
  void everyServiceShowsItsMetricsAndReadinessFollowsStreamsAndBroker() throws Exception {
    LocalStack stack = LocalStack.start(dir.resolve("data"));
    Pipeline pipeline = null;
    try {
      Map<String, String> env =
          new HashMap<>(
              DownhillScenario.env(
                  stack.bootstrapServers(),
                  stack.registryUrl(),
                  stack.smtpSink().port(),
                  dir.resolve("state")));
      env.put("BACKSTRIDE_STREAMS_HTTP_PORT", String.valueOf(freePort()));
      int pagesPort = freePort();
      env.put(AthleteLinks.SECRET, LinkSecretFile.in(dir));
      env.put("BACKSTRIDE_PAGES_PORT", String.valueOf(pagesPort));
      env.put(AthleteLinks.PUBLIC_URL, "http://localhost:" + pagesPort);
      Pipeline started = Pipeline.start(env);
      pipeline = started;
      started.awaitReady(Duration.ofSeconds(120));
      Map<String, String> services =
          Map.of(
              "ingest", started.ingestUrl(),
              "training-load", started.trendsUrl(),
              "alerts", started.alertsUrl(),
              "pages", started.pagesUrl());
      // the SMTP probe and the first describeCluster answer within seconds of the start
      for (String url : services.values()) {
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(get(url + "/health/ready").body()).contains("\"UP\""));
      }

      int runs = uploadHistoryAndOneRefusedFile(started);
      sendOneUnreadableSample(stack.bootstrapServers());
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> value(scrape(started.alertsUrl()), "backstride_emails_sent_total") >= 1);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  value(
                          scrape(started.trendsUrl()),
                          "backstride_dead_letters_total{reason=\"unreadable\","
                              + "service=\"training-load\",source=\"activity-samples.v1\"}")
                      >= 1);

      String ingest = scrape(started.ingestUrl());
      assertThat(value(ingest, "backstride_uploads_accepted_total{format=\"gpx\"")).isEqualTo(runs);
      assertThat(
              value(
                  ingest,
                  "backstride_uploads_rejected_total{format=\"file\",reason=\"invalid_activity\""))
          .isEqualTo(1);
      assertThat(value(ingest, "backstride_upload_samples_count{format=\"gpx\"")).isEqualTo(runs);
      assertThat(value(ingest, "backstride_upload_samples_sum{format=\"gpx\""))
          .isGreaterThan(runs * 100.0);
      assertThat(
              value(
                  ingest,
                  "backstride_upload_latency_seconds_count{kind=\"file\",outcome=\"accepted\""))
          .isEqualTo(runs);
      assertThat(
              value(
                  ingest,
                  "backstride_upload_latency_seconds_bucket{kind=\"file\",outcome=\"accepted\","
                      + "service=\"ingest\",le=\"30.0\"}"))
          .isEqualTo(runs);
      assertCommonFamilies(ingest, "ingest", "kafka_producer_");

      String load = scrape(started.trendsUrl());
      assertThat(
              value(
                  load,
                  "backstride_activities_completed_total{service=\"training-load\","
                      + "trigger=\"final_batch\"}"))
          .isEqualTo(runs);
      assertThat(value(load, "backstride_trends_emitted_total")).isGreaterThanOrEqualTo(runs);
      assertCommonFamilies(load, "training-load", "kafka_stream_");

      String alerts = scrape(started.alertsUrl());
      assertThat(
              value(
                  alerts,
                  "backstride_alerts_raised_total{rule=\"DOWNHILL_RAMP\",service=\"alerts\","
                      + "severity=\"HIGH\"}"))
          .isEqualTo(1);
      assertThat(value(alerts, "backstride_emails_sent_total")).isEqualTo(1);
      assertThat(value(alerts, "backstride_emails_retried_total")).isZero();
      assertThat(value(alerts, "backstride_emails_failed_total{service=\"alerts\",why=\"gave_up\""))
          .isZero();
      assertThat(families(alerts))
          .contains(
              "backstride_notifier_lag_records",
              "backstride_notifier_oldest_unsent_age_seconds",
              "backstride_notifier_emails_in_hand");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                String now = scrape(started.alertsUrl());
                assertThat(value(now, "backstride_notifier_lag_records")).isZero();
                assertThat(value(now, "backstride_notifier_oldest_unsent_age_seconds")).isZero();
              });
      assertCommonFamilies(alerts, "alerts", "kafka_consumer_");

      String pages = scrape(started.pagesUrl());
      assertCommonFamilies(pages, "pages", "kafka_admin_client_");

      for (Map.Entry<String, String> service : services.entrySet()) {
        promtoolAccepts(service.getKey(), scrape(service.getValue()));
      }

      // the training load's Streams application stops: its instance is neither live nor ready
      started.trainingLoad().streams().close(Duration.ofSeconds(30));
      HttpResponse<String> trendsReady = get(started.trendsUrl() + "/health/ready");
      assertThat(trendsReady.statusCode()).isEqualTo(503);
      JsonNode failed = JSON.readTree(trendsReady.body()).path("failed");
      assertThat(failed.findValuesAsText("check")).contains("streams", "streams-running");
      assertThat(failed.get(0).path("reason").asText()).startsWith("training-load is ");
      assertThat(get(started.trendsUrl() + "/health/live").statusCode()).isEqualTo(503);
      assertThat(get(started.alertsUrl() + "/health/ready").statusCode()).isEqualTo(200);

      // the broker goes: every service that reads or writes Kafka says so within seconds
      stack.broker().close();
      for (String url : List.of(started.ingestUrl(), started.alertsUrl(), started.pagesUrl())) {
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  HttpResponse<String> ready = get(url + "/health/ready");
                  assertThat(ready.statusCode()).isEqualTo(503);
                  assertThat(ready.body())
                      .contains("{\"check\":\"kafka\",\"reason\":\"Kafka (describeCluster) failed");
                });
        assertThat(get(url + "/health/live").statusCode()).as(url).isEqualTo(200);
      }
    } finally {
      closeWithin(pipeline, Duration.ofSeconds(90));
      stack.close();
    }
  }

  private int uploadHistoryAndOneRefusedFile(Pipeline pipeline) throws Exception {
    IngestClient client = new IngestClient(pipeline.ingestUrl());
    assertThat(
            client
                .putProfile(
                    ATHLETE, "{\"email\":\"ana@example.org\",\"name\":\"Ana\",\"units\":\"km\"}")
                .status())
        .isEqualTo(200);
    List<DemoHistory.DemoRun> runs = DemoHistory.runs(DownhillScenario.LAST_DAY, 7L);
    for (DemoHistory.DemoRun run : runs) {
      IngestClient.Response r =
          client.uploadActivity(ATHLETE, run.gpx().getBytes(StandardCharsets.UTF_8));
      assertThat(r.status()).as(r.body()).isEqualTo(202);
    }
    IngestClient.Response refused =
        client.uploadActivity(ATHLETE, "not a watch file".getBytes(StandardCharsets.UTF_8));
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    return runs.size();
  }

  /** A record no reader can decode: the training load dead-letters it. */
  private static void sendOneUnreadableSample(String bootstrap) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.ACTIVITY_SAMPLES.name(),
                  "someone-else",
                  "junk".getBytes(StandardCharsets.UTF_8)))
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** What every service shows: its tag on every sample, the JVM, the process, its Kafka clients. */
  private static void assertCommonFamilies(String page, String service, String kafkaPrefix) {
    assertThat(families(page))
        .contains(
            "jvm_memory_used_bytes",
            "jvm_gc_live_data_size_bytes",
            "jvm_threads_live_threads",
            "jvm_classes_loaded_classes",
            "process_uptime_seconds",
            "process_cpu_usage",
            "process_files_open_files")
        .anySatisfy(f -> assertThat(f).startsWith(kafkaPrefix));
    page.lines()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .forEach(l -> assertThat(l).contains("service=\"" + service + "\""));
  }

  private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) ", Pattern.MULTILINE);

  private static List<String> families(String page) {
    Matcher m = TYPE.matcher(page);
    List<String> names = new java.util.ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * The value of the one sample whose line starts with {@code prefix} (a name, or a name and its
   * first labels); 0 when there is none. Two matches are a mistake in the test.
   */
  private static double value(String page, String prefix) {
    List<String> lines =
        page.lines()
            .filter(
                l -> l.startsWith(prefix) && (prefix.contains("{") || l.startsWith(prefix + "{")))
            .toList();
    assertThat(lines).as(prefix).hasSizeLessThanOrEqualTo(1);
    if (lines.isEmpty()) {
      return 0;
    }
    String line = lines.get(0);
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  /** The page passes promtool's own check; without promtool it is skipped, except under CI. */
  private void promtoolAccepts(String service, String page) throws Exception {
    String promtool = onPath("promtool");
    if (promtool == null) {
      if ("true".equals(System.getenv("CI"))) {
        fail("promtool is not on PATH: CI installs Debian's prometheus package (.ci/run)");
      }
      System.err.println("ObservabilityIT: promtool not on PATH, the pages were NOT checked");
      return;
    }
    Path file = Files.writeString(dir.resolve(service + ".prom"), page);
    Process check =
        new ProcessBuilder(promtool, "check", "metrics")
            .redirectInput(file.toFile())
            .redirectErrorStream(true)
            .start();
    String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    // 0: clean; 3: parsed, with lint remarks; anything else (1) is a page Prometheus cannot read
    assertThat(check.exitValue()).as(service + ": " + said).isIn(0, 3);
    // the remarks may only concern names that are not ours to choose: Kafka's own metrics
    // (time_ns, connection_count, no help text) and Micrometer's system_cpu_count and
    // process_cpu_time_ns_total
    assertThat(said.lines())
        .as(service)
        .allSatisfy(
            remark ->
                assertThat(remark)
                    .matches("^(kafka_\\S+|system_cpu_count|process_cpu_time_ns_total) .*"));
  }

  private static String onPath(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(d, name);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }

  private static String scrape(String baseUrl) throws Exception {
    HttpResponse<String> r = get(baseUrl + "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    return r.body();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Closes the pipeline, but gives up waiting after {@code limit}: the broker may be gone. */
  private static void closeWithin(Pipeline pipeline, Duration limit) {
    if (pipeline == null) {
      return;
    }
    CompletableFuture<Void> closed = CompletableFuture.runAsync(pipeline::close);
    try {
      closed.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      System.err.println("ObservabilityIT: the pipeline did not close within " + limit);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
