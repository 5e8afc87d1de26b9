package io.backstride.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.avro.SampleBatch;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicAdmin;
import io.backstride.platform.topic.TopicSettings;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import io.backstride.streams.query.TrendsApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training-load application on the in-process broker: two instances give the same trends as
 * one, answer for every athlete over HTTP (forwarding to the owner), and after one is closed the
 * other takes its partitions over from the changelogs and still gives the same trends.
 */
class TwoInstancesIT {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final List<String> ATHLETES = List.of("it-ana", "it-bor", "it-cene", "it-dora");
  private static final int RUNS = 6;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String bootstrap;
  private static SchemaRegistryServer registry;
  private static SchemaRegistryClient registryClient;

  @TempDir Path stateDir;

  @BeforeAll
  static void start() throws Exception {
    bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    registry = SchemaRegistryServer.start(bootstrap, 0);
    registryClient = new RestSchemaRegistryClient(registry.url());
    TopicAdmin.ensureTopics(KafkaConnection.plaintext(bootstrap), TopicSettings.of(3, 1));
    produceHistory();
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  /** Six runs over three weeks per athlete, each a few batches. */
  private static void produceHistory() throws Exception {
    AvroSerdes avro = new AvroSerdes(registryClient);
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, SampleBatch> producer =
        new KafkaProducer<>(
            props, new StringSerializer(), avro.value(Topics.ACTIVITY_SAMPLES).serializer())) {
      for (String athlete : ATHLETES) {
        for (int run = 0; run < RUNS; run++) {
          Instant start = T0.plus(Duration.ofDays(3L * run + athlete.length() % 2));
          for (SampleBatch b :
              SyntheticRuns.run(athlete, "run" + run, start, 3000 + 500 * run, 10 + 5 * run)) {
            producer.send(SyntheticRuns.asIngestSends(Topics.ACTIVITY_SAMPLES.name(), b));
          }
        }
      }
      producer.flush();
    }
  }

  private TrainingLoadService instance(String applicationId, String name) {
    Map<String, String> env = new HashMap<>();
    env.put("BACKSTRIDE_KAFKA_BOOTSTRAP", bootstrap);
    env.put("BACKSTRIDE_SCHEMA_REGISTRY_URL", registry.url());
    env.put("BACKSTRIDE_STREAMS_APPLICATION_ID", applicationId);
    env.put("BACKSTRIDE_STATE_DIR", stateDir.resolve(name).toString());
    env.put("BACKSTRIDE_STREAMS_HTTP_PORT", "0");
    return TrainingLoadService.start(TrainingLoadConfig.fromEnv(env), registryClient);
  }

  private static HttpResponse<String> trends(TrainingLoadService s, String athlete)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create(s.trendsUrl() + "/v1/athletes/" + athlete + "/trends?days=365"))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Every athlete's trends once all runs are in; null while they are not. */
  private static Map<String, String> complete(TrainingLoadService s) throws Exception {
    Map<String, String> all = new HashMap<>();
    for (String athlete : ATHLETES) {
      HttpResponse<String> r = trends(s, athlete);
      if (r.statusCode() != 200) {
        return null;
      }
      int runs = 0;
      for (JsonNode day : JSON.readTree(r.body())) {
        runs += day.path("runs").asInt();
      }
      if (runs != RUNS) {
        return null;
      }
      all.put(athlete, r.body());
    }
    return all;
  }

  @Test
  void twoInstancesGiveTheSameTrendsAsOneAndSurviveLosingOne() throws Exception {
    Map<String, String> reference;
    try (TrainingLoadService single = instance("it-single", "single")) {
      reference =
          await().atMost(Duration.ofSeconds(120)).until(() -> complete(single), r -> r != null);
    }
    assertThat(reference).hasSize(ATHLETES.size());
    assertThat(JSON.readTree(reference.get("it-ana")).size()).isEqualTo(3 * (RUNS - 1) + 1);

    TrainingLoadService first = instance("it-pair", "first");
    TrainingLoadService second = instance("it-pair", "second"); // joining: a rebalance
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> reference.equals(complete(first)) && reference.equals(complete(second)));
      Set<String> servers = new HashSet<>();
      for (String athlete : ATHLETES) {
        servers.add(trends(first, athlete).headers().firstValue(TrendsApi.SERVED_BY).orElseThrow());
      }
      assertThat(servers)
          .as("the athletes are spread over both instances, so one forwarded to the other")
          .hasSize(2);

      second.close(); // the other takes its partitions over from the changelogs

      await().atMost(Duration.ofSeconds(120)).until(() -> reference.equals(complete(first)));
      for (String athlete : ATHLETES) {
        assertThat(trends(first, athlete).headers().firstValue(TrendsApi.SERVED_BY))
            .contains(first.trendsUrl().substring("http://".length()));
      }
    } finally {
      first.close();
      second.close();
    }
  }
}
