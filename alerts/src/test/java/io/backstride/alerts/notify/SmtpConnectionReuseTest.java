package io.backstride.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Emails sent close together share one SMTP connection, counted by a relay between the notifier and
 * GreenMail; a connection idle too long, or that carried its share, is replaced, and one the server
 * hung up costs a reconnect, not the email.
 */
class SmtpConnectionReuseTest {
  private static final String FROM = "backstride <alerts@backstride.test>";
  private static final Duration BOUND = Duration.ofSeconds(3);

  private GreenMail server;
  private CountingRelay relay;
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private SmtpNotifier notifier;

  @BeforeEach
  void start() throws IOException {
    server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    server.start();
    relay = new CountingRelay(server.getSmtp().getPort());
    notifier =
        new SmtpNotifier(
            new SmtpSettings(
                "127.0.0.1",
                relay.port(),
                FROM,
                null,
                null,
                SmtpSettings.Security.NONE,
                BOUND,
                BOUND,
                null),
            nanos::get);
  }

  @AfterEach
  void stop() throws IOException {
    notifier.close();
    relay.close();
    server.stop();
  }

  private static Email email(int n) {
    return new Email(
        "athlete" + n + "@example.org",
        "Back pain risk " + n,
        "text",
        "<p>html</p>",
        Map.of(),
        List.of(),
        "msg-" + n + "@backstride.test");
  }

  private void sendSecondsApart(int from, int count, long seconds) throws Exception {
    for (int n = from; n < from + count; n++) {
      notifier.send(email(n));
      nanos.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }
  }

  private List<String> receivedMessageIds() throws Exception {
    MimeMessage[] received = server.getReceivedMessages();
    String[] ids = new String[received.length];
    for (int i = 0; i < received.length; i++) {
      ids[i] = received[i].getMessageID();
    }
    return Arrays.asList(ids);
  }

  @Test
  void emailsSentSecondsApartShareOneConnection() throws Exception {
    sendSecondsApart(0, 5, 2);

    assertThat(server.getReceivedMessages()).hasSize(5);
    assertThat(relay.connections()).isEqualTo(1);
  }

  @Test
  void aConnectionIdleLongerThanKeepOpenIsNotUsedAgain() throws Exception {
    sendSecondsApart(0, 2, SmtpNotifier.KEEP_OPEN.toSeconds() + 1);

    assertThat(server.getReceivedMessages()).hasSize(2);
    assertThat(relay.connections()).isEqualTo(2);
  }

  @Test
  void aConnectionCarriesAtMostItsShareOfEmails() throws Exception {
    sendSecondsApart(0, SmtpNotifier.MAX_EMAILS_PER_CONNECTION + 1, 0);

    assertThat(server.getReceivedMessages()).hasSize(SmtpNotifier.MAX_EMAILS_PER_CONNECTION + 1);
    assertThat(relay.connections()).isEqualTo(2);
  }

  @Test
  void aKeptConnectionTheServerHungUpIsReplacedAndEachEmailArrivesOnce() throws Exception {
    notifier.send(email(1));
    relay.hangUpAll();
    await().atMost(Duration.ofSeconds(5)).until(() -> relay.open() == 0);

    notifier.send(email(2));

    assertThat(receivedMessageIds())
        .containsExactlyInAnyOrder("<msg-1@backstride.test>", "<msg-2@backstride.test>");
    assertThat(relay.connections()).isEqualTo(2);
  }

  @Test
  void closeHangsUpTheKeptConnection() throws Exception {
    notifier.send(email(1));
    assertThat(relay.open()).isEqualTo(1);

    notifier.close();

    await().atMost(Duration.ofSeconds(5)).until(() -> relay.open() == 0);
  }

  /** A TCP relay to GreenMail that counts the connections made through it and can cut them. */
  private static final class CountingRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();

    CountingRelay(int target) throws IOException {
      this.target = target;
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread accept = new Thread(this::accept, "smtp-relay-accept");
      accept.setDaemon(true);
      accept.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    int connections() {
      return connections.get();
    }

    /** Connections from the notifier that are still open at the relay. */
    int open() {
      clients.removeIf(Socket::isClosed);
      return clients.size();
    }

    void hangUpAll() {
      for (Socket s : sockets) {
        closeQuietly(s);
      }
    }

    private void accept() {
      while (!listener.isClosed()) {
        try {
          Socket client = listener.accept();
          connections.incrementAndGet();
          Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
          sockets.add(client);
          sockets.add(upstream);
          clients.add(client);
          pipe(client, upstream);
          pipe(upstream, client);
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    /** Copies one direction; either end closing closes both, as a server hanging up would. */
    private void pipe(Socket from, Socket to) {
      Thread t =
          new Thread(
              () -> {
                try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                  in.transferTo(out);
                } catch (IOException closed) {
                  // one side has gone
                } finally {
                  closeQuietly(from);
                  closeQuietly(to);
                }
              },
              "smtp-relay-pipe");
      t.setDaemon(true);
      t.start();
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already closed
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
      hangUpAll();
    }
  }
}
