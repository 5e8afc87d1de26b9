package io.backstride.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.backstride.alerts.notify.SmtpSettings.Security;
import io.backstride.embeddedkafka.SelfSignedTls;
import io.backstride.schemas.tls.Truststore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier against GreenMail with a user to log in as: over SMTPS with a certificate made for
 * the test (which the notifier must verify, as in production: GreenMail's own trust-everything
 * socket factory is not used), and over plain SMTP, which STARTTLS-required must refuse since
 * GreenMail offers no STARTTLS.
 */
class SmtpNotifierSecurityTest {
  private static final String USER = "relay-user";
  private static final String PASSWORD = "relay-pw-7Qx";
  private static final String FROM = "backstride <alerts@backstride.test>";
  private static final Duration BOUND = Duration.ofSeconds(3);

  /** GreenMail's answer to a wrong password, two spaces and all. */
  private static final String GREENMAIL_REFUSAL = "535 5.7.8  Authentication credentials invalid";

  @TempDir static Path certificates;

  private static SelfSignedTls certificate;
  private static Truststore trustingTheCertificate;
  private GreenMail server;

  @BeforeAll
  static void serveTheTestsCertificate() {
    certificate = SelfSignedTls.create(certificates);
    // read once, when GreenMail first opens a TLS port in this JVM; no other test here does
    System.setProperty(
        DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY,
        certificate.keyStore().toString());
    System.setProperty(
        DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_PASSWORD_PROPERTY, certificate.password());
    System.setProperty(
        DummySSLServerSocketFactory.GREENMAIL_KEY_PASSWORD_PROPERTY, certificate.password());
    trustingTheCertificate =
        new Truststore(certificate.trustStore(), certificate.password(), SelfSignedTls.STORE_TYPE);
  }

