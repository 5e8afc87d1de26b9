package io.backstride.localstack;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A real SMTP server in this JVM (GreenMail) that accepts every message and keeps it, for {@code
 * ./backstride demo} and {@code run} and for tests of the notifier: the alert emails go out over
 * SMTP exactly as in production and can be read back or written to an outbox folder.
 *
 * <p>It also serves IMAP on a free port, with one mailbox of its own, {@value
 * #UNSUBSCRIBE_ADDRESS}: the local stack's unsubscribe mailbox, which the athlete pages poll, so
 * that the emails' {@code mailto:} unsubscribe works locally as it does against a real mail server.
 */
public final class SmtpSink implements AutoCloseable {
  private static final String HOST = "127.0.0.1";
  private static final long STARTUP_TIMEOUT_MS = 30_000;

  /** Where a {@code mailto:} unsubscribe goes in the local stack; its IMAP login is this too. */
  public static final String UNSUBSCRIBE_ADDRESS = "unsubscribe@backstride.local";

  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final GreenMail greenMail;
  private final String unsubscribePassword;
  private final Set<String> exported = new HashSet<>();
  private int exportCounter;

  private SmtpSink(GreenMail greenMail, String unsubscribePassword) {
    this.greenMail = greenMail;
    this.unsubscribePassword = unsubscribePassword;
  }

  /**
   * GreenMail gives a server 2 s to open its port, which a loaded 2-core machine (a build beside
   * the run) has been seen to miss; the stack would then fail to start for want of patience.
   */
  private static ServerSetup patientStart(ServerSetup setup) {
    setup.setServerStartupTimeout(STARTUP_TIMEOUT_MS);
    return setup;
  }

  /**
   * Starts an SMTP server on 127.0.0.1.
   *
   * @param port the port, or 0 for a free one
   */
  public static SmtpSink start(int port) {
    ServerSetup smtp = new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP);
    ServerSetup imap = new ServerSetup(0, HOST, ServerSetup.PROTOCOL_IMAP).dynamicPort();
    GreenMail greenMail =
        new GreenMail(
            ServerSetup.createCopy(
                new ServerSetup[] {port == 0 ? smtp.dynamicPort() : smtp, imap},
                SmtpSink::patientStart));
    greenMail.start();
    // this run's own: nothing else on the host may read or empty the mailbox
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    greenMail.setUser(UNSUBSCRIBE_ADDRESS, UNSUBSCRIBE_ADDRESS, password);
    return new SmtpSink(greenMail, password);
  }

  /** The IMAP port of the unsubscribe mailbox (a free one, chosen at start). */
  public int imapPort() {
    return greenMail.getImap().getPort();
  }

  /**
   * The unsubscribe mailbox as the athlete pages take it ({@code BACKSTRIDE_UNSUBSCRIBE_MAILBOX}):
   * plain IMAP on the loopback interface, the login being the address.
   */
  public String unsubscribeMailboxUrl() {
    return "imap://"
        + UNSUBSCRIBE_ADDRESS.replace("@", "%40")
        + "@"
        + HOST
        + ":"
        + imapPort()
        + "/INBOX";
  }

  /** The unsubscribe mailbox's password, random per start. */
  public String unsubscribeMailboxPassword() {
    return unsubscribePassword;
  }

  public String host() {
    return HOST;
  }

  /** The port the server listens on (the actual one when started with 0). */
  public int port() {
    return greenMail.getSmtp().getPort();
  }

  /** Every message received so far, one per recipient. */
  public List<MimeMessage> received() {
    return List.of(greenMail.getReceivedMessages());
  }

  /**
   * Writes each message received since the last export as an {@code .eml} file into {@code
   * outboxDir} (created if missing), named by the time it was received, its recipient and a
   * counter, and returns the new files in the order received. A message with an HTML part also gets
   * an {@code .html} file of the same name, with its inline images ({@code cid:}) embedded as data
   * URIs, so that a browser shows it as a mail program would.
   */
  public synchronized List<Path> exportTo(Path outboxDir) {
    List<Delivered> fresh = new ArrayList<>();
    try {
      for (GreenMailUser user : greenMail.getUserManager().listUser()) {
        for (StoredMessage message :
            greenMail.getManagers().getImapHostManager().getInbox(user).getMessages()) {
          // A mailbox never reuses a uid, so mailbox + uid names one delivery for good.
          String key = user.getEmail() + "\n" + message.getUid();
          if (!exported.contains(key)) {
            fresh.add(new Delivered(key, user.getEmail(), message));
          }
        }
      }
    } catch (FolderException e) {
      throw new IllegalStateException("Cannot read the SMTP sink's mailboxes", e);
    }
    fresh.sort(
        Comparator.comparing((Delivered d) -> d.message().getReceivedDate())
            .thenComparing(d -> d.message().getUid()));
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(outboxDir);
      for (Delivered delivered : fresh) {
        written.add(write(outboxDir, delivered));
        exported.add(delivered.key());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write to the outbox " + outboxDir, e);
    }
    return written;
  }

  private Path write(Path outboxDir, Delivered delivered) throws IOException {
    String stem =
        FILE_TIME.format(delivered.message().getReceivedDate().toInstant())
            + "-"
            + safe(delivered.recipient());
    while (true) {
      Path file = outboxDir.resolve(stem + "-" + String.format("%04d", ++exportCounter) + ".eml");
      // CREATE_NEW: an outbox kept from an earlier run is never overwritten.
      try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
        delivered.message().getMimeMessage().writeTo(out);
      } catch (FileAlreadyExistsException taken) {
        continue; // try the next counter
      } catch (MessagingException e) {
        Files.deleteIfExists(file);
        throw new IOException("Cannot render the message for " + delivered.recipient(), e);
      }
      try {
        String html = browserHtml(delivered.message().getMimeMessage());
        if (html != null) {
          Files.writeString(htmlFileOf(file), html, StandardCharsets.UTF_8);
        }
        return file;
      } catch (MessagingException e) {
        // the .eml is written; a part that cannot be read only costs the browser copy
        return file;
      }
    }
  }

  /** The {@code .html} file written next to an exported {@code .eml}. */
  public static Path htmlFileOf(Path eml) {
    String name = eml.getFileName().toString();
    return eml.resolveSibling(name.substring(0, name.length() - ".eml".length()) + ".html");
  }

  /**
   * The message's HTML part with every {@code cid:} reference replaced by a data URI of the part it
   * names; null when the message has no HTML part.
   */
  static String browserHtml(MimeMessage message) throws MessagingException, IOException {
    Map<String, String> images = new HashMap<>();
    String html = collect(message, images);
    if (html == null) {
      return null;
    }
    for (Map.Entry<String, String> image : images.entrySet()) {
      html = html.replace("cid:" + image.getKey(), image.getValue());
    }
    return html;
  }

  private static String collect(Part part, Map<String, String> images)
      throws MessagingException, IOException {
    if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      String html = null;
      for (int i = 0; i < multipart.getCount(); i++) {
        String found = collect(multipart.getBodyPart(i), images);
        html = html == null ? found : html;
      }
      return html;
    }
    if (part.isMimeType("text/html")) {
      return part.getContent().toString();
    }
    String[] ids = part.getHeader("Content-ID");
    if (ids != null && ids.length > 0) {
      String id = ids[0].trim().replaceAll("^<|>$", "");
      String type = part.getContentType().split(";")[0].trim();
      try (InputStream in = part.getInputStream()) {
        images.put(
            id,
            "data:" + type + ";base64," + Base64.getEncoder().encodeToString(in.readAllBytes()));
      }
    }
    return null;
  }

  /** Letters, digits, dot, dash, underscore and @ survive; anything else becomes "_". */
  static String safe(String text) {
    String cleaned = text.replaceAll("[^A-Za-z0-9._@-]", "_");
    return cleaned.length() <= 64 ? cleaned : cleaned.substring(0, 64);
  }

  @Override
  public void close() {
    greenMail.stop();
  }

  private record Delivered(String key, String recipient, StoredMessage message) {}
}
