package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.localstack.LocalStack;
import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistrationException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a fresh stack (its own broker, so its own empty registry), the services register every topic's
 * value schema when they start: a consumer or a non-registering producer finds {@code
 * <topic>-value} before the pipeline has written a single record.
 */
class SchemasRegisteredAtStartIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path stateDir;

  @Test
  void everyTopicsValueSubjectHasItsLatestVersionOnceTheServicesHaveStarted() throws Exception {
    try (LocalStack stack = LocalStack.start(null);
        Pipeline pipeline =
            Pipeline.start(
                DownhillScenario.env(
                    stack.bootstrapServers(),
                    stack.registryUrl(),
                    stack.smtpSink().port(),
                    stateDir))) {
      assertThat(recordsOnThePipelineTopics(stack.bootstrapServers())).isZero();

      HttpClient http = HttpClient.newHttpClient();
      for (Topic<?> topic : Topics.ALL.stream().filter(Topic::avro).toList()) {
        HttpResponse<String> latest =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            stack.registryUrl()
                                + "/subjects/"
                                + topic.valueSubject()
                                + "/versions/latest"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(latest.statusCode())
            .as(topic.valueSubject() + ": " + latest.body())
            .isEqualTo(200);
        JsonNode body = JSON.readTree(latest.body());
        assertThat(body.get("subject").asText()).isEqualTo(topic.valueSubject());
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(new Schema.Parser().parse(body.get("schema").asText()))
            .isEqualTo(SpecificData.get().getSchema(topic.valueType()));
      }
    }
  }

  @Test
  void anIncompatibleSchemaAlreadyInTheRegistryStopsTheStartWithOneLine() {
    try (LocalStack stack = LocalStack.start(null)) {
      // an older AthleteProfile with one optional field: the current one adds required fields
      new RestSchemaRegistryClient(stack.registryUrl())
          .register(
              Topics.ATHLETE_PROFILES.valueSubject(),
              new Schema.Parser()
                  .parse(
                      "{\"type\":\"record\",\"name\":\"AthleteProfile\","
                          + "\"namespace\":\"io.backstride.avro\",\"fields\":[{\"name\":"
                          + "\"nickname\",\"type\":[\"null\",\"string\"],\"default\":null}]}"));
      Map<String, String> env =
          DownhillScenario.env(
              stack.bootstrapServers(), stack.registryUrl(), stack.smtpSink().port(), stateDir);

      assertThatThrownBy(() -> Pipeline.start(env).close())
          .isInstanceOf(SchemaRegistrationException.class)
          .hasMessageStartingWith(
              "The schema registry refused AthleteProfile under athlete-profiles.v1-value:"
                  + " it is not compatible with the version already there")
          .hasMessageNotContaining("\n");
    }
  }

  /** Records on every pipeline topic, by end offsets: nothing consumed, no group. */
  private static long recordsOnThePipelineTopics(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          Topics.ALL.stream()
              .flatMap(t -> c.partitionsFor(t.name()).stream())
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      return end.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
