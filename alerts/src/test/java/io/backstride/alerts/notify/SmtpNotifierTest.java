package io.backstride.alerts.notify;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmtpNotifierTest {

  private static Email to(String address) {
    return new Email(address, "subject", "text", "<p>html</p>", Map.of(), List.of(), null);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void anAddressThatIsNotOnePlainMailboxIsRefusedBeforeAnyConnection() throws IOException {
    SmtpNotifier smtp = new SmtpNotifier("127.0.0.1", closedPort(), "alerts@backstride.test");

    assertThatThrownBy(() -> smtp.send(to("Support<help@example.org>")))
        .isInstanceOf(NotificationException.class)
        .hasMessage(
            "not sending to an address that is not one plain mailbox: a display name, brackets or"
                + " a comment around the address");
  }

  @Test
  void aFailedSendsReasonDoesNotNameTheAddress() throws IOException {
    SmtpNotifier smtp = new SmtpNotifier("127.0.0.1", closedPort(), "alerts@backstride.test");

    assertThatThrownBy(() -> smtp.send(to("ana.novak@example.org")))
        .isInstanceOf(NotificationException.class)
        .hasMessageStartingWith("SMTP send failed: ")
        .hasMessageNotContaining("ana.novak");
  }
}
