package io.backstride.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.alerts.notify.SmtpSettings.Security;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmtpSettingsTest {

  @Test
  void defaultsArePlainSmtpOnLocalhostWithoutLoginAndTenSecondBounds() {
    SmtpSettings settings = SmtpSettings.fromEnv(Map.of());

    assertThat(settings.host()).isEqualTo("localhost");
    assertThat(settings.port()).isEqualTo(1025);
    assertThat(settings.security()).isEqualTo(Security.NONE);
    assertThat(settings.authenticates()).isFalse();
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void theSecurityChoosesTheUsualPortUnlessOneIsSet() {
    assertThat(SmtpSettings.fromEnv(Map.of(SmtpSettings.SECURITY, "STARTTLS")).port())
        .isEqualTo(587);
    assertThat(SmtpSettings.fromEnv(Map.of(SmtpSettings.SECURITY, "smtps")).port()).isEqualTo(465);
    assertThat(
            SmtpSettings.fromEnv(Map.of(SmtpSettings.SECURITY, "smtps", SmtpSettings.PORT, "2465"))
                .port())
        .isEqualTo(2465);
  }

  @Test
  void anAuthenticatedRelayOverStarttls() {
    SmtpSettings settings =
        SmtpSettings.fromEnv(
            Map.of(
                SmtpSettings.HOST, "email-smtp.eu-west-1.amazonaws.com",
                SmtpSettings.SECURITY, "starttls",
                SmtpSettings.USER, "AKIAEXAMPLE",
                SmtpSettings.PASSWORD, "relay secret ",
                SmtpSettings.CONNECT_TIMEOUT_MS, "2500",
                SmtpSettings.TIMEOUT_MS, "4000"));

    assertThat(settings.user()).isEqualTo("AKIAEXAMPLE");
    // a password is taken as it is: spaces may belong to it
    assertThat(settings.password()).isEqualTo("relay secret ");
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(4000));
    assertThat(settings.toString()).contains("password=[hidden]").doesNotContain("relay secret");
  }

  @Test
  void anUnknownSecurityIsRefusedByName() {
    assertThatThrownBy(() -> SmtpSettings.fromEnv(Map.of(SmtpSettings.SECURITY, "tls")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BACKSTRIDE_SMTP_SECURITY must be none, starttls or smtps, was 'tls'");
  }

  @Test
  void aUserWithoutAPasswordOrTheOtherWayRoundIsRefused() {
    assertThatThrownBy(() -> SmtpSettings.fromEnv(Map.of(SmtpSettings.USER, "relay")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("BACKSTRIDE_SMTP_USER is set but BACKSTRIDE_SMTP_PASSWORD is not");
    assertThatThrownBy(
            () ->
                SmtpSettings.fromEnv(
                    Map.of(SmtpSettings.PASSWORD, "pw-1", SmtpSettings.SECURITY, "smtps")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("BACKSTRIDE_SMTP_PASSWORD is set but BACKSTRIDE_SMTP_USER is not")
        .hasMessageNotContaining("pw-1");
  }

  @Test
  void aPasswordOverPlainSmtpToAnotherMachineIsRefused() {
    assertThatThrownBy(
            () ->
                SmtpSettings.fromEnv(
                    Map.of(
                        SmtpSettings.HOST, "smtp.example.org",
                        SmtpSettings.USER, "relay",
                        SmtpSettings.PASSWORD, "pw-2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BACKSTRIDE_SMTP_PASSWORD would travel unencrypted to smtp.example.org: set"
                + " BACKSTRIDE_SMTP_SECURITY=starttls or smtps");
    // on this machine nothing travels
    assertThat(
            SmtpSettings.fromEnv(
                    Map.of(
                        SmtpSettings.HOST, "127.0.0.1",
                        SmtpSettings.USER, "relay",
                        SmtpSettings.PASSWORD, "pw-2"))
                .authenticates())
        .isTrue();
  }

  @Test
  void timeoutsMustBePositive() {
    assertThatThrownBy(() -> SmtpSettings.fromEnv(Map.of(SmtpSettings.TIMEOUT_MS, "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BACKSTRIDE_SMTP_TIMEOUT_MS must be 1 or more");
  }
}
