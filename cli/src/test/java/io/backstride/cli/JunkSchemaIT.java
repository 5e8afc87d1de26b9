package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.Rule;
import io.backstride.localstack.LocalStack;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistrationException;
import io.backstride.schemas.serde.AvroSerdes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A junk record schema under a subject nothing has written yet, on the in-process stack: before the
 * services start, they refuse to start with one line naming the subject; after they started,
 * uploads, symptom reports and alerts keep flowing on the schemas registered at start.
 */
class JunkSchemaIT {
  private static final Schema JUNK =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Junk\",\"namespace\":\"evil\","
                  + "\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");
  private static final List<String> SUBJECTS =
      List.of(
          Topics.SYMPTOM_REPORTS.valueSubject(),
          Topics.ACTIVITY_SAMPLES.valueSubject(),
          Topics.BACK_PAIN_ALERTS.valueSubject(),
          Topics.INGEST_DEAD_LETTER.valueSubject());

  @TempDir Path stateDir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "symptom-reports.v1-value",
        "activity-samples.v1-value",
        "back-pain-alerts.v1-value",
        "ingest-dead-letter.v1-value"
      })
  void junkBeforeTheStartStopsItWithOneLineNamingTheSubject(String subject) {
    try (LocalStack stack = LocalStack.start(null)) {
      new RestSchemaRegistryClient(stack.registryUrl()).register(subject, JUNK);
      Map<String, String> env =
          DownhillScenario.env(
              stack.bootstrapServers(), stack.registryUrl(), stack.smtpSink().port(), stateDir);

      assertThatThrownBy(() -> Pipeline.start(env).close())
          .isInstanceOf(SchemaRegistrationException.class)
          .hasMessageContaining(" under " + subject + ": it is not compatible")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void junkAfterTheStartChangesNothingUploadsSymptomsAndAlertsFlow() throws Exception {
    try (LocalStack stack = LocalStack.start(null);
        Pipeline pipeline =
            Pipeline.start(
                DownhillScenario.env(
                    stack.bootstrapServers(),
                    stack.registryUrl(),
                    stack.smtpSink().port(),
                    stateDir))) {
      // what someone who reaches a read-write registry can do: lift the check, then register
      HttpClient http = HttpClient.newHttpClient();
      RestSchemaRegistryClient anyone = new RestSchemaRegistryClient(stack.registryUrl());
      for (String subject : SUBJECTS) {
        HttpResponse<String> none =
            http.send(
                HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/config/" + subject))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"NONE\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(200);
        anyone.register(subject, JUNK);
        assertThat(anyone.version(subject, -1).schema()).isEqualTo(JUNK);
      }

      HttpResponse<String> symptom =
          http.send(
              HttpRequest.newBuilder(URI.create(pipeline.ingestUrl() + "/v1/athletes/ben/symptoms"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"date\":\"2026-03-02\",\"severity\":3,\"when\":\"after\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(symptom.statusCode()).as(symptom.body()).isEqualTo(202);

      DownhillScenario.uploadsAHistoryAndEmailsTheDownhillRamp(
          pipeline,
          stack.bootstrapServers(),
          stack.registryUrl(),
          () -> stack.smtpSink().received().toArray(jakarta.mail.internet.MimeMessage[]::new),
          "ana");
      AvroSerdes avro = new AvroSerdes(new RestSchemaRegistryClient(stack.registryUrl()));
      try (TopicReader<BackPainRiskAlert> alerts =
          new TopicReader<>(
              KafkaConnection.plaintext(stack.bootstrapServers()), avro, Topics.BACK_PAIN_ALERTS)) {
        assertThat(
                alerts.readToEnd(Duration.ofSeconds(10)).stream()
                    .map(ConsumerRecord::value)
                    .filter(a -> a.getAthleteId().equals("ben"))
                    .map(BackPainRiskAlert::getRule))
            .containsExactly(Rule.BACK_PAIN_REPORTED);
      }
      assertThat(pipeline.whyUnhealthy()).isEmpty();
      assertThat(pipeline.healthy()).isTrue();
    }
  }
}