  @AfterAll
  static void forgetTheCertificate() {
    System.clearProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY);
    System.clearProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_PASSWORD_PROPERTY);
    System.clearProperty(DummySSLServerSocketFactory.GREENMAIL_KEY_PASSWORD_PROPERTY);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private GreenMail start(ServerSetup setup) {
    ServerSetup dynamic = setup.dynamicPort();
    // GreenMail's 2 s to open a TLS port was missed once under load 30 (CI beside other builds)
    dynamic.setServerStartupTimeout(30_000);
    server = new GreenMail(dynamic);
    server.setUser("alerts@backstride.test", USER, PASSWORD);
    server.start();
    return server;
  }

  private int smtpsPort() {
    return server.getSmtps().getPort();
  }

  private static SmtpSettings settings(
      int port, String password, Security security, Truststore truststore) {
    return new SmtpSettings(
        "127.0.0.1", port, FROM, USER, password, security, BOUND, BOUND, truststore);
  }

  private static Email email() {
    return new Email(
        "ana.novak@example.org",
        "Back pain risk",
        "text",
        "<p>html</p>",
        Map.of(),
        List.of(),
        "msg-1@backstride.test");
  }

  @Test
  void overSmtpsTheRightPasswordLogsInAndDelivers() throws Exception {
    start(ServerSetupTest.SMTPS);
    SmtpNotifier notifier =
        new SmtpNotifier(settings(smtpsPort(), PASSWORD, Security.SMTPS, trustingTheCertificate));

    assertThat(notifier.check()).isEmpty();
    notifier.send(email());

    assertThat(server.getReceivedMessages()).hasSize(1);
    assertThat(server.getReceivedMessages()[0].getSubject()).isEqualTo("Back pain risk");
  }

  @Test
  void theTruststoreAndLoginFromTheEnvironmentDeliverOverSmtps() throws Exception {
    start(ServerSetupTest.SMTPS);
    SmtpSettings settings =
        SmtpSettings.fromEnv(
            Map.of(
                SmtpSettings.HOST,
                "127.0.0.1",
                SmtpSettings.PORT,
                String.valueOf(smtpsPort()),
                SmtpSettings.SECURITY,
                "smtps",
                SmtpSettings.USER,
                USER,
                SmtpSettings.PASSWORD,
                PASSWORD,
                SmtpSettings.SSL_TRUSTSTORE_LOCATION,
                certificate.trustStore().toString(),
                SmtpSettings.SSL_TRUSTSTORE_PASSWORD,
                certificate.password()));

    new SmtpNotifier(settings).send(email());

    assertThat(server.getReceivedMessages()).hasSize(1);
    assertThat(settings.toString()).doesNotContain(PASSWORD).doesNotContain(certificate.password());
  }

  @Test
  void aWrongPasswordFailsTheSendWithTheServersReasonQuicklyAndWithoutThePassword() {
    start(ServerSetupTest.SMTPS);
    SmtpNotifier notifier =
        new SmtpNotifier(
            settings(smtpsPort(), "not-" + PASSWORD, Security.SMTPS, trustingTheCertificate));

    assertTimeoutPreemptively(
        Duration.ofSeconds(15),
        () ->
            assertThatThrownBy(() -> notifier.send(email()))
                .isInstanceOf(NotificationException.class)
                .hasMessage("SMTP login refused (BACKSTRIDE_SMTP_USER): " + GREENMAIL_REFUSAL)
                .hasMessageNotContaining(PASSWORD));
    assertThat(server.getReceivedMessages()).isEmpty();
  }

  @Test
  void theReadinessProbeConnectsOverSmtpsAndLogsInAsASendDoes() throws Exception {
    start(ServerSetupTest.SMTPS);
    SmtpNotifier right =
        new SmtpNotifier(settings(smtpsPort(), PASSWORD, Security.SMTPS, trustingTheCertificate));
    SmtpNotifier wrong =
        new SmtpNotifier(
            settings(smtpsPort(), "not-" + PASSWORD, Security.SMTPS, trustingTheCertificate));

    right.probe();
    assertThatThrownBy(wrong::probe)
        .isInstanceOf(NotificationException.class)
        .hasMessageStartingWith("SMTP probe failed: ")
        .hasMessageNotContaining(PASSWORD);
    assertThat(server.getReceivedMessages()).isEmpty();
  }

  @Test
  void aWrongPasswordAtStartIsOneLineNamingTheSettings() {
    start(ServerSetupTest.SMTPS);
    SmtpNotifier notifier =
        new SmtpNotifier(
            settings(smtpsPort(), "not-" + PASSWORD, Security.SMTPS, trustingTheCertificate));

    assertThatThrownBy(notifier::check)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "SMTP server 127.0.0.1:"
                + smtpsPort()
                + " refused the credentials in BACKSTRIDE_SMTP_USER and BACKSTRIDE_SMTP_PASSWORD: "
                + GREENMAIL_REFUSAL)
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void aCertificateTheJvmDoesNotTrustIsRefusedAndNothingIsSent() {
    start(ServerSetupTest.SMTPS);
    // no truststore given: the JVM's own, which does not hold the test's certificate
    SmtpNotifier notifier = new SmtpNotifier(settings(smtpsPort(), PASSWORD, Security.SMTPS, null));

    assertThatThrownBy(notifier::check)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "SMTP server 127.0.0.1:" + smtpsPort() + " over BACKSTRIDE_SMTP_SECURITY=smtps: ")
        .hasMessageEndingWith("unable to find valid certification path to requested target");
    assertThatThrownBy(() -> notifier.send(email())).isInstanceOf(NotificationException.class);
    assertThat(server.getReceivedMessages()).isEmpty();
  }

  @Test
  void starttlsRequiredSendsNothingToAServerThatDoesNotOfferIt() {
    start(ServerSetupTest.SMTP);
    int port = server.getSmtp().getPort();
    SmtpNotifier notifier =
        new SmtpNotifier(settings(port, PASSWORD, Security.STARTTLS, trustingTheCertificate));

    assertThatThrownBy(notifier::check)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "SMTP server 127.0.0.1:" + port + " over BACKSTRIDE_SMTP_SECURITY=starttls: ")
        .hasMessageContaining("STARTTLS");
    assertThatThrownBy(() -> notifier.send(email()))
        .isInstanceOf(NotificationException.class)
        .hasMessageContaining("STARTTLS");
    assertThat(server.getReceivedMessages()).isEmpty();
  }

  @Test
  void aServerThatIsDownIsNoSettingErrorAtStart() {
    start(ServerSetupTest.SMTP);
    int port = server.getSmtp().getPort();
    server.stop();

    assertThat(new SmtpNotifier(settings(port, PASSWORD, Security.NONE, null)).check())
        .hasValueSatisfying(
            reason -> assertThat(reason).startsWith("SMTP server 127.0.0.1:" + port + " did not"));
  }
}
