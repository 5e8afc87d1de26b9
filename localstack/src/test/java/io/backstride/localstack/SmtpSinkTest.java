package io.backstride.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP sink takes mail over real SMTP and writes it out as .eml files. */
class SmtpSinkTest {
  private static final Date SENT = Date.from(Instant.parse("2026-03-02T07:00:00Z"));

  private SmtpSink sink;

  @BeforeEach
  void start() {
    sink = SmtpSink.start(0);
  }

  @AfterEach
  void stop() {
    sink.close();
  }

  @Test
  void listensOnAFreeLoopbackPortWhenAskedForPortZero() {
    assertThat(sink.host()).isEqualTo("127.0.0.1");
    assertThat(sink.port()).isPositive();
  }

  @Test
  void receivesAMessageSentOverSmtp() throws Exception {
    send("runner@example.com", "Your downhill load doubled");

    await().atMost(Duration.ofSeconds(10)).until(() -> sink.received().size() == 1);
    MimeMessage received = sink.received().get(0);
    assertThat(received.getSubject()).isEqualTo("Your downhill load doubled");
    assertThat(received.getAllRecipients()[0].toString()).isEqualTo("runner@example.com");
  }

  @Test
  void exportsEachMessageOnceAsAnEmlFileWithASafeName(@TempDir Path outbox) throws Exception {
    send("first+alerts@example.com", "One");
    send("second@example.com", "Two");
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.received().size() == 2);

    List<Path> firstExport = sink.exportTo(outbox.resolve("outbox"));
    List<Path> secondExport = sink.exportTo(outbox.resolve("outbox"));

    assertThat(firstExport).hasSize(2);
    assertThat(secondExport).isEmpty();
    assertThat(firstExport)
        .extracting(p -> p.getFileName().toString())
        .allMatch(name -> name.matches("\\d{8}T\\d{6}Z-[A-Za-z0-9._@-]+-\\d{4}\\.eml"))
        .anyMatch(name -> name.contains("-first_alerts@example.com-"))
        .anyMatch(name -> name.contains("-second@example.com-"));
    try (InputStream in = Files.newInputStream(firstExport.get(0))) {
      MimeMessage written = new MimeMessage(Session.getInstance(new Properties()), in);
      assertThat(written.getSubject()).isIn("One", "Two");
      assertThat(written.getSentDate()).isEqualTo(SENT);
    }
  }

  @Test
  void exportsOnlyMessagesReceivedSinceTheLastExport(@TempDir Path outbox) throws Exception {
    send("runner@example.com", "Earlier");
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.received().size() == 1);
    sink.exportTo(outbox);

    send("runner@example.com", "Later");
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.received().size() == 2);
    List<Path> newFiles = sink.exportTo(outbox);

    assertThat(newFiles).hasSize(1);
    try (InputStream in = Files.newInputStream(newFiles.get(0))) {
      assertThat(new MimeMessage(Session.getInstance(new Properties()), in).getSubject())
          .isEqualTo("Later");
    }
    try (Stream<Path> files = Files.list(outbox)) {
      assertThat(files).hasSize(2);
    }
  }

  @Test
  void keepsFileNamesFreeOfPathAndShellCharacters() {
    assertThat(SmtpSink.safe("../../etc/passwd <x@y.z>")).isEqualTo(".._.._etc_passwd__x@y.z_");
  }

  private void send(String to, String subject) throws MessagingException {
    Properties props = new Properties();
    props.put("mail.smtp.host", sink.host());
    props.put("mail.smtp.port", Integer.toString(sink.port()));
    MimeMessage message = new MimeMessage(Session.getInstance(props));
    message.setFrom(new InternetAddress("alerts@backstride.test"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
    message.setSubject(subject);
    message.setSentDate(SENT);
    message.setText("Fixed body for " + subject);
    Transport.send(message);
  }

  @Test
  void writesTheHtmlPartNextToTheEmlWithInlineImagesEmbedded(@TempDir Path outbox)
      throws Exception {
    Properties props = new Properties();
    props.put("mail.smtp.host", sink.host());
    props.put("mail.smtp.port", Integer.toString(sink.port()));
    MimeMessage message = new MimeMessage(Session.getInstance(props));
    message.setFrom(new InternetAddress("alerts@backstride.test"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("runner@example.com"));
    message.setSubject("With a chart");
    message.setSentDate(SENT);
    MimeBodyPart text = new MimeBodyPart();
    text.setText("plain words");
    MimeBodyPart html = new MimeBodyPart();
    html.setContent("<p>chart:</p><img src=\"cid:chart@test\">", "text/html; charset=UTF-8");
    MimeBodyPart image = new MimeBodyPart();
    image.setDataHandler(
        new DataHandler(new ByteArrayDataSource(new byte[] {1, 2, 3}, "image/png")));
    image.setContentID("<chart@test>");
    MimeBodyPart related = new MimeBodyPart();
    related.setContent(new MimeMultipart("related", html, image));
    message.setContent(new MimeMultipart("alternative", text, related));
    Transport.send(message);
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.received().size() == 1);

    Path eml = sink.exportTo(outbox).get(0);

    Path htmlFile = SmtpSink.htmlFileOf(eml);
    assertThat(htmlFile.getFileName().toString()).endsWith(".html");
    assertThat(Files.readString(htmlFile))
        .contains("<p>chart:</p>", "src=\"data:image/png;base64,AQID\"")
        .doesNotContain("cid:");
  }

  @Test
  void writesNoHtmlFileForAPlainTextMessage(@TempDir Path outbox) throws Exception {
    send("runner@example.com", "Plain");
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.received().size() == 1);

    Path eml = sink.exportTo(outbox).get(0);

    assertThat(SmtpSink.htmlFileOf(eml)).doesNotExist();
  }
}
