package io.backstride.alerts.notify;

import io.backstride.platform.EnvValues;
import io.backstride.schemas.tls.Truststore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how the notifier sends email: the server, the sender, the credentials of an
 * authenticated relay (SES, Postmark, SendGrid...), the transport security and the bounds on every
 * wait. {@link #toString()} shows the password as {@code [hidden]}.
 *
 * @param user the SMTP user, or null to send without authenticating
 * @param password the user's password, or null; set with {@code user} or not at all
 * @param connectTimeout the bound on opening the connection (and the TLS handshake)
 * @param timeout the bound on every read and write on it
 * @param truststore the certificates the server's is verified against, or null for the JVM's
 */
public record SmtpSettings(
    String host,
    int port,
    String from,
    String user,
    String password,
    Security security,
    Duration connectTimeout,
    Duration timeout,
    Truststore truststore) {

  public static final String HOST = "BACKSTRIDE_SMTP_HOST";
  public static final String PORT = "BACKSTRIDE_SMTP_PORT";
  public static final String FROM = "BACKSTRIDE_MAIL_FROM";
  public static final String USER = "BACKSTRIDE_SMTP_USER";
  public static final String PASSWORD = "BACKSTRIDE_SMTP_PASSWORD";
  public static final String SECURITY = "BACKSTRIDE_SMTP_SECURITY";
  public static final String CONNECT_TIMEOUT_MS = "BACKSTRIDE_SMTP_CONNECT_TIMEOUT_MS";
  public static final String TIMEOUT_MS = "BACKSTRIDE_SMTP_TIMEOUT_MS";
  public static final String SSL_TRUSTSTORE_LOCATION = "BACKSTRIDE_SMTP_SSL_TRUSTSTORE_LOCATION";
  public static final String SSL_TRUSTSTORE_PASSWORD = "BACKSTRIDE_SMTP_SSL_TRUSTSTORE_PASSWORD";
  public static final String SSL_TRUSTSTORE_TYPE = "BACKSTRIDE_SMTP_SSL_TRUSTSTORE_TYPE";

  public static final String DEFAULT_FROM = "backstride <alerts@backstride.local>";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** How the connection to the server is protected. */
  public enum Security {
    /** Plain SMTP: for a server on this machine or a sink like Mailpit. */
    NONE(1025),
    /** Plain SMTP that must switch to TLS before anything else, or the send fails (port 587). */
    STARTTLS(587),
    /** TLS from the first byte (port 465). */
    SMTPS(465);

    private final int defaultPort;

    Security(int defaultPort) {
      this.defaultPort = defaultPort;
    }

    /** The port used when {@value #PORT} is not set. */
    public int defaultPort() {
      return defaultPort;
    }

    static Security parse(String value) {
      try {
        return valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            SECURITY + " must be none, starttls or smtps, was '" + value + "'");
      }
    }
  }

  public SmtpSettings {
    if ((user == null) != (password == null)) {
      throw new IllegalArgumentException(
          (user == null ? PASSWORD + " is set but " + USER : USER + " is set but " + PASSWORD)
              + " is not: set both to authenticate, or neither");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException(CONNECT_TIMEOUT_MS + " must be 1 or more");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(TIMEOUT_MS + " must be 1 or more");
    }
    if (password != null && security == Security.NONE && !isLoopback(host)) {
      // AUTH over plain SMTP puts the password on the wire in base64, readable by anyone between
      throw new IllegalArgumentException(
          PASSWORD
              + " would travel unencrypted to "
              + host
              + ": set "
              + SECURITY
              + "=starttls or smtps");
    }
  }

  /** A server that needs no authentication, over plain SMTP, with the default bounds. */
  public static SmtpSettings plain(String host, int port, String from) {
    return new SmtpSettings(
        host, port, from, null, null, Security.NONE, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT, null);
  }

  /** From the {@code BACKSTRIDE_SMTP_*} variables and {@value #FROM}; blank means unset. */
  public static SmtpSettings fromEnv(Map<String, String> env) {
    Security security = Security.parse(EnvValues.text(env, SECURITY, "none"));
    return new SmtpSettings(
        EnvValues.text(env, HOST, "localhost"),
        EnvValues.port(env, PORT, security.defaultPort()),
        EnvValues.text(env, FROM, DEFAULT_FROM),
        EnvValues.text(env, USER, null),
        // a password may begin or end with a space: only blank means unset
        password(env),
        security,
        Duration.ofMillis(EnvValues.whole(env, CONNECT_TIMEOUT_MS, DEFAULT_TIMEOUT.toMillis())),
        Duration.ofMillis(EnvValues.whole(env, TIMEOUT_MS, DEFAULT_TIMEOUT.toMillis())),
        Truststore.fromEnv(
            env, SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD, SSL_TRUSTSTORE_TYPE));
  }

  /** Whether the notifier logs in. */
  public boolean authenticates() {
    return user != null;
  }

  @Override
  public String toString() {
    return "SmtpSettings[host="
        + host
        + ", port="
        + port
        + ", from="
        + from
        + ", user="
        + user
        + ", password="
        + (password == null ? null : "[hidden]")
        + ", security="
        + security
        + ", connectTimeout="
        + connectTimeout
        + ", timeout="
        + timeout
        + ", truststore="
        + truststore
        + "]";
  }

  private static String password(Map<String, String> env) {
    String value = env.get(PASSWORD);
    return value == null || value.isBlank() ? null : value;
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
