package io.backstride.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.platform.KafkaConnection;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingLoadConfigTest {

  @Test
  void blankVariablesMeanTheirDefaults() {
    Map<String, String> blank =
        Map.of(
            "BACKSTRIDE_KAFKA_BOOTSTRAP", "",
            "BACKSTRIDE_SCHEMA_REGISTRY_URL", " ",
            "BACKSTRIDE_STATE_DIR", "",
            "BACKSTRIDE_PROCESSING_GUARANTEE", "",
            "BACKSTRIDE_COMMIT_INTERVAL_MS", " ",
            "BACKSTRIDE_STREAMS_APPLICATION_ID", "",
            "BACKSTRIDE_STREAMS_HTTP_HOST", " ",
            "BACKSTRIDE_APPLICATION_SERVER", "");

    TrainingLoadConfig config = TrainingLoadConfig.fromEnv(blank);

    assertThat(config).isEqualTo(TrainingLoadConfig.fromEnv(Map.of()));
    assertThat(config.kafka()).isEqualTo(KafkaConnection.plaintext("localhost:9092"));
    assertThat(config.applicationId()).isEqualTo("backstride-training-load");
    assertThat(config.httpHost()).isEqualTo("127.0.0.1");
    assertThat(config.applicationServer()).isNull();
  }
}
