package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.avro.AthleteProfile;
import io.backstride.localstack.SmtpSink;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code mailto:} of {@code List-Unsubscribe} end to end on the whole local pipeline: a real
 * alert email (received by the GreenMail sink) offers a mailto whose subject carries the signed
 * token; a mail sent there over SMTP lands in the sink's IMAP mailbox, the athlete pages read it
 * and turn the athlete's emails off through ingest, and the profile on {@code athlete-profiles.v1}
 * says so. A second copy changes nothing, nor does a forged token.
 */
class MailtoUnsubscribeIT {
  private static final String ATHLETE = "mailto-ana";
  private static final String EMAIL = "ana.mailto@example.org";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MAILTO = Pattern.compile("<mailto:([^?>]+)\\?subject=([^>]+)>");

  @TempDir static Path work;
  private static LocalRun run;
  private static TopicReader<AthleteProfile> profiles;

  @BeforeAll
  static void start() {
    run = LocalRun.start(work, Duration.ofSeconds(180));
    profiles =
        new TopicReader<>(
            KafkaConnection.plaintext(run.stack().bootstrapServers()),
            new AvroSerdes(new RestSchemaRegistryClient(run.stack().registryUrl())),
            Topics.ATHLETE_PROFILES);
  }

  @AfterAll
  static void stop() {
    if (profiles != null) {
      profiles.close();
    }
    if (run != null) {
      run.close();
    }
  }

  @Test
  void aMailToTheMailtoTurnsEmailsOffOnceAndAForgedOneDoesNothing() throws Exception {
    run.putProfile(
        ATHLETE,
        JSON.createObjectNode()
            .put("email", EMAIL)
            .put("name", "Ana")
            .put("timeZone", "UTC")
            .put("units", "km")
            .put("notifications", true)
            .toString());
    // back pain reported today: the BACK_PAIN_REPORTED alert and its email, with the links
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    assertThat(
            send(
                    "POST",
                    "/v1/athletes/" + ATHLETE + "/symptoms",
                    "{\"date\":\"" + today + "\",\"severity\":6,\"when\":\"during\"}")
                .statusCode())
        .isEqualTo(202);
    MimeMessage email =
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> mailsTo(EMAIL), m -> !m.isEmpty())
            .get(0);

    Matcher mailto = MAILTO.matcher(email.getHeader("List-Unsubscribe", ","));
    assertThat(mailto.find()).as(email.getHeader("List-Unsubscribe", ",")).isTrue();
    String address = mailto.group(1);
    String subject = URLDecoder.decode(mailto.group(2), StandardCharsets.UTF_8);
    assertThat(address).isEqualTo(SmtpSink.UNSUBSCRIBE_ADDRESS);
    assertThat(subject).startsWith("unsubscribe ");

    // as a mail client does with a mailto: a message to the address with its subject
    mail(address, subject);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> latestProfile().getNotificationsEnabled(), on -> !on);
    awaitMailboxEmpty();

    // a second copy: handled (gone from the mailbox), and the emails stay off
    mail(address, subject);
    awaitMailboxEmpty();
    assertThat(latestProfile().getNotificationsEnabled()).isFalse();

    // emails on again from the API; then a forged token (one signature character changed)
    assertThat(send("PATCH", "/v1/athletes/" + ATHLETE, "{\"notifications\":true}").statusCode())
        .isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> latestProfile().getNotificationsEnabled());
    int profileRecords = profileRecords();
    // (not the last: its two low bits are padding a lenient decoder ignores)
    int at = subject.length() - 10;
    char changed = subject.charAt(at) == 'A' ? 'B' : 'A';
    mail(address, subject.substring(0, at) + changed + subject.substring(at + 1));
    awaitMailboxEmpty();
    assertThat(latestProfile().getNotificationsEnabled()).isTrue();
    assertThat(profileRecords()).isEqualTo(profileRecords);

    // the pages' metrics count both: the first two mails unsubscribed, the forged one refused
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(run.pagesUrl() + "/metrics"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains(
            "backstride_unsubscribe_mails_total{outcome=\"unsubscribed\",service=\"pages\"} 2.0")
        .contains("backstride_unsubscribe_mails_total{outcome=\"refused\",service=\"pages\"} 1.0");
  }

  private static void mail(String to, String subject) throws Exception {
    Properties props = new Properties();
    props.put("mail.smtp.host", run.stack().smtpSink().host());
    props.put("mail.smtp.port", String.valueOf(run.stack().smtpSink().port()));
    MimeMessage m = new MimeMessage(Session.getInstance(props));
    m.setFrom(new InternetAddress(EMAIL));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
    m.setSubject(subject);
    m.setText("This message was sent by the mail client to unsubscribe.");
    Transport.send(m);
  }

  private static void awaitMailboxEmpty() {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> mailsTo(SmtpSink.UNSUBSCRIBE_ADDRESS), List::isEmpty);
  }

  private static List<MimeMessage> mailsTo(String address) throws Exception {
    List<MimeMessage> out = new ArrayList<>();
    for (MimeMessage m : run.stack().smtpSink().received()) {
      if (m.getAllRecipients()[0].toString().equals(address)) {
        out.add(m);
      }
    }
    return out;
  }

  private static AthleteProfile latestProfile() {
    AthleteProfile latest = null;
    for (ConsumerRecord<String, AthleteProfile> r : profiles.readToEnd(Duration.ofSeconds(10))) {
      if (ATHLETE.equals(r.key())) {
        latest = r.value();
      }
    }
    return latest;
  }

  private static int profileRecords() {
    return (int)
        profiles.readToEnd(Duration.ofSeconds(10)).stream()
            .filter(r -> ATHLETE.equals(r.key()))
            .count();
  }

  private static HttpResponse<String> send(String method, String path, String json)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(run.ingestUrl() + path))
                .header(
                    "Content-Type",
                    method.equals("PATCH") ? "application/merge-patch+json" : "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
