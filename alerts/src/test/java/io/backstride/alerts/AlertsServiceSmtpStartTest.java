package io.backstride.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.backstride.platform.ServiceMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A wrong SMTP password stops the alerts service at start with one line, before it touches Kafka or
 * the registry (neither runs here): the notifier logs in first.
 */
class AlertsServiceSmtpStartTest {
  private GreenMail smtp;

  @BeforeEach
  void start() {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.setUser("alerts@backstride.test", "relay-user", "relay-pw");
    smtp.start();
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  @Test
  void aWrongSmtpPasswordIsOneLineAtStart() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env =
        Map.of(
            "BACKSTRIDE_SMTP_HOST", "127.0.0.1",
            "BACKSTRIDE_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()),
            "BACKSTRIDE_SMTP_USER", "relay-user",
            "BACKSTRIDE_SMTP_PASSWORD", "wrong-relay-pw",
            // nothing listens here: the start must stop before it would matter
            "BACKSTRIDE_KAFKA_BOOTSTRAP", "127.0.0.1:1",
            "BACKSTRIDE_SCHEMA_REGISTRY_URL", "http://127.0.0.1:1");

    Optional<AlertsService> started =
        ServiceMain.start(
            "alerts",
            env,
            ServiceMain.fromEnv(
                AlertsConfig::fromEnv, AlertsConfig::schemaRegistryUrl, AlertsService::start),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(started).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "alerts: SMTP server 127.0.0.1:"
                + smtp.getSmtp().getPort()
                + " refused the credentials in BACKSTRIDE_SMTP_USER and BACKSTRIDE_SMTP_PASSWORD:"
                + " 535 5.7.8  Authentication credentials invalid"
                + System.lineSeparator())
        .doesNotContain("wrong-relay-pw");
  }
}
