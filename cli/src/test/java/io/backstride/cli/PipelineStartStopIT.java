package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.awaitility.Awaitility.await;

import io.backstride.avro.AthleteTrend;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.StaticMembership;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the pipeline starts and stops, for a quick restart: the Streams applications join their
 * groups while ingest starts, not after it; an upload ingest takes as soon as it listens reaches
 * the trends; every consumer group member is static (a restart after a crash takes the old place at
 * once); and a closed pipeline leaves no member behind (a restart after a clean stop waits for
 * nobody).
 */
class PipelineStartStopIT {
  private static final String NOTIFIER = "backstride-notifier";

  @TempDir Path stateDir;
  private static SchemaRegistryServer registry;
  private static Admin admin;

  @BeforeAll
  static void startRegistry() {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.shared();
    registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
    admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  @AfterAll
  static void stopRegistry() {
    admin.close();
    registry.close();
  }

  @Test
  void theStreamsApplicationsJoinTheirGroupsWhileIngestIsStillBeingToldItListens()
      throws Exception {
    Map<String, String> env = env("order");
    List<Integer> healthWhenListening = new ArrayList<>();
    List<Collection<MemberDescription>> streamsMembersBeforeListeningReturned = new ArrayList<>();

    try (Pipeline pipeline =
        Pipeline.start(
            env,
            url -> {
              healthWhenListening.add(health(url));
              // the start is held here: Streams applications started only after ingest would
              // never join, and this would time out
              await()
                  .atMost(Duration.ofSeconds(90))
                  .until(
                      () ->
                          members("order-training-load").size() == 1
                              && members("order-alerts").size() == 1);
              streamsMembersBeforeListeningReturned.add(members("order-training-load"));
              streamsMembersBeforeListeningReturned.add(members("order-alerts"));
            })) {
      assertThat(healthWhenListening).containsExactly(200);
      assertThat(streamsMembersBeforeListeningReturned)
          .hasSize(2)
          .allSatisfy(m -> assertThat(m).hasSize(1));
      assertThat(pipeline.healthy()).isTrue();
    }
  }

  @Test
  void anUploadAcceptedAsSoonAsIngestListensReachesTheTrends() throws Exception {
    Map<String, String> env = env("early");
    String athlete = "early-runner";
    DemoHistory.DemoRun run = DemoHistory.runs(DownhillScenario.LAST_DAY, 7L).get(0);
    List<Integer> uploadStatuses = new ArrayList<>();

    try (Pipeline pipeline =
        Pipeline.start(
            env,
            url -> {
              // the Streams applications start beside ingest: they may or may not have joined yet
              uploadStatuses.add(upload(url, athlete, run.gpx()));
            })) {
      assertThat(uploadStatuses).containsExactly(202);

      // nothing of it is lost: training-load, running or not at the 202, counts the run on its day
      AvroSerdes avro = new AvroSerdes(new RestSchemaRegistryClient(registry.url()));
      try (TopicReader<AthleteTrend> trends =
          new TopicReader<>(
              KafkaConnection.plaintext(EmbeddedKafkaBroker.shared().bootstrapServers()),
              avro,
              Topics.ATHLETE_TRENDS)) {
        AthleteTrend trend =
            await()
                .atMost(Duration.ofSeconds(90))
                .until(
                    () ->
                        trends.poll(Duration.ofMillis(200)).stream()
                            .map(ConsumerRecord::value)
                            .filter(t -> t.getAthleteId().equals(athlete))
                            .filter(t -> t.getDate().equals(run.date()))
                            .findFirst()
                            .orElse(null),
                    Objects::nonNull);
        assertThat(trend.getAcuteDistanceM()).isCloseTo(run.distanceM(), withinPercentage(10));
      }
    }
  }

  /** Uploads one GPX file; the status ingest answered. */
  private static int upload(String ingestUrl, String athlete, String gpx) {
    try {
      return new IngestClient(ingestUrl)
          .uploadActivity(athlete, gpx.getBytes(StandardCharsets.UTF_8))
          .status();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyMemberIsStaticWithTheIdKeptInTheStateDirAndCloseLeavesEveryGroup() throws Exception {
    Map<String, String> env = env("static");
    try (Pipeline pipeline = Pipeline.start(env)) {
      pipeline.awaitReady(Duration.ofSeconds(60));
      // Kafka Streams appends the thread number to the id it is given
      assertThat(instanceIds("static-training-load"))
          .containsExactly(
              Optional.of(StaticMembership.instanceId(stateDir, "static-training-load") + "-1"));
      assertThat(instanceIds("static-alerts"))
          .containsExactly(
              Optional.of(StaticMembership.instanceId(stateDir, "static-alerts") + "-1"));
      assertThat(instanceIds(NOTIFIER))
          .contains(Optional.of(StaticMembership.instanceId(stateDir, NOTIFIER)));
    }

    assertThat(members("static-training-load")).isEmpty();
    assertThat(members("static-alerts")).isEmpty();
    // the notifier's group is the same in every test of this JVM: only this one's member counts
    assertThat(instanceIds(NOTIFIER))
        .doesNotContain(Optional.of(StaticMembership.instanceId(stateDir, NOTIFIER)));
  }

  @Test
  void closingBothStreamsApplicationsSideBySideCommitsWhatTheyHadProcessed() throws Exception {
    Map<String, String> env = env("commit");
    // no commit before the close (the upload and the close fall within one interval, a few
    // seconds apart): what is read committed afterwards, the close committed. 10 s is the longest
    // Streams allows with its exactly-once transaction timeout.
    env.put("BACKSTRIDE_COMMIT_INTERVAL_MS", "10000");
    String athlete = "closing-runner";
    LocalDate day = LocalDate.parse("2026-02-11");
    DemoHistory.DemoRun run = DemoHistory.runs(day, 3L).get(0);
    try (Pipeline pipeline = Pipeline.start(env)) {
      pipeline.awaitReady(Duration.ofSeconds(60));
      IngestClient.Response r =
          new IngestClient(pipeline.ingestUrl())
              .uploadFile(athlete, "run.gpx", run.gpx().getBytes(StandardCharsets.UTF_8));
      assertThat(r.status()).as(r.body()).isEqualTo(202);
      // the trends API reads the store, which has the run before any commit
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> trendsBody(pipeline, athlete).contains("\"date\":\"" + run.date() + "\""));
      try (TopicReader<AthleteTrend> trends = trends()) {
        assertThat(ofAthlete(trends.readToEnd(Duration.ofSeconds(5)), athlete))
            .as("nothing committed before the close")
            .isEmpty();
      }
    }

    try (TopicReader<AthleteTrend> trends = trends()) {
      assertThat(ofAthlete(trends.readToEnd(Duration.ofSeconds(10)), athlete))
          .extracting(AthleteTrend::getDate)
          .contains(run.date());
    }
    assertThat(committed("commit-training-load", Topics.ACTIVITY_SAMPLES.name()))
        .as("training-load committed its input on close")
        .isNotEmpty();
    assertThat(members("commit-training-load")).isEmpty();
    assertThat(members("commit-alerts")).isEmpty();
  }

  private static String trendsBody(Pipeline pipeline, String athlete) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(
                      URI.create(pipeline.trendsUrl() + "/v1/athletes/" + athlete + "/trends"))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      return "";
    }
  }

