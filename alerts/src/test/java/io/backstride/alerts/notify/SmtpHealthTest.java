package io.backstride.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SMTP readiness rule in front of a notifier, and the SMTP probe against a real server. */
class SmtpHealthTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  /** A clock the test moves. */
  private static final class Hands extends Clock {
    Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** A notifier whose server is up or down as the test says. */
  private static final class Switchable implements Notifier {
    String down;

    @Override
    public void send(Email email) throws NotificationException {
      if (down != null) {
        throw new NotificationException(down, null);
      }
    }

    @Override
    public void probe() throws NotificationException {
      send(null);
    }
  }

  private final Hands clock = new Hands();
  private final Switchable server = new Switchable();
  private final SmtpHealth smtp =
      new SmtpHealth(server, Duration.ofMinutes(5), Duration.ofSeconds(30), clock);

  private static Email email() {
    return new Email("ana@example.org", "s", "t", "<p>h</p>", Map.of(), List.of(), null);
  }

  @Test
  void isNotReadyBeforeTheServerEverAnswered() {
    assertThat(smtp.problem()).contains("SMTP has not answered yet");
  }

  @Test
  void aProbeOrASendThatSucceedsMakesItReady() throws Exception {
    smtp.probe();
    assertThat(smtp.problem()).isEmpty();

    clock.now = T0.plus(Duration.ofMinutes(4));
    smtp.send(email());
    clock.now = T0.plus(Duration.ofMinutes(8));
    assertThat(smtp.problem()).isEmpty();
  }

  @Test
  void aFailingServerMakesItNotReadyWithTheServersReason() throws Exception {
    smtp.probe();
    server.down = "SMTP send failed: Couldn't connect to host, port: mail.example.org, 587";
    clock.now = T0.plusSeconds(20);

    assertThatThrownBy(() -> smtp.send(email())).isInstanceOf(NotificationException.class);
    assertThat(smtp.problem())
        .contains(
            "SMTP failed: SMTP send failed: Couldn't connect to host, port: mail.example.org,"
                + " 587; last answered 20 s ago");

    server.down = null;
    clock.now = T0.plusSeconds(50);
    smtp.probe();
    assertThat(smtp.problem()).isEmpty();
  }

  @Test
  void noAnswerForLongerThanTheLimitIsNotReady() throws Exception {
    smtp.probe();
    clock.now = T0.plus(Duration.ofMinutes(6));
    assertThat(smtp.problem()).contains("SMTP last answered 360 s ago (more than 300 s)");
  }

  @Test
  void theSmtpProbeAsksARealServerAndFailsOnAClosedPort() throws Exception {
    GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    try {
      new SmtpNotifier("127.0.0.1", mail.getSmtp().getPort(), "alerts@backstride.test").probe();
      assertThat(mail.getReceivedMessages()).isEmpty();
    } finally {
      mail.stop();
    }
    SmtpNotifier nobody = new SmtpNotifier("127.0.0.1", closedPort(), "alerts@backstride.test");
    assertThatThrownBy(nobody::probe)
        .isInstanceOf(NotificationException.class)
        .hasMessageStartingWith("SMTP probe failed: ");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
