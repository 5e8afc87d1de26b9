package io.backstride.alerts.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.Rule;
import io.backstride.avro.Severity;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicAdmin;
import io.backstride.platform.topic.TopicSettings;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The documented reader reads alerts written in the wire format through the REST registry. */
class AlertTopicReaderExampleIT {
  private static final LocalDate DAY = LocalDate.parse("2026-04-13");

  @Test
  void readsTheAlertsWrittenThroughTheRegistry() throws Exception {
    String bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    TopicAdmin.ensureTopics(KafkaConnection.plaintext(bootstrap), TopicSettings.of(3, 1));
    String athlete = "reader-" + UUID.randomUUID().toString().substring(0, 8);
    // the registry's first start on a fresh broker can race the creation of _schemas
    // (describe right after create): retry the start rather than fail on that
    try (SchemaRegistryServer registry =
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(() -> SchemaRegistryServer.start(bootstrap, 0), Objects::nonNull)) {
      AvroSerdes avro = new AvroSerdes(new RestSchemaRegistryClient(registry.url()));
      BackPainRiskAlert alert =
          BackPainRiskAlert.newBuilder()
              .setAlertId("alert-" + athlete)
              .setAthleteId(athlete)
              .setRule(Rule.DOWNHILL_RAMP)
              .setSeverity(Severity.HIGH)
              .setDate(DAY)
              .setMetric("descentM")
              .setAcute(620)
              .setChronic(160)
              .setRatio(3.875)
              .setThreshold(1.5)
              .setMinimum(300)
              .setAcuteFrom(DAY.minusDays(6))
              .setAcuteTo(DAY)
              .setChronicFrom(DAY.minusDays(34))
              .setChronicTo(DAY.minusDays(7))
              .setAdviceCodes(List.of("FLAT_ROUTES"))
              .build();
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      try (KafkaProducer<String, BackPainRiskAlert> producer =
          new KafkaProducer<>(
              p, new StringSerializer(), avro.value(Topics.BACK_PAIN_ALERTS).serializer())) {
        producer
            .send(new ProducerRecord<>(Topics.BACK_PAIN_ALERTS.name(), athlete, alert))
            .get(10, TimeUnit.SECONDS);
      }

      List<BackPainRiskAlert> read =
          AlertTopicReaderExample.readAll(
              KafkaConnection.plaintext(bootstrap), registry.url(), Duration.ofSeconds(2));

      assertThat(read).contains(alert);
      assertThat(AlertTopicReaderExample.line(alert))
          .isEqualTo(
              "2026-04-13 "
                  + athlete
                  + " DOWNHILL_RAMP       HIGH     descentM=620.0 usual=160.0 ratio=3.88"
                  + " threshold=1.50");
    }
  }
}