  private static TopicReader<AthleteTrend> trends() {
    return new TopicReader<>(
        KafkaConnection.plaintext(EmbeddedKafkaBroker.shared().bootstrapServers()),
        new AvroSerdes(new RestSchemaRegistryClient(registry.url())),
        Topics.ATHLETE_TRENDS);
  }

  private static List<AthleteTrend> ofAthlete(
      List<ConsumerRecord<String, AthleteTrend>> records, String athlete) {
    return records.stream()
        .map(ConsumerRecord::value)
        .filter(t -> t.getAthleteId().equals(athlete))
        .toList();
  }

  /** The group's committed offsets on the topic's partitions (those with one). */
  private static Map<TopicPartition, OffsetAndMetadata> committed(String group, String topic)
      throws Exception {
    Map<TopicPartition, OffsetAndMetadata> all =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetAndMetadata> onTopic = new HashMap<>();
    all.forEach(
        (tp, o) -> {
          if (tp.topic().equals(topic) && o != null && o.offset() > 0) {
            onTopic.put(tp, o);
          }
        });
    return onTopic;
  }

  private Map<String, String> env(String prefix) {
    Map<String, String> env =
        DownhillScenario.env(
            EmbeddedKafkaBroker.shared().bootstrapServers(), registry.url(), 1, stateDir);
    env.put("BACKSTRIDE_STREAMS_APPLICATION_ID", prefix + "-training-load");
    env.put("BACKSTRIDE_ALERTS_APPLICATION_ID", prefix + "-alerts");
    return env;
  }

  private static int health(String ingestUrl) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(ingestUrl + "/health")).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static List<Optional<String>> instanceIds(String group) {
    return members(group).stream().map(MemberDescription::groupInstanceId).toList();
  }

  /** The group's members now; none for a group the broker does not know. */
  private static Collection<MemberDescription> members(String group) {
    try {
      ConsumerGroupDescription d =
          admin
              .describeConsumerGroups(List.of(group))
              .describedGroups()
              .get(group)
              .get(30, TimeUnit.SECONDS);
      return d.members();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return List.of();
      }
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
