package io.backstride.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.backstride.alerts.AlertsConfig.NotifierSettings;
import io.backstride.avro.AthleteProfile;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.NotificationFailure;
import io.backstride.avro.Rule;
import io.backstride.avro.Units;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicAdmin;
import io.backstride.platform.topic.TopicSettings;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The notifier on a real broker and a real SMTP server: nothing lost while SMTP is down, nothing
 * sent twice after a kill, failures on their topic. Every test has its own athlete, address and
 * consumer group; alerts of other tests on the shared topic go to other addresses and are ignored.
 */
class AlertNotifierIT {
  private static final LocalDate DAY = LocalDate.parse("2026-04-13");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-04-13T18:00:00Z"), ZoneOffset.UTC);
  private static String bootstrap;
  private static SchemaRegistryServer registry;
  // through the registry kept in the broker's _schemas topic, as every writer of the shared topics
  // in this JVM does, so that any reader of the topics can decode what these tests write
  private static AvroSerdes AVRO;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private String athlete;
  private String address;
  private String group;
  private int smtpPort;
  private GreenMail smtp;

  @BeforeAll
  static void broker() {
    bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    TopicAdmin.ensureTopics(KafkaConnection.plaintext(bootstrap), TopicSettings.of(3, 1));
    registry =
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(() -> SchemaRegistryServer.start(bootstrap, 0), Objects::nonNull);
    AVRO = new AvroSerdes(new RestSchemaRegistryClient(registry.url()));
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void names() throws IOException {
    String id = UUID.randomUUID().toString().substring(0, 8);
    athlete = "athlete-" + id;
    address = id + "@example.org";
    group = "notifier-" + id;
    try (ServerSocket s = new ServerSocket(0)) {
      smtpPort = s.getLocalPort();
    }
  }

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  private void startSmtp() {
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  private List<MimeMessage> mailTo(GreenMail server) throws MessagingException {
    return mailTo(server, address);
  }

  private static List<MimeMessage> mailTo(GreenMail server, String address)
      throws MessagingException {
    List<MimeMessage> mine = new ArrayList<>();
    for (MimeMessage m : server.getReceivedMessages()) {
      Address[] to = m.getAllRecipients();
      if (to != null && Arrays.stream(to).anyMatch(a -> a.toString().equals(address))) {
        mine.add(m);
      }
    }
    return mine;
  }

  private AlertNotifier notifier(Notifier notifier) {
    return notifier(notifier, null, testSchedule(), clients());
  }

  /** Eight quick attempts, a 200 ms grouping delay. */
  private NotifierSettings testSchedule() {
    return new NotifierSettings(
        group,
        8,
        Duration.ofMillis(200),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofMillis(200),
        3,
        AlertEmails.DEFAULT_PREFERENCES_URL,
        null);
  }

  private NotifierClients clients() {
    return NotifierClients.connect(KafkaConnection.plaintext(bootstrap), AVRO, group, null);
  }

  private AlertNotifier notifier(
      Notifier notifier, TrendHistory trends, NotifierSettings settings) {
    return notifier(notifier, trends, settings, clients());
  }

  private AlertNotifier notifier(
      Notifier notifier, TrendHistory trends, NotifierSettings settings, NotifierClients clients) {
    ProfileDirectory profiles =
        new ProfileDirectory(KafkaConnection.plaintext(bootstrap), AVRO).start();
    closeables.add(profiles);
    AlertNotifier n = new AlertNotifier(clients, profiles, trends, null, notifier, settings, CLOCK);
    closeables.add(n);
    return n.start();
  }

  /** The production schedule: 6 attempts backing off 1, 2, 4, 8 and 16 s, a 5 s profile wait. */
  private NotifierSettings productionSchedule(Duration profileWait) {
    NotifierSettings d = NotifierSettings.DEFAULTS;
    return new NotifierSettings(
        group,
        d.maxAttempts(),
        d.firstBackoff(),
        d.maxBackoff(),
        profileWait,
        Duration.ofMillis(200),
        d.maxAgeDays(),
        d.preferencesUrl(),
        null);
  }

  private SmtpNotifier smtpNotifier() {
    return new SmtpNotifier("127.0.0.1", smtpPort, "backstride <alerts@backstride.test>");
  }

  private void profile(boolean notificationsOn) throws Exception {
    profile(athlete, address, notificationsOn);
  }

  private void profile(String athlete, String address, boolean notificationsOn) throws Exception {
    produce(
        athlete,
        Topics.ATHLETE_PROFILES.name(),
        AVRO.value(Topics.ATHLETE_PROFILES)
            .serializer()
            .serialize(
                Topics.ATHLETE_PROFILES.name(),
                AthleteProfile.newBuilder()
                    .setAthleteId(athlete)
                    .setEmail(address)
                    .setName("Runner")
                    .setUnits(Units.KM)
                    .setNotificationsEnabled(notificationsOn)
                    .build()));
  }

  private BackPainRiskAlert alert(Rule rule, LocalDate date) throws Exception {
    return alert(athlete, rule, date);
  }

  private BackPainRiskAlert alert(String athlete, Rule rule, LocalDate date) throws Exception {
    BackPainRiskAlert a = AlertEmailsTest.alert(rule, "descentM", 620, 160, List.of("FLAT_ROUTES"));
    a.setAthleteId(athlete);
    a.setDate(date);
    a.setAlertId("alert-" + athlete + "-" + rule + "-" + date);
    produce(
        athlete,
        Topics.BACK_PAIN_ALERTS.name(),
        AVRO.value(Topics.BACK_PAIN_ALERTS)
            .serializer()
            .serialize(Topics.BACK_PAIN_ALERTS.name(), a));
    return a;
  }

  private void produce(String key, String topic, byte[] value) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            p,
            new StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }
  }

