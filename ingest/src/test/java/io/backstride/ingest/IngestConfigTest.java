package io.backstride.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.core.access.AccessTokens;
import io.backstride.platform.KafkaConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

  @Test
  void defaultsToLocalKafkaRegistryAndPort8080WithFiftyMegabytesTenSecondsAndAnHourAhead() {
    IngestConfig config = IngestConfig.fromEnv(Map.of());

    assertThat(config)
        .isEqualTo(
            new IngestConfig(
                KafkaConnection.plaintext("localhost:9092"),
                URI.create("http://localhost:8081"),
                "127.0.0.1",
                8080,
                50L * 1024 * 1024,
                Duration.ofSeconds(10),
                false,
                AccessTokens.none(),
                86_400,
                Duration.ofSeconds(20),
                Duration.ofHours(1)));
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
                "BACKSTRIDE_INGEST_ACK_TIMEOUT_MS", "2500",
                "BACKSTRIDE_INGEST_TOKENS", "token-for-ana-0001=ana|ben; sync-token-00000001==*",
                "BACKSTRIDE_INGEST_MAX_SAMPLES", "500",
                "BACKSTRIDE_INGEST_MAX_PARSE_MS", "3000",
                "BACKSTRIDE_INGEST_MAX_CLOCK_AHEAD_MS", "600000"));

    assertThat(config)
        .isEqualTo(
            new IngestConfig(
                KafkaConnection.plaintext("kafka:29092"),
                URI.create("http://registry:8081"),
                "0.0.0.0",
                9090,
                1000,
                Duration.ofMillis(2500),
                true,
                AccessTokens.parse("token-for-ana-0001=ana|ben;sync-token-00000001==*"),
                500,
                Duration.ofMillis(3000),
                Duration.ofMinutes(10)));
    assertThat(config.tokens().athletesOf("sync-token-00000001=")).contains(Set.of("*"));
    assertThat(config.tokens().athletesOf("token-for-ana-0001")).contains(Set.of("ana", "ben"));
    assertThat(config.tokens().athletesOf("token-for-ana-0002")).isEmpty();
  }

  @Test
  void turnsAuthOnWhenTokensAreConfiguredAndRefusesAuthOnWithoutTokens() {
    assertThat(IngestConfig.fromEnv(Map.of()).authEnabled()).isFalse();
    assertThat(
            IngestConfig.fromEnv(
                    Map.of(
                        "BACKSTRIDE_INGEST_TOKENS",
                        "token-for-ana-0001=ana",
                        "BACKSTRIDE_INGEST_AUTH",
                        "off"))
                .authEnabled())
        .isFalse();
    assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("BACKSTRIDE_INGEST_AUTH", "on")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BACKSTRIDE_INGEST_TOKENS");
    assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("BACKSTRIDE_INGEST_AUTH", "maybe")))
        .hasMessage("BACKSTRIDE_INGEST_AUTH must be on or off, was 'maybe'");
  }

  @Test
  void refusesMalformedTokensWithoutEchoingThem() {
    assertThatThrownBy(() -> AccessTokens.parse("short=ana"))
        .hasMessageStartingWith("token entry 1:")
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> AccessTokens.parse("token-for-ana-0001=ana:1"))
        .hasMessageContaining("is not an athlete id");
    assertThatThrownBy(() -> AccessTokens.parse("token-for-ana-0001"))
        .hasMessageStartingWith("token entry 1 must be");
  }

  @Test
  void namesTheVariableThatIsNotANumber() {
    assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("BACKSTRIDE_INGEST_PORT", "eighty")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BACKSTRIDE_INGEST_PORT must be a whole number, was 'eighty'");
  }

  @Test
  void blankVariablesMeanTheirDefaults() {
    IngestConfig config =
        IngestConfig.fromEnv(
            Map.of(
                "BACKSTRIDE_KAFKA_BOOTSTRAP", " ",
                "BACKSTRIDE_SCHEMA_REGISTRY_URL", "",
                "BACKSTRIDE_INGEST_HOST", " ",
                "BACKSTRIDE_INGEST_PORT", "",
                "BACKSTRIDE_INGEST_MAX_BODY_BYTES", " "));

    assertThat(config).isEqualTo(IngestConfig.defaults());
  }
}
