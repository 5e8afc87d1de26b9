package io.backstride.pages;

import io.backstride.core.links.LinkTokens;
import io.backstride.core.links.LinkTokens.Purpose;
import io.backstride.platform.EnvValues;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.FlagTerm;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailbox behind the {@code mailto:} of {@code List-Unsubscribe}: read over IMAP every few
 * seconds, each message's subject searched for a signed unsubscribe token (the one the email's
 * {@code mailto:} put there), and the emails of each valid token's athlete turned off through the
 * same write as the one-click POST ({@link AthleteWrites#updatePreferences}, ingest's API).
 *
 * <ul>
 *   <li>Only the envelope is fetched (the subject): a body is never downloaded, so a large or
 *       hostile message costs nothing, and nothing of a message is logged but the athlete id.
 *   <li>A handled message is deleted and expunged, so it is not handled twice; one with no token,
 *       or a forged, expired or wrong-purpose one, is deleted too and counted as refused. Turning
 *       off what is off changes nothing, so a second copy of one email ends the same.
 *   <li>When ingest cannot take the write (5xx, unreachable), the message stays for the next poll
 *       and the poll stops there: the next message would meet the same ingest.
 *   <li>At most {@link Settings#maxPerPoll()} messages a poll, so that a flood of mail cannot keep
 *       the poller (or ingest) busy; the rest wait for the next poll.
 *   <li>No reply is sent: the sender of an unsubscribe email can be forged, and a reply to a forged
 *       sender is backscatter. The token is the authority, as in the one-click POST.
 * </ul>
 */
final class UnsubscribeMailbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UnsubscribeMailbox.class);

  public static final String MAILBOX = "BACKSTRIDE_UNSUBSCRIBE_MAILBOX";
  public static final String PASSWORD = "BACKSTRIDE_UNSUBSCRIBE_MAILBOX_PASSWORD";
  public static final String POLL_SECONDS = "BACKSTRIDE_UNSUBSCRIBE_POLL_SECONDS";
  static final Duration DEFAULT_POLL = Duration.ofSeconds(60);
  static final int DEFAULT_MAX_PER_POLL = 100;
  private static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(20);

  /** A token as {@link LinkTokens} writes it: four dot-separated base64url/decimal fields. */
  private static final Pattern TOKEN =
      Pattern.compile("[A-Za-z0-9_-]+\\.[a-z]\\.[0-9]+\\.[A-Za-z0-9_-]{20,}");

  /**
   * Where the mailbox is and how to log in.
   *
   * @param protocol {@code imaps} (TLS from the first byte, the server's name checked against its
   *     certificate) or {@code imap} (plain text: a mailbox on the same host or network only)
   * @param password the mailbox's password ({@value #PASSWORD}); never printed
   * @param folder the folder the unsubscribe emails arrive in, {@code INBOX} by default
   */
  record Settings(
      String protocol,
      String host,
      int port,
      String user,
      String password,
      String folder,
      Duration every,
      int maxPerPoll) {
    /** Host, port, user and folder: what a log line may say about the mailbox. */
    @Override
    public String toString() {
      return protocol
          + "://"
          + user
          + "@"
          + host
          + ":"
          + port
          + "/"
          + folder
          + " (password [hidden])";
    }

    /**
     * The mailbox of {@value #MAILBOX} ({@code imaps://user@host[:port][/folder]}), its password
     * {@value #PASSWORD} and {@value #POLL_SECONDS}; empty when {@value #MAILBOX} is unset.
     *
     * @throws IllegalArgumentException naming the variable that is missing or does not parse, never
     *     quoting a password
     */
    static Optional<Settings> fromEnv(Map<String, String> env) {
      String value = EnvValues.text(env, MAILBOX, null);
      if (value == null) {
        return Optional.empty();
      }
      URI uri;
      try {
        uri = new URI(value.strip());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            MAILBOX + " must look like imaps://user@host:993/INBOX: " + e.getReason());
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String user = uri.getRawUserInfo();
      if (user != null && user.contains(":")) {
        // the URL would be printed in places a password must not reach
        throw new IllegalArgumentException(
            MAILBOX + " must not carry the password: give it in " + PASSWORD);
      }
      if (!scheme.equals("imaps") && !scheme.equals("imap")) {
        throw new IllegalArgumentException(
            MAILBOX
                + " must start with imaps:// (or imap:// for a local mailbox), was '"
                + value.strip()
                + "'");
      }
      if (uri.getHost() == null || user == null || user.isBlank()) {
        throw new IllegalArgumentException(
            MAILBOX
                + " must name the user and host, as in imaps://user@host:993/INBOX, was '"
                + value.strip()
                + "'");
      }
      // as given: a password may begin or end with a space
      String password = env.get(PASSWORD);
      if (password == null || password.isEmpty()) {
        throw new IllegalArgumentException(
            PASSWORD + " is required with " + MAILBOX + ": the mailbox's password");
      }
      String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
      int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("imaps") ? 993 : 143;
      return Optional.of(
          new Settings(
              scheme,
              uri.getHost(),
              port,
              URLDecoder.decode(user, StandardCharsets.UTF_8),
              password,
              path.isEmpty() ? "INBOX" : path,
              pollEvery(env),
              DEFAULT_MAX_PER_POLL));
    }

    private static Duration pollEvery(Map<String, String> env) {
      String value = EnvValues.text(env, POLL_SECONDS, null);
      if (value == null) {
        return DEFAULT_POLL;
      }
      try {
        long seconds = Long.parseLong(value.strip());
        if (seconds >= 1 && seconds <= 86_400) {
          return Duration.ofSeconds(seconds);
        }
      } catch (NumberFormatException e) {
        // the one message below
      }
      throw new IllegalArgumentException(
          POLL_SECONDS + " must be a whole number of seconds from 1 to 86400, was '" + value + "'");
    }
  }

  /** What one poll did. */
  record Poll(int unsubscribed, int refused, int deferred) {}

  private final Settings settings;
  private final LinkTokens tokens;
  private final AthleteWrites writes;
  private final Clock clock;
  private final Session session;
  private final AtomicLong unsubscribed = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private ScheduledExecutorService poller;

  UnsubscribeMailbox(Settings settings, LinkTokens tokens, AthleteWrites writes, Clock clock) {
    this.settings = settings;
    this.tokens = tokens;
    this.writes = writes;
    this.clock = clock;
    Properties props = new Properties();
    String p = "mail." + settings.protocol() + ".";
    props.put(p + "host", settings.host());
    props.put(p + "port", String.valueOf(settings.port()));
    props.put(p + "connectiontimeout", String.valueOf(NETWORK_TIMEOUT.toMillis()));
    props.put(p + "timeout", String.valueOf(NETWORK_TIMEOUT.toMillis()));
    props.put(p + "writetimeout", String.valueOf(NETWORK_TIMEOUT.toMillis()));
    if (settings.protocol().equals("imaps")) {
      props.put(p + "ssl.checkserveridentity", "true");
    }
    this.session = Session.getInstance(props);
  }

  /** Polls now and then every {@link Settings#every()}, on a thread of its own. */
  UnsubscribeMailbox start() {
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "unsubscribe-mailbox");
              t.setDaemon(true);
              return t;
            });
    poller.scheduleWithFixedDelay(
        this::pollLogged, 0, settings.every().toMillis(), TimeUnit.MILLISECONDS);
    LOG.info(
        "Reading unsubscribe emails from {} every {} s", settings, settings.every().toSeconds());
    return this;
  }

  private void pollLogged() {
    try {
      Poll poll = poll();
      if (poll.unsubscribed() + poll.refused() + poll.deferred() > 0) {
        LOG.info(
            "Unsubscribe mailbox: {} unsubscribed, {} refused, {} left for the next poll",
            poll.unsubscribed(),
            poll.refused(),
            poll.deferred());
      }
    } catch (MessagingException | RuntimeException e) {
      // the next poll tries again; the message names the server's answer, never the password
      LOG.warn("Cannot read the unsubscribe mailbox {}: {}", settings, e.toString());
    }
  }

  /** Reads up to {@link Settings#maxPerPoll()} messages once and handles each. */
  Poll poll() throws MessagingException {
    Store store = session.getStore(settings.protocol());
    store.connect(settings.host(), settings.port(), settings.user(), settings.password());
    try {
      Folder folder = store.getFolder(settings.folder());
      folder.open(Folder.READ_WRITE);
      int done = 0;
      int bad = 0;
      int left = 0;
      try {
        Message[] waiting = folder.search(new FlagTerm(new Flags(Flags.Flag.DELETED), false));
        Message[] batch = Arrays.copyOf(waiting, Math.min(waiting.length, settings.maxPerPoll()));
        FetchProfile envelope = new FetchProfile();
        envelope.add(FetchProfile.Item.ENVELOPE);
        folder.fetch(batch, envelope);
        for (int i = 0; i < batch.length; i++) {
          Optional<String> athlete = athleteOf(batch[i].getSubject());
          if (athlete.isEmpty()) {
            bad++;
            refused.incrementAndGet();
            batch[i].setFlag(Flags.Flag.DELETED, true);
            continue;
          }
          AthleteWrites.Outcome outcome;
          try {
            outcome = writes.updatePreferences(athlete.get(), null, null, false);
          } catch (PagesException e) {
            outcome = new AthleteWrites.Outcome(503, e.getMessage());
          }
          if (outcome.status() >= 500) {
            LOG.warn(
                "Unsubscribing athlete {} by email waits for the next poll: {}",
                athlete.get(),
                outcome.reason());
            left = batch.length - i;
            break;
          }
          if (outcome.accepted()) {
            done++;
            unsubscribed.incrementAndGet();
            LOG.info("Athlete {} unsubscribed by email", athlete.get());
          } else {
            // ingest refused for good (e.g. no such athlete): retrying would not change that
            bad++;
            refused.incrementAndGet();
            LOG.warn(
                "Unsubscribing athlete {} by email refused: {}", athlete.get(), outcome.reason());
          }
          batch[i].setFlag(Flags.Flag.DELETED, true);
        }
        left += waiting.length - batch.length;
      } finally {
        folder.close(true); // expunge: what was handled is gone for good
      }
      return new Poll(done, bad, left);
    } finally {
      store.close();
    }
  }

  /** The athlete of the first valid unsubscribe token in a subject; empty if there is none. */
  private Optional<String> athleteOf(String subject) {
    if (subject == null) {
      return Optional.empty();
    }
    Matcher m = TOKEN.matcher(subject);
    LinkTokens.Refusal why = LinkTokens.Refusal.MALFORMED;
    // a reply may quote more than one token ("Re: unsubscribe ..."): any valid one counts
    while (m.find()) {
      LinkTokens.Check check = tokens.check(m.group(), Purpose.UNSUBSCRIBE, clock.instant());
      if (check.valid()) {
        return check.athleteId();
      }
      why = check.refusal().orElseThrow();
    }
    LOG.info("An unsubscribe email without a valid token is ignored ({})", why);
    return Optional.empty();
  }

  /**
   * Shows the two counts on {@code registry} as {@code backstride_unsubscribe_mails_total}, tagged
   * {@code outcome} {@code unsubscribed} or {@code refused}: a rise in refused mails is forged or
   * stale links arriving, which an operator wants to see without reading logs.
   */
  UnsubscribeMailbox countIn(MeterRegistry registry) {
    FunctionCounter.builder(
            "backstride.unsubscribe.mails", this, UnsubscribeMailbox::unsubscribedCount)
        .tag("outcome", "unsubscribed")
        .description("mails to the unsubscribe address that turned an athlete's emails off")
        .register(registry);
    FunctionCounter.builder("backstride.unsubscribe.mails", this, UnsubscribeMailbox::refusedCount)
        .tag("outcome", "refused")
        .description("mails to the unsubscribe address deleted without an unsubscribe")
        .register(registry);
    return this;
  }

  /** Athletes unsubscribed by email since start. */
  long unsubscribedCount() {
    return unsubscribed.get();
  }

  /** Messages deleted without an unsubscribe: no token, forged, expired, or refused by ingest. */
  long refusedCount() {
    return refused.get();
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
      try {
        poller.awaitTermination(NETWORK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
