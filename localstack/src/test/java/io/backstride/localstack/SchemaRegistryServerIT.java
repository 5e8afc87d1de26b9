package io.backstride.localstack;

import static io.backstride.localstack.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.localstack.RegistryHttp.Answer;
import io.backstride.platform.KafkaConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local registry over real HTTP, on the shared in-process broker. Each test uses its own
 * subject, because the {@code _schemas} topic outlives every test of the JVM.
 */
class SchemaRegistryServerIT {
  private static final String RUN_V1 =
      """
      {"type":"record","name":"Run","namespace":"io.backstride.test",
       "fields":[{"name":"athleteId","type":"string"}]}\
      """;
  private static final String RUN_V2_WITH_DEFAULT =
      """
      {"type":"record","name":"Run","namespace":"io.backstride.test",
       "fields":[{"name":"athleteId","type":"string"},
                 {"name":"distanceM","type":"double","default":0.0}]}\
      """;
  private static final String RUN_V2_WITHOUT_DEFAULT =
      """
      {"type":"record","name":"Run","namespace":"io.backstride.test",
       "fields":[{"name":"athleteId","type":"string"},{"name":"distanceM","type":"double"}]}\
      """;
  private static final String SHOE =
      """
      {"type":"record","name":"Shoe","namespace":"io.backstride.test",
       "fields":[{"name":"model","type":"string"}]}\
      """;

  private static EmbeddedKafkaBroker broker;
  private static SchemaRegistryServer server;
  private static RegistryHttp http;

  @BeforeAll
  static void startRegistry() {
    broker = EmbeddedKafkaBroker.shared();
    server = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
    http = new RegistryHttp(server.url());
  }

  @AfterAll
  static void stopRegistry() {
    server.close();
  }

  @Test
  void aRegistryListeningBeforeItsStoreIsReadAnswers503WithRetryAfterThenServesIt()
      throws Exception {
    // how the local stack starts it beside its broker
    SchemaRegistryServer early = SchemaRegistryServer.listen("127.0.0.1", 0, null);
    try {
      HttpResponse<String> starting =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(early.url() + "/subjects")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(starting.statusCode()).isEqualTo(503);
      assertThat(starting.headers().firstValue("Retry-After")).contains("1");
      assertThat(starting.body()).contains("\"error_code\":50301");

      early.open(KafkaSchemaStore.open(KafkaConnection.plaintext(broker.bootstrapServers())));

      Answer subjects = new RegistryHttp(early.url()).get("/subjects");
      assertThat(subjects.status()).isEqualTo(200);
      assertThat(subjects.text()).startsWith("[");
    } finally {
      early.close();
    }
  }

  @Test
  void aRequestMadeWhileTheStoreIsBeingReadWaitsForItAndIsAnsweredFromIt() throws Exception {
    // how `backstride run` starts ingest: its registrations arrive while the store is being read
    SchemaRegistryServer early = SchemaRegistryServer.listen("127.0.0.1", 0, null);
    try {
      early.opening();
      // no answer (and so no 503) while there is no store; the registry holds it for seconds
      CompletableFuture<HttpResponse<String>> held = heldSubjectsRequest(early, 500);

      early.open(KafkaSchemaStore.open(KafkaConnection.plaintext(broker.bootstrapServers())));

      HttpResponse<String> answer = held.get(5, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).startsWith("[");
    } finally {
      early.close();
    }
  }

