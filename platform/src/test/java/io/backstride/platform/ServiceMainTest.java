package io.backstride.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.schemas.registry.SchemaRegistrationException;
import io.backstride.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceMainTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aSettingThatDoesNotParseIsOneLineNamingItsVariable() {
    var started =
        ServiceMain.start(
            "ingest",
            Map.of("BACKSTRIDE_INGEST_PORT", "abc"),
            env -> {
              EnvValues.port(env, "BACKSTRIDE_INGEST_PORT", 8080);
              return () -> {};
            },
            errStream);

    assertThat(started).isEmpty();
    assertThat(err().lines()).hasSize(1);
    assertThat(err()).startsWith("ingest: ").contains("BACKSTRIDE_INGEST_PORT", "'abc'");
  }

  @Test
  void aRefusedSchemaIsOneLine() {
    var started =
        ServiceMain.start(
            "alerts",
            Map.of(),
            env -> {
              throw new SchemaRegistrationException(
                  "back-pain-alerts.v1-value refused BackPainRiskAlert: incompatible",
                  new SchemaRegistryException(409, 409, "incompatible"));
            },
            errStream);

    assertThat(started).isEmpty();
    assertThat(err())
        .isEqualTo(
            "alerts: back-pain-alerts.v1-value refused BackPainRiskAlert: incompatible"
                + System.lineSeparator());
  }

  @Test
  void aStartedServiceIsHandedBackAndNothingIsWritten() {
    AutoCloseable service = () -> {};

    assertThat(ServiceMain.start("x", Map.of(), env -> service, errStream)).containsSame(service);
    assertThat(err()).isEmpty();
  }

  @Test
  void aFaultThatIsNotASettingKeepsItsStackTrace() {
    assertThatThrownBy(
            () ->
                ServiceMain.start(
                    "x",
                    Map.of(),
                    env -> {
                      throw new IllegalStateException("bug");
                    },
                    errStream))
        .isInstanceOf(IllegalStateException.class);
  }
}
