package io.backstride.alerts.notify;

import io.backstride.core.EmailAddresses;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Sends alert emails through an SMTP server with Jakarta Mail (Eclipse Angus). */
public final class SmtpNotifier implements Notifier {
  private final Session session;
  private final String from;

  public SmtpNotifier(String host, int port, String from) {
    Properties props = new Properties();
    props.put("mail.smtp.host", host);
    props.put("mail.smtp.port", String.valueOf(port));
    // bounded waits: a stalled server must fail the attempt, not hang the notifier
    props.put("mail.smtp.connectiontimeout", "5000");
    props.put("mail.smtp.timeout", "10000");
    props.put("mail.smtp.writetimeout", "10000");
    this.session = Session.getInstance(props);
    this.from = from;
  }

  @Override
  public void send(Email email) throws NotificationException {
    Optional<String> badAddress = EmailAddresses.problem(email.to());
    if (badAddress.isPresent()) {
      throw new NotificationException(
          "not sending to an address that is not one plain mailbox: " + badAddress.get(), null);
    }
    try {
      MimeMessage message = message(email);
      message.setFrom(new InternetAddress(from));
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
      Transport.send(message);
    } catch (MessagingException e) {
      // the reason travels to notification-failures.v1, which carries no address: a server's
      // "550 <x@y>: unknown user" names it, so it is taken out
      String reason = String.valueOf(e.getMessage()).replace(email.to(), "<address>");
      throw new NotificationException("SMTP send failed: " + reason, e);
    }
  }

  /**
   * Connects as a send would (EHLO, STARTTLS and login as configured), says NOOP and quits: whether
   * the server answers now, without sending anything. The readiness check asks this while no email
   * is being sent.
   */
  @Override
  public void probe() throws NotificationException {
    try (Transport transport = session.getTransport()) {
      transport.connect();
      if (!transport.isConnected()) { // isConnected says NOOP and reads the answer
        throw new NotificationException("SMTP server did not answer NOOP", null);
      }
    } catch (MessagingException e) {
      throw new NotificationException("SMTP probe failed: " + e.getMessage(), e);
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