  @Test
  void aRequestHeldForAStoreThatCannotBeReadGets503AsSoonAsTheReadFails() throws Exception {
    SchemaRegistryServer early = SchemaRegistryServer.listen("127.0.0.1", 0, null);
    try {
      early.opening();
      CompletableFuture<HttpResponse<String>> held = heldSubjectsRequest(early, 300);

      early.openFailed(new IllegalStateException("Cannot create or check the topic _schemas"));

      // well within the hold: the failure ends it
      HttpResponse<String> answer =
          held.get(SchemaRegistryServer.OPENING_HOLD_MS / 2, TimeUnit.MILLISECONDS);
      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.body()).contains("\"error_code\":50301");
    } finally {
      early.close();
    }
  }

  @Test
  void answersTheRootWithAnEmptyObjectInTheRegistryContentType() {
    Answer root = http.get("/");

    assertThat(root.status()).isEqualTo(200);
    assertThat(root.contentType()).startsWith(SchemaRegistryServer.CONTENT_TYPE);
    assertThat(root.text()).isEqualTo("{}");
  }

  @Test
  void registersASchemaAndServesItBySubjectVersionLatestAndId() {
    String subject = "register-and-read-value";
    int id = register(subject, RUN_V1);
    String canonical = new Schema.Parser().parse(RUN_V1).toString();

    assertThat(http.get("/subjects").json()).extracting(JsonNode::asText).contains(subject);
    assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
    for (String version : List.of("1", "latest")) {
      JsonNode answer = http.get("/subjects/" + subject + "/versions/" + version).json();
      assertThat(answer.path("subject").asText()).isEqualTo(subject);
      assertThat(answer.path("version").asInt()).isEqualTo(1);
      assertThat(answer.path("id").asInt()).isEqualTo(id);
      assertThat(answer.path("schema").asText()).isEqualTo(canonical);
    }
    assertThat(http.get("/subjects/" + subject + "/versions/1/schema").text()).isEqualTo(canonical);
    assertThat(http.get("/schemas/ids/" + id).json().path("schema").asText()).isEqualTo(canonical);
    assertThat(http.get("/schemas/ids/" + id + "/subjects").json())
        .extracting(JsonNode::asText)
        .contains(subject);
  }

  @Test
  void looksUpARegisteredSchemaUnderItsSubject() {
    String subject = "lookup-value";
    int id = register(subject, RUN_V1);

    JsonNode found = http.post("/subjects/" + subject, schemaBody(RUN_V1)).json();
    Answer missing = http.post("/subjects/" + subject, schemaBody(SHOE));

    assertThat(found.path("version").asInt()).isEqualTo(1);
    assertThat(found.path("id").asInt()).isEqualTo(id);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo(40403);
  }

  @Test
  void givesAnIdenticalSchemaTheSameIdAndNoNewVersion() {
    String subject = "same-schema-value";
    int first = register(subject, RUN_V1);
    // Whitespace differs, the schema does not.
    int again = register(subject, RUN_V1.replace(",", " , "));

    assertThat(again).isEqualTo(first);
    assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
  }

  @Test
  void reusesTheGlobalIdOfASchemaRegisteredUnderAnotherSubject() {
    int underFirst = register("global-id-a-value", SHOE);
    int underSecond = register("global-id-b-value", SHOE);

    assertThat(underSecond).isEqualTo(underFirst);
    assertThat(http.get("/schemas/ids/" + underFirst + "/subjects").json())
        .extracting(JsonNode::asText)
        .contains("global-id-a-value", "global-id-b-value");
  }

  @Test
  void rejectsABackwardIncompatibleChangeWith409() {
    String subject = "incompatible-value";
    register(subject, RUN_V1);

    Answer answer =
        http.post("/subjects/" + subject + "/versions", schemaBody(RUN_V2_WITHOUT_DEFAULT));

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.errorCode()).isEqualTo(409);
    assertThat(answer.json().path("message").asText()).contains("incompatible");
    assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
  }

  @Test
  void registersAnAddedFieldWithADefaultAsTheNextVersion() {
    String subject = "evolution-value";
    int v1 = register(subject, RUN_V1);

    int v2 = register(subject, RUN_V2_WITH_DEFAULT);

    assertThat(v2).isNotEqualTo(v1);
    assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2]");
    JsonNode latest = http.get("/subjects/" + subject + "/versions/latest").json();
    assertThat(latest.path("version").asInt()).isEqualTo(2);
    assertThat(latest.path("id").asInt()).isEqualTo(v2);
  }

  @Test
  void answersCompatibilityChecksAgainstTheLatestVersion() {
    String subject = "compatibility-check-value";
    register(subject, RUN_V1);
    String path = "/compatibility/subjects/" + subject + "/versions/latest";

    assertThat(http.post(path, schemaBody(RUN_V2_WITH_DEFAULT)).json().path("is_compatible"))
        .isEqualTo(BooleanNode.TRUE);
    assertThat(http.post(path, schemaBody(RUN_V2_WITHOUT_DEFAULT)).json().path("is_compatible"))
        .isEqualTo(BooleanNode.FALSE);
  }

  @Test
  void defaultsToBackwardAndLetsASubjectRelaxItsLevel() {
    String subject = "config-value";
    register(subject, RUN_V1);

    assertThat(http.get("/config").json().path("compatibilityLevel").asText())
        .isEqualTo("BACKWARD");
    Answer set = http.put("/config/" + subject, "{\"compatibility\":\"NONE\"}");
    Answer registered =
        http.post("/subjects/" + subject + "/versions", schemaBody(RUN_V2_WITHOUT_DEFAULT));

    assertThat(set.json().path("compatibility").asText()).isEqualTo("NONE");
    assertThat(http.get("/config/" + subject).json().path("compatibility").asText())
        .isEqualTo("NONE");
    assertThat(registered.status()).isEqualTo(200);
    assertThat(http.get("/config").json().path("compatibility").asText()).isEqualTo("BACKWARD");
  }

  @Test
  void answersConfluentErrorCodesForUnknownSubjectVersionAndId() {
    String subject = "errors-value";
    register(subject, RUN_V1);

    assertError(http.get("/subjects/no-such-subject/versions"), 404, 40401);
    assertError(http.get("/subjects/no-such-subject/versions/latest"), 404, 40401);
    assertError(http.get("/subjects/" + subject + "/versions/7"), 404, 40402);
    assertError(http.get("/schemas/ids/999999"), 404, 40403);
    assertError(http.get("/subjects/" + subject + "/versions/0"), 422, 42202);
    assertError(http.get("/subjects/" + subject + "/versions/first"), 422, 42202);
  }

  @Test
  void rejectsAnUnparseableSchemaWith42201() {
    Answer notJson = http.post("/subjects/invalid-value/versions", schemaBody("{\"type\":"));
    Answer unknownType =
        http.post(
            "/subjects/invalid-value/versions",
            schemaBody(
                """
                {"type":"record","name":"X","fields":[{"name":"a","type":"nope"}]}\
                """));

    assertError(notJson, 422, 42201);
    assertError(unknownType, 422, 42201);
    assertError(http.get("/subjects/invalid-value/versions"), 404, 40401);
  }

  @Test
  void answersUnknownPathsAndForeignContentTypesWithConfluentErrorBodies() {
    Answer unknownPath = http.get("/no/such/path");
    Answer form =
        http.send(
            "POST",
            "/subjects/form-value/versions",
            "application/x-www-form-urlencoded",
            schemaBody(SHOE));

    assertError(unknownPath, 404, 404);
    assertError(form, 415, 415);
  }

  @Test
  void keepsEachVersionAsAConfluentStyleRecordInACompactedTopic() throws Exception {
    String subject = "topic-layout-value";
    int id = register(subject, SHOE);

    List<ConsumerRecord<String, String>> records = readSchemasTopic();
    ConsumerRecord<String, String> record =
        records.stream()
            .filter(r -> r.key().contains("\"" + subject + "\""))
            .findFirst()
            .orElseThrow();

    assertThat(record.key())
        .isEqualTo(
            "{\"keytype\":\"SCHEMA\",\"subject\":\"" + subject + "\",\"version\":1,\"magic\":1}");
    JsonNode value = new ObjectMapper().readTree(record.value());
    assertThat(value.path("subject").asText()).isEqualTo(subject);
    assertThat(value.path("version").asInt()).isEqualTo(1);
    assertThat(value.path("id").asInt()).isEqualTo(id);
    assertThat(value.path("deleted").asBoolean(true)).isFalse();
    assertThat(new Schema.Parser().parse(value.path("schema").asText()))
        .isEqualTo(new Schema.Parser().parse(SHOE));
    assertThat(topicConfig("cleanup.policy")).isEqualTo("compact");
  }

  @Test
  void keepsIdsVersionsAndLevelsAcrossARestart() {
    String subject = "restart-value";
    int v1 = register(subject, RUN_V1);
    int v2 = register(subject, RUN_V2_WITH_DEFAULT);
    http.put("/config/" + subject, "{\"compatibility\":\"FULL\"}");

    server.close();
    server = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
    http = new RegistryHttp(server.url());

    assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2]");
    assertThat(http.get("/subjects/" + subject + "/versions/1").json().path("id").asInt())
        .isEqualTo(v1);
    assertThat(http.get("/subjects/" + subject + "/versions/2").json().path("id").asInt())
        .isEqualTo(v2);
    assertThat(http.get("/schemas/ids/" + v2).status()).isEqualTo(200);
    assertThat(http.get("/config/" + subject).json().path("compatibility").asText())
        .isEqualTo("FULL");
    // Ids are never handed out twice, even after a restart.
    int fresh = register("restart-fresh-value", "{\"type\":\"fixed\",\"name\":\"F\",\"size\":3}");
    assertThat(fresh).isGreaterThan(Math.max(v1, v2));
  }

  /** Asks {@code registry} for its subjects and shows the answer is held for {@code heldMs}. */
  private static CompletableFuture<HttpResponse<String>> heldSubjectsRequest(
      SchemaRegistryServer registry, long heldMs) {
    CompletableFuture<HttpResponse<String>> held =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(URI.create(registry.url() + "/subjects")).build(),
                HttpResponse.BodyHandlers.ofString());
    await()
        .during(Duration.ofMillis(heldMs))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !held.isDone());
    return held;
  }

  private static int register(String subject, String schema) {
    Answer answer = http.post("/subjects/" + subject + "/versions", schemaBody(schema));
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return answer.json().path("id").asInt();
  }

  private static void assertError(Answer answer, int status, int errorCode) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(status);
    assertThat(answer.errorCode()).as(answer.text()).isEqualTo(errorCode);
    assertThat(answer.json().path("message").asText()).isNotBlank();
  }

  private static List<ConsumerRecord<String, String>> readSchemasTopic() {
    TopicPartition partition = new TopicPartition(KafkaSchemaStore.TOPIC, 0);
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return consumer.position(partition) >= end;
              });
    }
    return records;
  }

  private static String topicConfig(String name) throws Exception {
    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, KafkaSchemaStore.TOPIC);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
      return config.get(name).value();
    }
  }
}
