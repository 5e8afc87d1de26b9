package io.backstride.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.backstride.core.links.AthleteLinks;
import io.backstride.core.links.LinkTokens;
import io.backstride.core.links.LinkTokens.Purpose;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The unsubscribe mailbox read from a real IMAP server (GreenMail), ingest's writes recorded. */
class UnsubscribeMailboxTest {
  private static final Instant NOW = Instant.parse("2026-04-13T18:00:00Z");
  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final LinkTokens TOKENS = LinkTokens.withSecret(SECRET);
  private static final String MAILBOX = "unsubscribe@runs.example";

  private GreenMail mail;
  private final List<String> written = new ArrayList<>();
  private int ingestStatus = 200;

  @BeforeEach
  void start() {
    mail =
        new GreenMail(
            new ServerSetup[] {
              new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
              new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()
            });
    mail.start();
    mail.setUser(MAILBOX, "unsubscribe", "mailbox-password");
  }

  @AfterEach
  void stop() {
    mail.stop();
  }

  private UnsubscribeMailbox mailbox(int maxPerPoll) {
    AthleteWrites writes =
        new AthleteWrites() {
          @Override
          public Outcome reportPain(
              String athleteId, String date, int severity, String when, String note) {
            throw new AssertionError("the mailbox reports no pain");
          }

          @Override
          public Outcome updatePreferences(
              String athleteId, String units, String timeZone, Boolean emailsOn) {
            written.add(athleteId + " " + units + " " + timeZone + " " + emailsOn);
            if (ingestStatus == -1) {
              throw new PagesException("We cannot reach the ingest API right now.", null);
            }
            return new Outcome(ingestStatus, ingestStatus == 200 ? null : "refused");
          }
        };
    UnsubscribeMailbox.Settings settings =
        new UnsubscribeMailbox.Settings(
            "imap",
            "127.0.0.1",
            mail.getImap().getPort(),
            "unsubscribe",
            "mailbox-password",
            "INBOX",
            Duration.ofSeconds(60),
            maxPerPoll);
    return new UnsubscribeMailbox(settings, TOKENS, writes, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** Sends as a mail client does from the email's mailto: to the address, with its subject. */
  private void send(String subject) {
    GreenMailUtil.sendTextEmail(
        MAILBOX,
        "ana@example.org",
        subject,
        "sent by a mail client",
        mail.getSmtp().getServerSetup());
  }

  private String subjectOfEmailTo(String athleteId) {
    AthleteLinks links =
        new AthleteLinks(
            "https://runs.example", TOKENS, Duration.ofDays(30), Duration.ofDays(365), MAILBOX);
    String mailto = links.unsubscribeMailto(athleteId, NOW.minus(Duration.ofDays(3)));
    // what a mail client makes of ?subject=...: the percent-decoded value
    return java.net.URLDecoder.decode(
        mailto.substring(mailto.indexOf("?subject=") + 9), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void theEmailOfAMailtoTurnsEmailsOffAndIsThenGoneFromTheMailbox() throws Exception {
    UnsubscribeMailbox mailbox = mailbox(100);
    send(subjectOfEmailTo("ana"));

    assertThat(mailbox.poll()).isEqualTo(new UnsubscribeMailbox.Poll(1, 0, 0));
    assertThat(written).containsExactly("ana null null false");
    assertThat(mail.getManagers().getImapHostManager().getInbox(user()).getMessageCount()).isZero();

    // handled and expunged: the next poll finds nothing to do again
    assertThat(mailbox.poll()).isEqualTo(new UnsubscribeMailbox.Poll(0, 0, 0));
    assertThat(written).hasSize(1);
    assertThat(mailbox.unsubscribedCount()).isEqualTo(1);
  }

  @Test
  void aSecondCopyWritesOffAgainWhichChangesNothing() throws Exception {
    UnsubscribeMailbox mailbox = mailbox(100);
    String subject = subjectOfEmailTo("ana");
    send(subject);
    send("Re: " + subject);

    assertThat(mailbox.poll()).isEqualTo(new UnsubscribeMailbox.Poll(2, 0, 0));
    // the same write as the one-click POST's, and the same answer to a repeat: off stays off
    assertThat(written).containsExactly("ana null null false", "ana null null false");
  }

  @Test
  void forgedExpiredOtherPurposeAndMissingTokensChangeNothingAndAreCounted() throws Exception {
    UnsubscribeMailbox mailbox = mailbox(100);
    String good = subjectOfEmailTo("ana").substring("unsubscribe ".length());
    String forged = good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BB" : "AA");
    String[] parts = good.split("\\.");
    String otherAthlete =
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("bob".getBytes())
            + "."
            + parts[1]
            + "."
            + parts[2]
            + "."
            + parts[3];
    String expired =
        TOKENS.sign(
            "ana", Purpose.UNSUBSCRIBE, NOW.minus(Duration.ofDays(400)), Duration.ofDays(365));
    String pages = TOKENS.sign("ana", Purpose.PAGES, NOW, Duration.ofDays(30));
    send("unsubscribe " + forged);
    send("unsubscribe " + otherAthlete);
    send("unsubscribe " + expired);
    send("unsubscribe " + pages);
    send("unsubscribe");
    send("Undeliverable: your message");

    assertThat(mailbox.poll()).isEqualTo(new UnsubscribeMailbox.Poll(0, 6, 0));
    assertThat(written).isEmpty();
    assertThat(mailbox.refusedCount()).isEqualTo(6);
    assertThat(mail.getManagers().getImapHostManager().getInbox(user()).getMessageCount()).isZero();
  }

  @Test
  void whileIngestIsDownTheEmailWaitsForTheNextPoll() throws Exception {
    UnsubscribeMailbox mailbox = mailbox(100);
    send(subjectOfEmailTo("ana"));
    send(subjectOfEmailTo("bob"));
    ingestStatus = -1;

    assertThat(mailbox.poll()).isEqualTo(new UnsubscribeMailbox.Poll(0, 0, 2));
    assertThat(written).containsExactly("ana null null false");
    assertThat(mail.getManagers().getImapHostManager().getInbox(user()).getMessageCount())
        .isEqualTo(2);

    ingestStatus = 200;
    written.clear();
    assertThat(mailbox.poll()).isEqualTo(new UnsubscribeMailbox.Poll(2, 0, 0));
    assertThat(written).containsExactlyInAnyOrder("ana null null false", "bob null null false");
  }

  @Test
  void anAthleteIngestRefusesIsDroppedNotRetried() throws Exception {
    UnsubscribeMailbox mailbox = mailbox(100);
    send(subjectOfEmailTo("gone"));
    ingestStatus = 404;

    assertThat(mailbox.poll()).isEqualTo(new UnsubscribeMailbox.Poll(0, 1, 0));
    assertThat(mail.getManagers().getImapHostManager().getInbox(user()).getMessageCount()).isZero();
  }

  @Test
  void aPollHandlesAtMostItsBoundAndLeavesTheRest() throws Exception {
    UnsubscribeMailbox mailbox = mailbox(2);
    send(subjectOfEmailTo("ana"));
    send(subjectOfEmailTo("bob"));
    send(subjectOfEmailTo("cleo"));

    assertThat(mailbox.poll()).isEqualTo(new UnsubscribeMailbox.Poll(2, 0, 1));
    assertThat(written).hasSize(2);
    assertThat(mailbox.poll()).isEqualTo(new UnsubscribeMailbox.Poll(1, 0, 0));
    assertThat(written).hasSize(3);
  }

  @Test
  void theSettingsAreReadFromOneUrlAndThePasswordIsNeverPrinted() {
    assertThat(UnsubscribeMailbox.Settings.fromEnv(Map.of())).isEmpty();
    UnsubscribeMailbox.Settings s =
        UnsubscribeMailbox.Settings.fromEnv(
                Map.of(
                    UnsubscribeMailbox.MAILBOX,
                    "imaps://unsubscribe%40runs.example@mail.runs.example",
                    UnsubscribeMailbox.PASSWORD,
                    "s3cret-pw"))
            .orElseThrow();
    assertThat(s)
        .extracting(
            UnsubscribeMailbox.Settings::protocol,
            UnsubscribeMailbox.Settings::host,
            UnsubscribeMailbox.Settings::port,
            UnsubscribeMailbox.Settings::user,
            UnsubscribeMailbox.Settings::folder,
            UnsubscribeMailbox.Settings::every)
        .containsExactly(
            "imaps",
            "mail.runs.example",
            993,
            "unsubscribe@runs.example",
            "INBOX",
            Duration.ofSeconds(60));
    assertThat(s.toString()).doesNotContain("s3cret-pw").contains("[hidden]");

    assertThat(
            UnsubscribeMailbox.Settings.fromEnv(
                    Map.of(
                        UnsubscribeMailbox.MAILBOX, "imap://u@localhost:3143/Unsubscribe",
                        UnsubscribeMailbox.PASSWORD, "pw",
                        UnsubscribeMailbox.POLL_SECONDS, "5"))
                .orElseThrow())
        .extracting(
            UnsubscribeMailbox.Settings::port,
            UnsubscribeMailbox.Settings::folder,
            UnsubscribeMailbox.Settings::every)
        .containsExactly(3143, "Unsubscribe", Duration.ofSeconds(5));

    assertThatThrownBy(
            () ->
                UnsubscribeMailbox.Settings.fromEnv(
                    Map.of(UnsubscribeMailbox.MAILBOX, "imaps://u:s3cret-pw@mail.runs.example")))
        .hasMessage(
            "BACKSTRIDE_UNSUBSCRIBE_MAILBOX must not carry the password: give it in"
                + " BACKSTRIDE_UNSUBSCRIBE_MAILBOX_PASSWORD");
    assertThatThrownBy(
            () ->
                UnsubscribeMailbox.Settings.fromEnv(
                    Map.of(UnsubscribeMailbox.MAILBOX, "imaps://u@mail.runs.example")))
        .hasMessageStartingWith("BACKSTRIDE_UNSUBSCRIBE_MAILBOX_PASSWORD is required");
    assertThatThrownBy(
            () ->
                UnsubscribeMailbox.Settings.fromEnv(
                    Map.of(
                        UnsubscribeMailbox.MAILBOX, "pop3://u@mail.runs.example",
                        UnsubscribeMailbox.PASSWORD, "pw")))
        .hasMessageStartingWith("BACKSTRIDE_UNSUBSCRIBE_MAILBOX must start with imaps://");
  }

  @Test
  void aMailtoWithoutAMailboxTheyReadIsRefusedByThePages() {
    assertThatThrownBy(
            () ->
                PagesConfig.fromEnv(
                    Map.of(
                        AthleteLinks.SECRET, SECRET,
                        AthleteLinks.UNSUBSCRIBE_MAILTO, MAILBOX)))
        .hasMessageStartingWith(
            "BACKSTRIDE_UNSUBSCRIBE_MAILTO is set but BACKSTRIDE_UNSUBSCRIBE_MAILBOX is not");
    PagesConfig both =
        PagesConfig.fromEnv(
            Map.of(
                AthleteLinks.SECRET,
                SECRET,
                AthleteLinks.UNSUBSCRIBE_MAILTO,
                MAILBOX,
                UnsubscribeMailbox.MAILBOX,
                "imaps://unsubscribe@mail.runs.example",
                UnsubscribeMailbox.PASSWORD,
                "s3cret-pw"));
    assertThat(both.unsubscribeMailbox().host()).isEqualTo("mail.runs.example");
    assertThat(both.toString()).doesNotContain("s3cret-pw");
  }

  private com.icegreen.greenmail.user.GreenMailUser user() {
    return mail.getUserManager().getUser("unsubscribe");
  }
}
