package io.backstride.alerts.notify;

import io.backstride.core.EmailAddresses;
import jakarta.activation.DataHandler;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;

/**
 * Sends alert emails through an SMTP server with Jakarta Mail (Eclipse Angus), as {@link
 * SmtpSettings} say: logged in when a user is set, over STARTTLS (required: a server that does not
 * offer it gets nothing) or SMTPS, with every wait bounded. Over TLS the server's certificate is
 * verified, chain and host name, against the JVM's truststore or the settings' own; nothing here
 * trusts a certificate it cannot verify.
 *
 * <p>Emails sent close together share one connection: on the local stack a new connection (TCP,
 * EHLO, login) was 92 ms of an email's send, and the notifier sends one email at a time, so at a
 * few alerts a second the emails queued behind each other's handshakes. A connection is used for
 * {@link #MAX_EMAILS_PER_CONNECTION} emails at most and is not reused after {@link #KEEP_OPEN}
 * without one.
 */
public final class SmtpNotifier implements Notifier {
  /**
   * How long after an email its connection is still used for the next: well inside the 5 minutes
   * RFC 5321 asks a server to wait for the next command, so that the server rarely hangs up first.
   */
  static final Duration KEEP_OPEN = Duration.ofSeconds(10);

  /** Relays may cap the emails one connection carries; this stays under the usual caps. */
  static final int MAX_EMAILS_PER_CONNECTION = 20;

  private final SmtpSettings settings;
  private final Session session;
  private final String protocol;
  private final LongSupplier nanoTime;

  // the notifier's thread sends; close() comes from the service's: both hold the monitor
  private Transport open;
  private long openLastUsedNanos;
  private int sentOnOpen;

  /** A server that needs no authentication, over plain SMTP. */
  public SmtpNotifier(String host, int port, String from) {
    this(SmtpSettings.plain(host, port, from));
  }

  public SmtpNotifier(SmtpSettings settings) {
    this(settings, System::nanoTime);
  }

  /** With the clock that ages a kept connection, for tests. */
  SmtpNotifier(SmtpSettings settings, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.settings = settings;
    this.protocol = settings.security() == SmtpSettings.Security.SMTPS ? "smtps" : "smtp";
    String prefix = "mail." + protocol + ".";
    Properties props = new Properties();
    props.put(prefix + "host", settings.host());
    props.put(prefix + "port", String.valueOf(settings.port()));
    // bounded waits: a stalled server must fail the attempt, not hang the notifier
    props.put(prefix + "connectiontimeout", String.valueOf(settings.connectTimeout().toMillis()));
    props.put(prefix + "timeout", String.valueOf(settings.timeout().toMillis()));
    props.put(prefix + "writetimeout", String.valueOf(settings.timeout().toMillis()));
    props.put(prefix + "auth", String.valueOf(settings.authenticates()));
    if (settings.security() == SmtpSettings.Security.STARTTLS) {
      props.put(prefix + "starttls.enable", "true");
      // without it a server (or a man in the middle) that leaves STARTTLS out gets plain text
      props.put(prefix + "starttls.required", "true");
    }
    // the certificate must name the host we connect to, not only chain to a trusted root
    props.put(prefix + "ssl.checkserveridentity", "true");
    if (settings.truststore() != null) {
      // verifies against these certificates (a private CA's), not the JVM's
      props.put(
          prefix + "ssl.socketFactory", settings.truststore().sslContext().getSocketFactory());
    }
    this.session = Session.getInstance(props);
  }

  /**
   * Connects and, with a user set, logs in, then hangs up. Wrong credentials, a certificate that
   * cannot be verified or a server without the required STARTTLS are settings to fix: they fail
   * here in one line, so that the service stops at start instead of failing every email. A server
   * that cannot be reached is no setting: its reason is returned, and the emails wait for it.
   *
   * @return why the server could not be reached, or empty when it answered and accepted the login
   * @throws IllegalArgumentException when the server refused the login or the TLS connection
   */
  public Optional<String> check() {
    try (Transport transport = connect()) {
      return Optional.empty();
    } catch (AuthenticationFailedException e) {
      throw new IllegalArgumentException(
          "SMTP server "
              + where()
              + " refused the credentials in "
              + SmtpSettings.USER
              + " and "
              + SmtpSettings.PASSWORD
              + ": "
              + oneLine(e.getMessage()));
    } catch (MessagingException e) {
      if (isSecuritySetting(e)) {
        throw new IllegalArgumentException(
            "SMTP server "
                + where()
                + " over "
                + SmtpSettings.SECURITY
                + "="
                + settings.security().name().toLowerCase(Locale.ROOT)
                + ": "
                + oneLine(reason(e)));
      }
      return Optional.of("SMTP server " + where() + " did not answer: " + oneLine(reason(e)));
    }
  }

