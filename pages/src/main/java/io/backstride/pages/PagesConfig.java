package io.backstride.pages;

import io.backstride.core.links.AthleteLinks;
import io.backstride.platform.CommonSettings;
import io.backstride.platform.EnvValues;
import io.backstride.platform.KafkaConnection;
import java.util.Map;

/**
 * The athlete pages' settings.
 *
 * @param kafka how to reach Kafka, as every service reads it ({@link CommonSettings})
 * @param links {@code BACKSTRIDE_LINK_SECRET} (required: the pages check what the emails signed),
 *     {@code BACKSTRIDE_PUBLIC_URL} (an https URL makes the session cookie {@code Secure}) and the
 *     link lifetimes, as the alerts service reads them
 * @param host {@code BACKSTRIDE_PAGES_HOST}, loopback unless a container needs {@code 0.0.0.0}
 * @param port {@code BACKSTRIDE_PAGES_PORT}, default 8083; 0 picks a free port
 * @param ingestUrl {@code BACKSTRIDE_INGEST_URL}: where pain reports and preferences are written
 * @param trendsUrl {@code BACKSTRIDE_TRENDS_URL}: any trends API instance (it forwards to the one
 *     holding the athlete)
 * @param apiToken {@code BACKSTRIDE_PAGES_API_TOKEN}: the bearer token for both APIs when their
 *     auth is on (bound to {@code *}); null without
 * @param unsubscribeMailbox {@code BACKSTRIDE_UNSUBSCRIBE_MAILBOX}: the mailbox behind the emails'
 *     {@code mailto:} unsubscribe, which the pages poll; null for none
 */
public record PagesConfig(
    KafkaConnection kafka,
    String schemaRegistryUrl,
    AthleteLinks links,
    String host,
    int port,
    String ingestUrl,
    String trendsUrl,
    String apiToken,
    UnsubscribeMailbox.Settings unsubscribeMailbox) {
  public static final String PORT = "BACKSTRIDE_PAGES_PORT";
  public static final int DEFAULT_PORT = 8083;

  /** The unsubscribe mailbox's settings, for a local stack that wires its own mailbox in. */
  public static final String UNSUBSCRIBE_MAILBOX = UnsubscribeMailbox.MAILBOX;

  public static final String UNSUBSCRIBE_MAILBOX_PASSWORD = UnsubscribeMailbox.PASSWORD;
  public static final String UNSUBSCRIBE_POLL_SECONDS = UnsubscribeMailbox.POLL_SECONDS;

  @Override
  public String toString() {
    // the token is a secret: never in a log line
    return "PagesConfig["
        + kafka.bootstrapServers()
        + ", "
        + links.publicUrl()
        + ", "
        + host
        + ":"
        + port
        + (unsubscribeMailbox == null ? "" : ", unsubscribe mailbox " + unsubscribeMailbox)
        + "]";
  }

  /**
   * @throws IllegalArgumentException naming the first variable that is missing or does not parse
   */
  public static PagesConfig fromEnv(Map<String, String> env) {
    AthleteLinks links =
        AthleteLinks.fromEnv(env)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        AthleteLinks.SECRET
                            + " is required by the athlete pages: the same secret as the alerts"
                            + " service's, at least 32 bytes (e.g. `openssl rand -hex 32`)"));
    UnsubscribeMailbox.Settings mailbox = UnsubscribeMailbox.Settings.fromEnv(env).orElse(null);
    if (links.unsubscribeMailbox() != null && mailbox == null) {
      // the emails would offer an address whose mail nobody reads: worse than offering none
      throw new IllegalArgumentException(
          AthleteLinks.UNSUBSCRIBE_MAILTO
              + " is set but "
              + UnsubscribeMailbox.MAILBOX
              + " is not: the pages must read the mailbox the emails' mailto: unsubscribe goes"
              + " to (e.g. imaps://unsubscribe@mail.example:993/INBOX), or the address must go");
    }
    return new PagesConfig(
        KafkaConnection.fromEnv(env, CommonSettings.DEFAULT_BOOTSTRAP),
        EnvValues.text(env, "BACKSTRIDE_SCHEMA_REGISTRY_URL", "http://localhost:8081"),
        links,
        EnvValues.text(env, "BACKSTRIDE_PAGES_HOST", "127.0.0.1"),
        EnvValues.port(env, PORT, DEFAULT_PORT),
        EnvValues.text(env, "BACKSTRIDE_INGEST_URL", "http://localhost:8080"),
        EnvValues.text(env, "BACKSTRIDE_TRENDS_URL", "http://localhost:8082"),
        EnvValues.text(env, "BACKSTRIDE_PAGES_API_TOKEN", null),
        mailbox);
  }

  public PagesConfig withApis(String ingestUrl, String trendsUrl) {
    return new PagesConfig(
        kafka,
        schemaRegistryUrl,
        links,
        host,
        port,
        ingestUrl,
        trendsUrl,
        apiToken,
        unsubscribeMailbox);
  }
}
