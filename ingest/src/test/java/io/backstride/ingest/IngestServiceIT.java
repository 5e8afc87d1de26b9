package io.backstride.ingest;

import static io.backstride.ingest.TestGpx.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.avro.AthleteProfile;
import io.backstride.avro.PainTiming;
import io.backstride.avro.SampleBatch;
import io.backstride.avro.SymptomReport;
import io.backstride.avro.Units;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real service on the in-process KRaft broker and the local schema registry, over HTTP. */
class IngestServiceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String bootstrap;
  private static SchemaRegistryServer registry;
  private static IngestService service;

  @BeforeAll
  static void start() throws Exception {
    bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    registry = SchemaRegistryServer.start(bootstrap, 0);
    createTopics();
    service =
        IngestService.start(
            IngestConfig.defaults().withKafkaBootstrap(bootstrap).withPort(0),
            new RestSchemaRegistryClient(registry.url()));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void uploadedGpxIsAcknowledgedThenReadableAsOrderedBatchesWithTheLastFinal() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(service.url() + "/v1/athletes/it-runner/activities"))
                .header("Content-Type", "application/gpx+xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestGpx.runBytes(450)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode body = JSON.readTree(response.body());
    String activityId = ActivityIds.of("it-runner", T0);
    assertThat(body.get("activityId").asText()).isEqualTo(activityId);
    assertThat(body.get("batches").asInt()).isEqualTo(3);
    assertThat(body.get("samples").asInt()).isEqualTo(450);

    List<ConsumerRecord<String, SampleBatch>> records =
        consume(Topics.ACTIVITY_SAMPLES, 3, r -> r.value().getActivityId().equals(activityId));

    assertThat(records).extracting(ConsumerRecord::key).containsOnly("it-runner");
    List<SampleBatch> batches = records.stream().map(ConsumerRecord::value).toList();
    assertThat(batches).extracting(SampleBatch::getSeq).containsExactly(0, 1, 2);
    assertThat(batches).extracting(SampleBatch::getFinal$).containsExactly(false, false, true);
    assertThat(batches)
        .allSatisfy(
            b -> {
              assertThat(b.getSport()).isEqualTo(io.backstride.avro.Sport.RUNNING);
              assertThat(b.getSource()).isEqualTo("gpx");
            });
    List<Instant> times =
        batches.stream()
            .flatMap(b -> b.getSamples().stream())
            .map(io.backstride.avro.Sample::getTime)
            .toList();
    assertThat(times).hasSize(450).startsWith(T0).endsWith(T0.plusSeconds(449)).isSorted();
  }

  @Test
  void profileIsAcknowledgedThenReadableFromTheProfilesTopic() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(service.url() + "/v1/athletes/it-profile"))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"it@example.org\",\"timeZone\":\"Europe/Vienna\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    List<ConsumerRecord<String, AthleteProfile>> records =
        consume(Topics.ATHLETE_PROFILES, 1, r -> r.key().equals("it-profile"));
    assertThat(records.get(0).value())
        .isEqualTo(
            AthleteProfile.newBuilder()
                .setAthleteId("it-profile")
                .setEmail("it@example.org")
                .setTimeZone("Europe/Vienna")
                .setUnits(Units.KM)
                .setNotificationsEnabled(true)
                .build());
  }

  @Test
  void profileIsReadableThroughGetRightAfterThePutIsAcknowledged() throws Exception {
    HttpResponse<String> put =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(service.url() + "/v1/athletes/it-reader"))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"Ida\",\"units\":\"mi\",\"notifications\":false}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> get =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(service.url() + "/v1/athletes/it-reader")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> missing =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(service.url() + "/v1/athletes/it-nobody")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(get.body())).isEqualTo(JSON.readTree(put.body()));
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void patchesMergeIntoTheProfileReadBackFromTheTopicOneAfterTheOther() throws Exception {
    String url = service.url() + "/v1/athletes/it-patch";
    HttpResponse<String> put =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"p@example.org\",\"name\":\"Pia\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> units = patch(url, "{\"units\":\"mi\"}");
    HttpResponse<String> noName = patch(url, "{\"name\":null,\"timeZone\":\"Europe/Oslo\"}");

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(units.statusCode()).isEqualTo(200);
    assertThat(noName.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(noName.body()))
        .isEqualTo(
            JSON.createObjectNode()
                .put("athleteId", "it-patch")
                .put("email", "p@example.org")
                .putNull("name")
                .put("timeZone", "Europe/Oslo")
                .put("units", "mi")
                .put("notifications", true));
    List<ConsumerRecord<String, AthleteProfile>> records =
        consume(Topics.ATHLETE_PROFILES, 3, r -> r.key().equals("it-patch"));
    assertThat(records.get(2).value().getEmail()).isEqualTo("p@example.org");
    assertThat(records.get(2).value().getUnits()).isEqualTo(Units.MI);
  }

  private static HttpResponse<String> patch(String url, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/merge-patch+json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void symptomReportIsAcknowledgedThenReadableFromTheSymptomsTopic() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(service.url() + "/v1/athletes/it-sore/symptoms"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"date\":\"2026-03-02\",\"severity\":5,\"when\":\"after\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(202);
    String reportId = JSON.readTree(response.body()).get("reportId").asText();
    List<ConsumerRecord<String, SymptomReport>> records =
        consume(Topics.SYMPTOM_REPORTS, 1, r -> r.key().equals("it-sore"));
    assertThat(records.get(0).value())
        .isEqualTo(
            SymptomReport.newBuilder()
                .setReportId(reportId)
                .setAthleteId("it-sore")
                .setDate(LocalDate.parse("2026-03-02"))
                .setSeverity(5)
                .setWhen(PainTiming.AFTER)
                .build());
  }

  @Test
  void healthIsUpOnceTheProducerKnowsTheSamplesTopic() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                HTTP.send(
                            HttpRequest.newBuilder(URI.create(service.url() + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);
    String clusterId;
    try (Admin admin =
        Admin.create(
            Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      clusterId = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
    }
    // it names the cluster it writes to, so that clients can tell a fresh stack at the same URL
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              HttpResponse<String> health =
                  HTTP.send(
                      HttpRequest.newBuilder(URI.create(service.url() + "/health")).build(),
                      HttpResponse.BodyHandlers.ofString());
              assertThat(new ObjectMapper().readTree(health.body()))
                  .isEqualTo(
                      new ObjectMapper()
                          .createObjectNode()
                          .put("status", "UP")
                          .put("kafkaClusterId", clusterId));
            });
  }

  private static final java.util.concurrent.atomic.AtomicInteger READS =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Reads {@code topic} from the start until {@code count} records match. */
  private static <V extends SpecificRecord> List<ConsumerRecord<String, V>> consume(
      Topic<V> topic, int count, Predicate<ConsumerRecord<String, V>> match) {
    AvroSerdes serdes = new AvroSerdes(new RestSchemaRegistryClient(registry.url()));
    Map<String, Object> config =
        Map.ofEntries(
            Map.entry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            // a group of its own per read: two tests reading one topic must not share offsets
            Map.entry(
                ConsumerConfig.GROUP_ID_CONFIG,
                "ingest-it-" + topic.name() + "-" + READS.incrementAndGet()),
            Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
    List<ConsumerRecord<String, V>> matching = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), serdes.value(topic).deserializer())) {
      consumer.subscribe(Set.of(topic.name()));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(
                        r -> {
                          if (match.test(r)) {
                            matching.add(r);
                          }
                        });
                return matching.size() >= count;
              });
    }
    return matching;
  }

  private static void createTopics() throws InterruptedException, ExecutionException {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      for (Topic<?> topic :
          List.of(Topics.ACTIVITY_SAMPLES, Topics.ATHLETE_PROFILES, Topics.SYMPTOM_REPORTS)) {
        NewTopic newTopic =
            new NewTopic(topic.name(), Optional.of(3), Optional.empty())
                .configs(
                    topic.compacted()
                        ? Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                        : Map.of());
        try {
          admin.createTopics(List.of(newTopic)).all().get();
        } catch (ExecutionException e) {
          // Another test of this JVM may have made it on the shared broker already.
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
  }
}
