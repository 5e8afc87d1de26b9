package io.backstride.streams;

import static org.awaitility.Awaitility.await;

import io.backstride.avro.SampleBatch;
import io.backstride.core.load.LoadHistory;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicAdmin;
import io.backstride.platform.topic.TopicSettings;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import io.backstride.streams.query.AthleteDays;
import io.backstride.streams.query.DayTrend;
import io.backstride.streams.query.StreamsAthleteDays;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two training-load instances with one standby replica: the instance that does not own an athlete
 * reads the same days from its standby copy as the owner from its active store, which is what the
 * trends API answers while a killed owner's session runs out (FailoverTime in BENCHMARKS.md).
 */
class StandbyReadIT {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final List<String> ATHLETES = List.of("sb-ana", "sb-bor", "sb-cene", "sb-dora");
  private static final ZoneId UTC = ZoneId.of("UTC");

  @TempDir Path stateDir;

  @Test
  void theNonOwnerReadsTheOwnersDaysFromItsStandby() throws Exception {
    String bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    try (SchemaRegistryServer registry = SchemaRegistryServer.start(bootstrap, 0)) {
      RestSchemaRegistryClient client = new RestSchemaRegistryClient(registry.url());
      TopicAdmin.ensureTopics(KafkaConnection.plaintext(bootstrap), TopicSettings.of(3, 1));
      produceRuns(bootstrap, client);
      try (TrainingLoadService first = instance(bootstrap, registry, client, "first");
          TrainingLoadService second = instance(bootstrap, registry, client, "second")) {
        List<StreamsAthleteDays> both = List.of(days(first), days(second));
        for (String athlete : ATHLETES) {
          await("the owner's and the standby's days of " + athlete)
              .atMost(Duration.ofSeconds(120))
              .until(() -> sameOnOwnerAndStandby(both, athlete));
        }
      }
    }
  }

  /** True once one instance owns the athlete's three runs and the other's standby holds them. */
  private static boolean sameOnOwnerAndStandby(List<StreamsAthleteDays> both, String athlete) {
    for (int owner = 0; owner < 2; owner++) {
      if (both.get(owner).locate(athlete) instanceof AthleteDays.Local local
          && local.history().days().values().stream().mapToInt(d -> d.runs()).sum() == 3) {
        Optional<LoadHistory> copy = both.get(1 - owner).standbyCopy(athlete);
        return copy.isPresent()
            && DayTrend.lastDays(copy.get(), 365).equals(DayTrend.lastDays(local.history(), 365));
      }
    }
    return false;
  }

  private static StreamsAthleteDays days(TrainingLoadService s) {
    return new StreamsAthleteDays(
        s.streams(), HostInfo.buildFromEndpoint(s.trendsUrl().substring("http://".length())), UTC);
  }

  private TrainingLoadService instance(
      String bootstrap,
      SchemaRegistryServer registry,
      RestSchemaRegistryClient client,
      String name) {
    Map<String, String> env = new HashMap<>();
    env.put("BACKSTRIDE_KAFKA_BOOTSTRAP", bootstrap);
    env.put("BACKSTRIDE_SCHEMA_REGISTRY_URL", registry.url());
    env.put("BACKSTRIDE_STREAMS_APPLICATION_ID", "it-standby-read");
    env.put("BACKSTRIDE_STATE_DIR", stateDir.resolve(name).toString());
    env.put("BACKSTRIDE_STREAMS_HTTP_PORT", "0");
    env.put("BACKSTRIDE_STANDBY_REPLICAS", "1");
    return TrainingLoadService.start(TrainingLoadConfig.fromEnv(env), client);
  }

  /** Three runs a week apart per athlete. */
  private static void produceRuns(String bootstrap, RestSchemaRegistryClient client) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, SampleBatch> producer =
        new KafkaProducer<>(
            props,
            new StringSerializer(),
            new AvroSerdes(client).value(Topics.ACTIVITY_SAMPLES).serializer())) {
      for (String athlete : ATHLETES) {
        for (int run = 0; run < 3; run++) {
          Instant start = T0.plus(Duration.ofDays(7L * run));
          for (SampleBatch b : SyntheticRuns.run(athlete, "run" + run, start, 5000, 20)) {
            producer.send(new ProducerRecord<>(Topics.ACTIVITY_SAMPLES.name(), athlete, b));
          }
        }
      }
      producer.flush();
    }
  }
}
