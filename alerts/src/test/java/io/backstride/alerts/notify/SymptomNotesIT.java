package io.backstride.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backstride.alerts.AlertsConfig.NotifierSettings;
import io.backstride.avro.AthleteProfile;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.PainTiming;
import io.backstride.avro.Rule;
import io.backstride.avro.SymptomReport;
import io.backstride.avro.Units;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicAdmin;
import io.backstride.platform.topic.TopicSettings;
import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The notifier quotes what an athlete wrote with a pain report, read from {@code
 * symptom-reports.v1} on a real broker, in the email about that report, and nothing when they wrote
 * nothing. The emails are caught at the {@link Notifier} port: what is in them is the point here,
 * SMTP is {@code AlertNotifierIT}'s.
 */
class SymptomNotesIT {
  private static final LocalDate DAY = LocalDate.parse("2026-04-13");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-04-13T18:00:00Z"), ZoneOffset.UTC);
  private static String bootstrap;
  private static SchemaRegistryServer registry;
  private static AvroSerdes avro;

  private final List<Email> sent = new CopyOnWriteArrayList<>();
  private String athlete;
  private ProfileDirectory profiles;
  private SymptomNotes notes;
  private AlertNotifier notifier;

  @BeforeAll
  static void broker() {
    bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    TopicAdmin.ensureTopics(KafkaConnection.plaintext(bootstrap), TopicSettings.of(3, 1));
    registry =
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(() -> SchemaRegistryServer.start(bootstrap, 0), Objects::nonNull);
    avro = new AvroSerdes(new RestSchemaRegistryClient(registry.url()));
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void start() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    athlete = "athlete-" + id;
    profiles = new ProfileDirectory(KafkaConnection.plaintext(bootstrap), avro).start();
    notes = new SymptomNotes(KafkaConnection.plaintext(bootstrap), avro).start();
    notifier =
        new AlertNotifier(
                NotifierClients.connect(
                    KafkaConnection.plaintext(bootstrap), avro, "notifier-notes-" + id, null),
                profiles,
                null,
                notes,
                sent::add,
                new NotifierSettings(
                    "notifier-notes-" + id,
                    3,
                    Duration.ofMillis(200),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(5),
                    Duration.ofMillis(200),
                    3,
                    AlertEmails.DEFAULT_PREFERENCES_URL,
                    null),
                CLOCK)
            .start();
  }

  @AfterEach
  void stop() {
    notifier.close();
    notes.close();
    profiles.close();
  }

  @Test
  void theEmailAboutAPainReportQuotesTheNoteTheAthleteWrote() throws Exception {
    profile();
    report("sore low back after the long descent");
    painAlert();

    Email email = awaitEmail();

    assertThat(email.text())
        .contains("You reported back pain of 5 out of 10")
        .contains("You wrote: \u201csore low back after the long descent\u201d");
  }

  @Test
  void theEmailAboutAPainReportWithoutANoteSaysNothingOfOne() throws Exception {
    profile();
    report(null);
    painAlert();

    Email email = awaitEmail();

    assertThat(email.text()).contains("You reported back pain").doesNotContain("You wrote");
  }

  private Email awaitEmail() {
    String address = athlete + "@example.org";
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> sent.stream().filter(e -> e.to().equals(address)).findFirst().orElse(null),
            Objects::nonNull);
  }

  private void profile() throws Exception {
    produce(
        Topics.ATHLETE_PROFILES,
        AthleteProfile.newBuilder()
            .setAthleteId(athlete)
            .setEmail(athlete + "@example.org")
            .setName("Runner")
            .setUnits(Units.KM)
            .build());
  }

  private void report(String note) throws Exception {
    produce(
        Topics.SYMPTOM_REPORTS,
        SymptomReport.newBuilder()
            .setReportId("report-" + athlete)
            .setAthleteId(athlete)
            .setDate(DAY)
            .setSeverity(5)
            .setWhen(PainTiming.DURING)
            .setNote(note)
            .build());
  }

  private void painAlert() throws Exception {
    BackPainRiskAlert a =
        AlertEmailsTest.alert(
            Rule.BACK_PAIN_REPORTED, "pain", 5, 0, List.of("PAIN_PLAN", "NOT_MEDICAL"));
    a.setAthleteId(athlete);
    a.setAlertId("alert-" + athlete);
    produce(Topics.BACK_PAIN_ALERTS, a);
  }

  private <V extends SpecificRecord> void produce(Topic<V> topic, V value) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    byte[] bytes = avro.value(topic).serializer().serialize(topic.name(), value);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic.name(), athlete, bytes)).get(10, TimeUnit.SECONDS);
    }
  }
}
