package io.backstride.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.platform.topic.TopicSettings;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class CommonSettingsTest {
  private static final Map<String, String> ALL_BLANK =
      Map.of(
          "BACKSTRIDE_KAFKA_BOOTSTRAP", "",
          "BACKSTRIDE_SCHEMA_REGISTRY_URL", "  ",
          "BACKSTRIDE_STATE_DIR", "",
          "BACKSTRIDE_PROCESSING_GUARANTEE", " ",
          "BACKSTRIDE_COMMIT_INTERVAL_MS", "");

  @Test
  void blankMeansUnset() {
    assertThat(CommonSettings.fromEnv(ALL_BLANK)).isEqualTo(CommonSettings.fromEnv(Map.of()));
  }

  @Test
  void defaultsToTheLocalStack() {
    CommonSettings defaults = CommonSettings.fromEnv(Map.of());

    assertThat(defaults.kafka()).isEqualTo(KafkaConnection.plaintext("localhost:9092"));
    assertThat(defaults.topics()).isEqualTo(TopicSettings.BROKER_DEFAULTS);
    assertThat(defaults.schemaRegistryUrl()).isEqualTo("http://localhost:8081");
    assertThat(defaults.stateDir())
        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "backstride-state"));
    assertThat(defaults.processingGuarantee()).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(defaults.commitIntervalMs()).isEqualTo(100);
  }

  @Test
  void takesEachVariableStripped() {
    CommonSettings set =
        CommonSettings.fromEnv(
            Map.of(
                "BACKSTRIDE_KAFKA_BOOTSTRAP", " kafka:9092 ",
                "BACKSTRIDE_SCHEMA_REGISTRY_URL", "http://registry:8081",
                "BACKSTRIDE_STATE_DIR", "/var/lib/backstride",
                "BACKSTRIDE_PROCESSING_GUARANTEE", "at_least_once",
                "BACKSTRIDE_COMMIT_INTERVAL_MS", "250"));

    assertThat(set)
        .isEqualTo(
            new CommonSettings(
                KafkaConnection.plaintext("kafka:9092"),
                TopicSettings.BROKER_DEFAULTS,
                "http://registry:8081",
                Path.of("/var/lib/backstride"),
                "at_least_once",
                250));
    assertThat(set.streamsProperties("app"))
        .containsEntry(
            StreamsConfig.STATE_DIR_CONFIG, Path.of("/var/lib/backstride", "app").toString())
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once")
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 250L);
  }

  @Test
  void namesTheVariableThatDoesNotParse() {
    assertThatThrownBy(
            () -> CommonSettings.fromEnv(Map.of("BACKSTRIDE_COMMIT_INTERVAL_MS", "often")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BACKSTRIDE_COMMIT_INTERVAL_MS must be a whole number, was 'often'");
    assertThatThrownBy(
            () -> CommonSettings.fromEnv(Map.of("BACKSTRIDE_PROCESSING_GUARANTEE", "exactly_once")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BACKSTRIDE_PROCESSING_GUARANTEE must be exactly_once_v2 or at_least_once,"
                + " was 'exactly_once'");
  }

  @Test
  void refusesALogFormatTheLoggingWouldQuietlyTakeAsText() {
    assertThatThrownBy(() -> CommonSettings.fromEnv(Map.of("BACKSTRIDE_LOG_FORMAT", "JSON")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BACKSTRIDE_LOG_FORMAT must be text or json, was 'JSON'");
    assertThatThrownBy(() -> CommonSettings.fromEnv(Map.of("BACKSTRIDE_LOG_FORMAT", "ecs")))
        .hasMessage("BACKSTRIDE_LOG_FORMAT must be text or json, was 'ecs'");
    CommonSettings.fromEnv(Map.of("BACKSTRIDE_LOG_FORMAT", "json"));
    CommonSettings.fromEnv(Map.of("BACKSTRIDE_LOG_FORMAT", "text"));
    CommonSettings.fromEnv(Map.of("BACKSTRIDE_LOG_FORMAT", " "));
  }
}
