package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.backstride.avro.ActivitySummary;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same file posted by several clients at once, over HTTP, through the real broker: every upload
 * is accepted, and every summary the pipeline writes for the activity is the whole run.
 */
class ConcurrentUploadsIT {
  private static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  private static final int CLIENTS = 8;
  private static final int ROUNDS = 3;
  private static final int ATHLETES = 5;

  @TempDir static Path stateDir;
  private static SchemaRegistryServer registry;
  private static Pipeline pipeline;

  @BeforeAll
  static void startPipeline() {
    MAIL.start();
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.shared();
    registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
    pipeline =
        Pipeline.start(
            DownhillScenario.env(
                broker.bootstrapServers(), registry.url(), MAIL.getSmtp().getPort(), stateDir));
  }

  @AfterAll
  static void stopPipeline() {
    pipeline.close();
    registry.close();
    MAIL.stop();
  }

  @Test
  void eightClientsPostingTheSameRunAtOnceLeaveOnlyWholeSummaries() throws Exception {
    List<DemoHistory.DemoRun> history = DemoHistory.runs(DownhillScenario.LAST_DAY, 11L);
    byte[] run = history.get(history.size() - 2).gpx().getBytes(StandardCharsets.UTF_8);
    byte[] later = history.get(history.size() - 1).gpx().getBytes(StandardCharsets.UTF_8);
    IngestClient client = new IngestClient(pipeline.ingestUrl());
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    Map<String, String> runId = new HashMap<>();
    Map<String, String> laterId = new HashMap<>();
    Set<Integer> sampleCounts = new HashSet<>();
    try {
      for (int a = 0; a < ATHLETES; a++) {
        String athlete = "concurrent-" + a;
        for (int round = 0; round < ROUNDS; round++) {
          CountDownLatch go = new CountDownLatch(1);
          List<CompletableFuture<IngestClient.Response>> posts = new ArrayList<>();
          for (int c = 0; c < CLIENTS; c++) {
            posts.add(
                CompletableFuture.supplyAsync(
                    () -> {
                      try {
                        go.await();
                        return client.uploadActivity(athlete, run);
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    },
                    clients));
          }
          go.countDown();
          for (CompletableFuture<IngestClient.Response> post : posts) {
            IngestClient.Response r = post.get(60, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            runId.put(athlete, field(r.body(), "activityId"));
            sampleCounts.add(Integer.parseInt(field(r.body(), "samples")));
            assertThat(Integer.parseInt(field(r.body(), "batches"))).isGreaterThan(2);
          }
        }
        // a later run in the same partition: once its summary is out, so is all that came before
        IngestClient.Response r = client.uploadActivity(athlete, later);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        laterId.put(athlete, field(r.body(), "activityId"));
      }
    } finally {
      clients.shutdownNow();
    }
    assertThat(sampleCounts).hasSize(1);
    int whole = sampleCounts.iterator().next();

    AvroSerdes avro = new AvroSerdes(new RestSchemaRegistryClient(registry.url()));
    List<ActivitySummary> summaries = new ArrayList<>();
    try (TopicReader<ActivitySummary> reader =
        new TopicReader<>(
            KafkaConnection.plaintext(EmbeddedKafkaBroker.shared().bootstrapServers()),
            avro,
            Topics.ACTIVITY_SUMMARIES)) {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () -> {
                summaries.clear();
                reader.poll(Duration.ofMillis(200)).stream()
                    .map(ConsumerRecord::value)
                    .filter(s -> s != null && runId.containsKey(s.getAthleteId()))
                    .forEach(summaries::add);
                return laterId.entrySet().stream()
                    .allMatch(
                        e ->
                            summaries.stream()
                                .anyMatch(
                                    s ->
                                        s.getAthleteId().equals(e.getKey())
                                            && s.getActivityId().equals(e.getValue())));
              });
    }
    List<ActivitySummary> ofTheRun =
        summaries.stream()
            .filter(s -> s.getActivityId().equals(runId.get(s.getAthleteId())))
            .toList();
    assertThat(ofTheRun).extracting(ActivitySummary::getAthleteId).containsAll(runId.keySet());
    assertThat(ofTheRun)
        .allSatisfy(
            s ->
                assertThat(s.getSampleCount())
                    .as("a summary of %s's run", s.getAthleteId())
                    .isEqualTo(whole));
  }

  /** A top-level string or number field of the service's flat JSON answer. */
  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
    assertThat(m.find()).as("%s in %s", name, json).isTrue();
    return m.group(1);
  }
}
