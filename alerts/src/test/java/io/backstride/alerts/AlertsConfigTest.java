package io.backstride.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertsConfigTest {

  @Test
  void blankVariablesMeanTheirDefaults() {
    Map<String, String> blank =
        Map.of(
            "BACKSTRIDE_KAFKA_BOOTSTRAP", " ",
            "BACKSTRIDE_SCHEMA_REGISTRY_URL", "",
            "BACKSTRIDE_STATE_DIR", " ",
            "BACKSTRIDE_PROCESSING_GUARANTEE", "",
            "BACKSTRIDE_COMMIT_INTERVAL_MS", "",
            "BACKSTRIDE_ALERTS_APPLICATION_ID", " ",
            "BACKSTRIDE_SMTP_HOST", "",
            "BACKSTRIDE_MAIL_FROM", " ");

    AlertsConfig config = AlertsConfig.fromEnv(blank);

    assertThat(config).isEqualTo(AlertsConfig.fromEnv(Map.of()));
    assertThat(config.schemaRegistryUrl()).isEqualTo("http://localhost:8081");
    assertThat(config.applicationId()).isEqualTo("backstride-alerts");
    assertThat(config.smtp().host()).isEqualTo("localhost");
    assertThat(config.smtp().port()).isEqualTo(1025);
    assertThat(config.smtp().from()).isEqualTo("backstride <alerts@backstride.local>");
  }
}
