package io.backstride.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

  @Test
  void defaultsToLocalKafkaRegistryAndPort8080WithFiftyMegabytesAndTenSeconds() {
    IngestConfig config = IngestConfig.fromEnv(Map.of());

    assertThat(config)
        .isEqualTo(
            new IngestConfig(
                "localhost:9092",
                URI.create("http://localhost:8081"),
                "127.0.0.1",
                8080,
                50L * 1024 * 1024,
                Duration.ofSeconds(10)));
  }

  @Test
  void takesEveryVariableFromTheEnvironment() {
    IngestConfig config =
        IngestConfig.fromEnv(
            Map.of(
                "BACKSTRIDE_KAFKA_BOOTSTRAP", "kafka:29092",
                "BACKSTRIDE_SCHEMA_REGISTRY_URL", "http://registry:8081",
                "BACKSTRIDE_INGEST_HOST", "0.0.0.0",
                "BACKSTRIDE_INGEST_PORT", "9090",
                "BACKSTRIDE_INGEST_MAX_BODY_BYTES", "1000",
                "BACKSTRIDE_INGEST_ACK_TIMEOUT_MS", "2500"));

    assertThat(config)
        .isEqualTo(
            new IngestConfig(
                "kafka:29092",
                URI.create("http://registry:8081"),
                "0.0.0.0",
                9090,
                1000,
                Duration.ofMillis(2500)));
  }

  @Test
  void namesTheVariableThatIsNotANumber() {
    assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("BACKSTRIDE_INGEST_PORT", "eighty")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BACKSTRIDE_INGEST_PORT must be a whole number, was 'eighty'");
  }
}
