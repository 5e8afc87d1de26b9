package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backstride.avro.AthleteTrend;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.Rule;
import io.backstride.avro.Severity;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The walking skeleton's promise, end to end on real parts: seven weeks of GPX runs in over HTTP,
 * one DOWNHILL_RAMP alert on the topic and one email in the athlete's inbox. Run against the
 * in-process stack here, and against containers where Docker exists.
 */
final class DownhillScenario {
  /** The last day of the generated history: fixed, so the expected alert day is fixed too. */
  static final LocalDate LAST_DAY = LocalDate.parse("2026-03-29");

  static Map<String, String> env(
      String bootstrap, String registryUrl, int smtpPort, Path stateDir) {
    Map<String, String> env = new HashMap<>();
    env.put("BACKSTRIDE_KAFKA_BOOTSTRAP", bootstrap);
    env.put("BACKSTRIDE_SCHEMA_REGISTRY_URL", registryUrl);
    env.put("BACKSTRIDE_SMTP_HOST", "127.0.0.1");
    env.put("BACKSTRIDE_SMTP_PORT", String.valueOf(smtpPort));
    env.put("BACKSTRIDE_INGEST_PORT", "0");
    env.put("BACKSTRIDE_STATE_DIR", stateDir.toString());
    // the history is fixed in March 2026; the live freshness window (3 days before today) would
    // hold back its email, so this run lets every alert day through, as a replay would
    env.put("BACKSTRIDE_NOTIFY_MAX_AGE_DAYS", "100000");
    return env;
  }

  static void uploadsAHistoryAndEmailsTheDownhillRamp(
      Pipeline pipeline,
      String bootstrap,
      String registryUrl,
      Supplier<MimeMessage[]> inbox,
      String athleteId)
      throws Exception {
    uploadsAHistoryAndEmailsTheDownhillRamp(
        pipeline,
        KafkaConnection.plaintext(bootstrap),
        new RestSchemaRegistryClient(registryUrl),
        inbox,
        athleteId);
  }

  /**
   * Like the other, reading the topics back through {@code kafka} and {@code registry} (a secured
   * cluster and registry, say).
   */
  static void uploadsAHistoryAndEmailsTheDownhillRamp(
      Pipeline pipeline,
      KafkaConnection kafka,
      SchemaRegistryClient registry,
      Supplier<MimeMessage[]> inbox,
      String athleteId)
      throws Exception {
    IngestClient client = new IngestClient(pipeline.ingestUrl());
    assertThat(
            client
                .putProfile(
                    athleteId,
                    "{\"email\":\""
                        + athleteId
                        + "@example.org\",\"name\":\"Ana\",\"units\":\"km\"}")
                .status())
        .isEqualTo(200);
    List<DemoHistory.DemoRun> runs = DemoHistory.runs(LAST_DAY, 7L);
    for (DemoHistory.DemoRun run : runs) {
      IngestClient.Response r =
          client.uploadActivity(athleteId, run.gpx().getBytes(StandardCharsets.UTF_8));
      assertThat(r.status()).as(r.body()).isEqualTo(202);
    }

    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> recipients(inbox).contains(athleteId + "@example.org"));

    AvroSerdes avro = new AvroSerdes(registry);
    try (TopicReader<BackPainRiskAlert> alerts =
        new TopicReader<>(kafka, avro, Topics.BACK_PAIN_ALERTS)) {
      List<BackPainRiskAlert> mine =
          alerts.readToEnd(Duration.ofSeconds(10)).stream()
              .map(ConsumerRecord::value)
              .filter(a -> a.getAthleteId().equals(athleteId))
              .toList();
      assertThat(mine).hasSize(1);
      BackPainRiskAlert alert = mine.get(0);
      assertThat(alert.getRule()).isEqualTo(Rule.DOWNHILL_RAMP);
      assertThat(alert.getSeverity()).isEqualTo(Severity.HIGH);
      // the second ramp run lifts the week to ~350 m against ~150 m a week
      assertThat(alert.getDate()).isEqualTo(LAST_DAY.minusDays(2));
      assertThat(alert.getAcute()).isBetween(300.0, 400.0);
      assertThat(alert.getChronic()).isBetween(130.0, 170.0);
      assertThat(alert.getRatio()).isGreaterThanOrEqualTo(2.0);
    }
    try (TopicReader<AthleteTrend> trends = new TopicReader<>(kafka, avro, Topics.ATHLETE_TRENDS)) {
      List<LocalDate> days =
          trends.readToEnd(Duration.ofSeconds(10)).stream()
              .map(ConsumerRecord::value)
              .filter(t -> t.getAthleteId().equals(athleteId))
              .map(AthleteTrend::getDate)
              .toList();
      // uploaded oldest first, so each day's trend is final when first sent: the rules never see
      // a day before the runs that precede it have been counted
      assertThat(days).isSorted().doesNotHaveDuplicates();
      assertThat(days.get(days.size() - 1)).isEqualTo(LAST_DAY);
    }
    MimeMessage email =
        List.of(inbox.get()).stream()
            .filter(m -> recipientsOf(m).contains(athleteId + "@example.org"))
            .findFirst()
            .orElseThrow();
    assertThat(email.getSubject()).startsWith("Your downhill running rose quickly");
    assertThat(email.getHeader("X-Backstride-Alert-Id")).isNotNull();
  }

  private static List<String> recipients(Supplier<MimeMessage[]> inbox) {
    return List.of(inbox.get()).stream().flatMap(m -> recipientsOf(m).stream()).toList();
  }

  private static List<String> recipientsOf(MimeMessage m) {
    try {
      return List.of(m.getAllRecipients()).stream().map(Object::toString).toList();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private DownhillScenario() {}
}