  @Override
  public synchronized void send(Email email) throws NotificationException {
    Optional<String> badAddress = EmailAddresses.problem(email.to());
    if (badAddress.isPresent()) {
      throw new NotificationException(
          "not sending to an address that is not one plain mailbox: " + badAddress.get(), null);
    }
    try {
      MimeMessage message = message(email);
      message.setFrom(new InternetAddress(settings.from()));
      message.setRecipient(Message.RecipientType.TO, new InternetAddress(email.to(), true));
      message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
      for (Map.Entry<String, String> h : email.headers().entrySet()) {
        message.setHeader(h.getKey(), h.getValue());
      }
      MimeBodyPart text = new MimeBodyPart();
      text.setText(email.text(), StandardCharsets.UTF_8.name());
      MimeBodyPart html = new MimeBodyPart();
      html.setContent(email.html(), "text/html; charset=UTF-8");
      MimeBodyPart rich = html;
      if (!email.images().isEmpty()) {
        // multipart/related: the HTML and the images it shows by cid, as one alternative
        MimeMultipart related = new MimeMultipart("related", html);
        for (Email.InlineImage image : email.images()) {
          MimeBodyPart part = new MimeBodyPart();
          part.setDataHandler(
              new DataHandler(new ByteArrayDataSource(image.bytes(), image.mimeType())));
          part.setContentID("<" + image.contentId() + ">");
          part.setDisposition(Part.INLINE);
          part.setFileName(image.contentId() + ".png");
          related.addBodyPart(part);
        }
        rich = new MimeBodyPart();
        rich.setContent(related);
      }
      message.setContent(new MimeMultipart("alternative", text, rich));
      message.saveChanges();
      deliver(message);
    } catch (AuthenticationFailedException e) {
      throw new NotificationException(
          "SMTP login refused (" + SmtpSettings.USER + "): " + oneLine(e.getMessage()), e);
    } catch (MessagingException e) {
      // the reason travels to notification-failures.v1, which carries no address: a server's
      // "550 <x@y>: unknown user" names it, so it is taken out
      String reason = oneLine(reason(e)).replace(email.to(), "<address>");
      throw new NotificationException("SMTP send failed: " + reason, e);
    }
  }

  /**
   * Sends on the kept connection when it is recent, else on a new one. A kept connection that fails
   * (the server hung up while it was idle, or says it carried enough) is replaced once at once, so
   * that it costs a reconnect and not a failed attempt; a refused address is the server's answer,
   * not the connection's, and is not sent again.
   */
  private void deliver(MimeMessage message) throws MessagingException {
    boolean reusing =
        open != null && nanoTime.getAsLong() - openLastUsedNanos < KEEP_OPEN.toNanos();
    if (!reusing) {
      reconnect();
    }
    try {
      sendOnOpen(message);
    } catch (MessagingException | IllegalStateException e) {
      if (!reusing || addressRefused(e)) {
        throw e;
      }
      reconnect();
      sendOnOpen(message);
    }
    sentOnOpen++;
    openLastUsedNanos = nanoTime.getAsLong();
    if (sentOnOpen >= MAX_EMAILS_PER_CONNECTION) {
      closeOpen();
    }
  }

  private void reconnect() throws MessagingException {
    closeOpen();
    open = connect();
    sentOnOpen = 0;
  }

  /** Sends on the open connection; one that failed is not used again. */
  private void sendOnOpen(MimeMessage message) throws MessagingException {
    try {
      open.sendMessage(message, message.getAllRecipients());
    } catch (MessagingException | IllegalStateException e) {
      closeOpen();
      throw e;
    }
  }

  private static boolean addressRefused(Exception e) {
    return e instanceof SendFailedException refused
        && refused.getInvalidAddresses() != null
        && refused.getInvalidAddresses().length > 0;
  }

  private void closeOpen() {
    if (open == null) {
      return;
    }
    try {
      open.close(); // QUIT, bounded by the timeouts
    } catch (MessagingException | IllegalStateException gone) {
      // the server has hung up already: nothing to say goodbye to
    }
    open = null;
  }

  /** Hangs up the kept connection, if any. */
  @Override
  public synchronized void close() {
    closeOpen();
  }

  private Transport connect() throws MessagingException {
    Transport transport = session.getTransport(protocol);
    transport.connect(settings.host(), settings.port(), settings.user(), settings.password());
    return transport;
  }

  private String where() {
    return settings.host() + ":" + settings.port();
  }

  /** A refused certificate or a missing STARTTLS: the same at every try. */
  private static boolean isSecuritySetting(MessagingException e) {
    if (String.valueOf(e.getMessage()).contains("STARTTLS")) {
      return true;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException) {
        return true;
      }
    }
    return false;
  }

  /** The message of the deepest cause, where the socket or TLS says what went wrong. */
  private static String reason(Exception e) {
    Throwable deepest = e;
    while (deepest.getCause() != null) {
      deepest = deepest.getCause();
    }
    String message = deepest == e ? e.getMessage() : e.getMessage() + ": " + deepest.getMessage();
    return String.valueOf(message);
  }

  private static String oneLine(String text) {
    return String.valueOf(text).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  /**
   * Connects as a send would (EHLO, STARTTLS and login as configured), says NOOP and quits: whether
   * the server answers now, without sending anything. The readiness check asks this while no email
   * is being sent.
   */
  @Override
  public void probe() throws NotificationException {
    try (Transport transport = connect()) {
      if (!transport.isConnected()) { // isConnected says NOOP and reads the answer
        throw new NotificationException("SMTP server did not answer NOOP", null);
      }
    } catch (MessagingException e) {
      throw new NotificationException("SMTP probe failed: " + oneLine(reason(e)), e);
    }
  }

  /**
   * A message whose Message-ID is the email's own when it has one (saveChanges would replace it).
   */
  private MimeMessage message(Email email) {
    if (email.messageId() == null) {
      return new MimeMessage(session);
    }
    return new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", "<" + email.messageId() + ">");
      }
    };
  }
}