  /** Whether the group has committed every alert on the topic: it has handled them all. */
  private boolean groupCaughtUp() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      for (int p = 0; p < 3; p++) {
        latest.put(new TopicPartition(Topics.BACK_PAIN_ALERTS.name(), p), OffsetSpec.latest());
      }
      return admin.listOffsets(latest).all().get().entrySet().stream()
          .allMatch(
              e ->
                  e.getValue().offset() == 0
                      || (committed.get(e.getKey()) != null
                          && committed.get(e.getKey()).offset() >= e.getValue().offset()));
    }
  }

  @Test
  void anEmailHeldUpWhileSmtpIsDownArrivesExactlyOnceAfterItRestarts() throws Exception {
    startSmtp();
    profile(true);
    List<Integer> failures = new ArrayList<>();
    SmtpNotifier real = smtpNotifier();
    AlertNotifier notifier =
        notifier(
            email -> {
              try {
                real.send(email);
              } catch (NotificationException e) {
                if (email.to().equals(address)) {
                  synchronized (failures) {
                    failures.add(1);
                  }
                }
                throw e;
              }
            });
    smtp.stop(); // the mail server goes down mid-run

    alert(Rule.DOWNHILL_RAMP, DAY);
    await().atMost(Duration.ofSeconds(30)).until(() -> failures.size() >= 2);
    startSmtp(); // and comes back on the same port

    await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(smtp).size() == 1);
    await().atMost(Duration.ofSeconds(30)).until(this::groupCaughtUp);
    assertThat(mailTo(smtp)).hasSize(1);
    assertThat(notifier.alertsFailed()).isZero();
  }

  @Test
  void aNotifierKilledBetweenSendAndCommitIsNotFollowedByADuplicate() throws Exception {
    startSmtp();
    profile(true);
    SmtpNotifier real = smtpNotifier();
    NotifierClients firstClients = clients();
    AlertNotifier first =
        notifier(
            email -> {
              real.send(email);
              if (email.to().equals(address)) {
                // dies after the send, before the offsets are committed: its consumer is gone at
                // once, as after a kill (this runs on the notifier's thread, the consumer's own)
                firstClients.alerts().close(CloseOptions.timeout(Duration.ZERO));
              }
            },
            null,
            testSchedule(),
            firstClients);
    alert(Rule.DOWNHILL_RAMP, DAY);
    await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(smtp).size() == 1);
    first.close();
    assertThat(groupCaughtUp()).isFalse(); // the alert is still uncommitted

    AlertNotifier second = notifier(smtpNotifier());

    await().atMost(Duration.ofSeconds(30)).until(this::groupCaughtUp);
    assertThat(second.alreadySent()).isPositive();
    assertThat(mailTo(smtp)).hasSize(1);
  }

  @Test
  void anEmailThatNeverGoesThroughEndsOnTheFailureTopic() throws Exception {
    profile(true); // no SMTP server on the port at all
    AlertNotifier notifier = notifier(smtpNotifier());
    BackPainRiskAlert alert = alert(Rule.SPEED_RAMP, DAY);

    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group + "-reader");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, NotificationFailure> failures =
        new KafkaConsumer<>(
            p, new StringDeserializer(), AVRO.value(Topics.NOTIFICATION_FAILURES).deserializer())) {
      failures.subscribe(List.of(Topics.NOTIFICATION_FAILURES.name()));
      List<NotificationFailure> mine = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                failures
                    .poll(Duration.ofMillis(200))
                    .forEach(
                        r -> {
                          if (r.value().getAlertId().equals(alert.getAlertId())) {
                            mine.add(r.value());
                          }
                        });
                return !mine.isEmpty();
              });
      assertThat(mine.get(0).getAttempts()).isEqualTo(8);
      assertThat(mine.get(0).getRule()).isEqualTo("SPEED_RAMP");
      assertThat(mine.get(0).getReason()).contains("SMTP send");
    }
    await().atMost(Duration.ofSeconds(30)).until(this::groupCaughtUp);
    assertThat(notifier.alertsFailed()).isEqualTo(1);
  }

  @Test
  void aDaysAlertsGoOutAsOneEmailWithTextHtmlAndNoneWhenNotificationsAreOffOrTheAlertIsOld()
      throws Exception {
    startSmtp();
    profile(true);
    alert(Rule.DOWNHILL_RAMP, DAY);
    alert(Rule.SPEED_RAMP, DAY);
    alert(Rule.VOLUME_RAMP, DAY.minusDays(5)); // older than three days: topic only
    AlertNotifier notifier = notifier(smtpNotifier());

    await().atMost(Duration.ofSeconds(30)).until(this::groupCaughtUp);
    List<MimeMessage> mail = mailTo(smtp);
    assertThat(mail).hasSize(1);
    assertThat(mail.get(0).getSubject()).contains("downhill running", "running speed");
    assertThat(mail.get(0).getHeader("List-Unsubscribe")).isNotEmpty();
    MimeMultipart body = (MimeMultipart) mail.get(0).getContent();
    assertThat(body.getContentType()).startsWith("multipart/alternative");
    assertThat(body.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(notifier.staleAlerts()).isEqualTo(1);

    profile(false);
    alert(Rule.DOWNHILL_RAMP, DAY.plusDays(1));
    await().atMost(Duration.ofSeconds(30)).until(() -> notifier.alertsWithoutEmail() == 1);
    assertThat(mailTo(smtp)).hasSize(1);
  }

  /** An athlete id whose records land in the same partition as {@code athlete}'s. */
  private String neighbourOf(String athlete) {
    int partition = partition(athlete);
    for (int i = 0; ; i++) {
      String candidate = athlete + "-n" + i;
      if (partition(candidate) == partition) {
        return candidate;
      }
    }
  }

  /** The partition of the 3 that Kafka's default partitioner gives a key. */
  private static int partition(String key) {
    return org.apache.kafka.common.utils.Utils.toPositive(
            org.apache.kafka.common.utils.Utils.murmur2(
                key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        % 3;
  }

  private List<NotificationFailure> failuresOf(String alertId, Duration within) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group + "-reader");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, NotificationFailure> failures =
        new KafkaConsumer<>(
            p, new StringDeserializer(), AVRO.value(Topics.NOTIFICATION_FAILURES).deserializer())) {
      failures.subscribe(List.of(Topics.NOTIFICATION_FAILURES.name()));
      List<NotificationFailure> mine = new ArrayList<>();
      await()
          .atMost(within)
          .until(
              () -> {
                failures
                    .poll(Duration.ofMillis(200))
                    .forEach(
                        r -> {
                          if (r.value().getAlertId().equals(alertId)) {
                            mine.add(r.value());
                          }
                        });
                return !mine.isEmpty();
              });
      return mine;
    }
  }

  @Test
  void anAddressThatFailsAtSendDoesNotDelayAnotherAthletesEmail() throws Exception {
    startSmtp();
    // both athletes' alerts in one partition, the failing one first: the order a single
    // notifier thread meets them in
    String refused = "refused." + address;
    String other = neighbourOf(athlete);
    String otherAddress = "other." + address;
    profile(athlete, refused, true);
    profile(other, otherAddress, true);
    java.util.concurrent.atomic.AtomicInteger refusals =
        new java.util.concurrent.atomic.AtomicInteger();
    SmtpNotifier real = smtpNotifier();
    notifier(
        email -> {
          if (email.to().equals(refused)) {
            refusals.incrementAndGet(); // as a relay that refuses this one mailbox
            throw new NotificationException("550 5.1.1 " + refused + ": mailbox unavailable", null);
          }
          real.send(email);
        },
        null,
        productionSchedule(Duration.ofSeconds(5)));

    alert(athlete, Rule.DOWNHILL_RAMP, DAY);
    alert(other, Rule.SPEED_RAMP, DAY);

    // one attempt and a 1 s wait would already be too long on one thread; six take 31 s
    await().atMost(Duration.ofSeconds(10)).until(() -> mailTo(smtp, otherAddress).size() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> refusals.get() >= 2);
    // the refused alert is still in hand: its offset, and the one after it, stay uncommitted
    assertThat(groupCaughtUp()).isFalse();
    assertThat(mailTo(smtp, otherAddress)).hasSize(1);
  }

  @Test
  void aSymptomOnlyAthletesEmailIsNotHeldForATrendThatWillNotCome() throws Exception {
    startSmtp();
    profile(true);
    TrendHistory trends = new TrendHistory(KafkaConnection.plaintext(bootstrap), AVRO).start();
    closeables.add(trends);
    notifier(smtpNotifier(), trends, productionSchedule(Duration.ofSeconds(30)));

    alert(Rule.BACK_PAIN_REPORTED, DAY); // a report, and no run ever: no trend for this athlete

    await().atMost(Duration.ofSeconds(10)).until(() -> mailTo(smtp).size() == 1);
  }

  @Test
  void anEmailAboutATrendThatNeverArrivesStillGoesOutAfterTheWait() throws Exception {
    startSmtp();
    profile(true);
    TrendHistory trends = new TrendHistory(KafkaConnection.plaintext(bootstrap), AVRO).start();
    closeables.add(trends);
    notifier(smtpNotifier(), trends, productionSchedule(Duration.ofSeconds(2)));

    alert(Rule.SPEED_RAMP, DAY);

    await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(smtp).size() == 1);
    await().atMost(Duration.ofSeconds(30)).until(this::groupCaughtUp);
  }

  @Test
  void anAddressThatIsNotOnePlainMailboxIsNeverTriedAndGoesToTheFailureTopic() throws Exception {
    startSmtp();
    String withName = "Support<" + address + ">"; // written past ingest's check
    profile(athlete, withName, true);
    java.util.concurrent.atomic.AtomicInteger tries =
        new java.util.concurrent.atomic.AtomicInteger();
    SmtpNotifier real = smtpNotifier();
    AlertNotifier notifier =
        notifier(
            email -> {
              if (email.to().contains(address)) {
                tries.incrementAndGet();
              }
              real.send(email);
            },
            null,
            productionSchedule(Duration.ofSeconds(5)));
    BackPainRiskAlert alert = alert(Rule.VOLUME_RAMP, DAY);

    List<NotificationFailure> mine = failuresOf(alert.getAlertId(), Duration.ofSeconds(20));

    assertThat(mine.get(0).getAttempts()).isZero();
    assertThat(mine.get(0).getReason())
        .isEqualTo(
            "address refused before sending: a display name, brackets or a comment around the"
                + " address");
    await().atMost(Duration.ofSeconds(30)).until(this::groupCaughtUp);
    assertThat(tries.get()).isZero();
    assertThat(notifier.alertsFailed()).isEqualTo(1);
  }
}
