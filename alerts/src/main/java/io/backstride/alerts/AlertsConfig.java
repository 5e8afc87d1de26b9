package io.backstride.alerts;

import io.backstride.alerts.notify.AlertEmails;
import io.backstride.alerts.notify.SmtpSettings;
import io.backstride.alerts.rules.RuleConfig;
import io.backstride.core.links.AthleteLinks;
import io.backstride.platform.CommonSettings;
import io.backstride.platform.EnvValues;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Settings of the alerts service: defaults, overridden by environment variables (the same names in
 * README, docker-compose.yml and {@code backstride run}) unless they are blank. The five every
 * service shares are read by {@link CommonSettings}.
 */
public record AlertsConfig(
    KafkaConnection kafka,
    TopicSettings topics,
    String schemaRegistryUrl,
    String applicationId,
    Path stateDir,
    String processingGuarantee,
    long commitIntervalMs,
    SmtpSettings smtp,
    RuleConfig rules,
    NotifierSettings notifier,
    AlertsHttp.Settings http) {

  public static AlertsConfig fromEnv(Map<String, String> env) {
    CommonSettings common = CommonSettings.fromEnv(env);
    return new AlertsConfig(
        common.kafka(),
        common.topics(),
        common.schemaRegistryUrl(),
        EnvValues.text(env, "BACKSTRIDE_ALERTS_APPLICATION_ID", "backstride-alerts"),
        common.stateDir(),
        common.processingGuarantee(),
        common.commitIntervalMs(),
        SmtpSettings.fromEnv(env),
        RuleConfig.fromEnv(env),
        NotifierSettings.fromEnv(env),
        AlertsHttp.Settings.fromEnv(env));
  }

  /** Kafka Streams properties; no default serdes, every DSL call names its own. */
  public Properties streamsProperties() {
    return new CommonSettings(
            kafka, topics, schemaRegistryUrl, stateDir, processingGuarantee, commitIntervalMs)
        .streamsProperties(applicationId);
  }

  /**
   * The email notifier's settings.
   *
   * @param groupId the notifier's consumer group, apart from the rules application's
   * @param maxAttempts tries per email before it goes to the failure topic
   * @param firstBackoff wait after the first failure; doubles with every further one ...
   * @param maxBackoff ... up to this
   * @param profileWait how long to let the profile directory (and the trend history) catch up
   *     before deciding that an athlete has no address (or no chart)
   * @param groupingDelay how long to keep collecting alerts after the first of a batch
   * @param maxAgeDays only alerts about the athlete's last this many days are emailed (3)
   * @param preferencesUrl the preferences link; {@code {id}} becomes the athlete id
   * @param links the signed links to the athlete pages, or null (no link secret): then the email
   *     links to {@code preferencesUrl}
   */
  public record NotifierSettings(
      String groupId,
      int maxAttempts,
      Duration firstBackoff,
      Duration maxBackoff,
      Duration profileWait,
      Duration groupingDelay,
      int maxAgeDays,
      String preferencesUrl,
      AthleteLinks links) {
    public static final NotifierSettings DEFAULTS =
        new NotifierSettings(
            "backstride-notifier",
            6,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            3,
            AlertEmails.DEFAULT_PREFERENCES_URL,
            null);

    /**
     * Defaults overridden by {@code BACKSTRIDE_NOTIFY_MAX_AGE_DAYS}, {@code
     * BACKSTRIDE_NOTIFY_MAX_ATTEMPTS}, {@code BACKSTRIDE_NOTIFY_GROUPING_MS} and {@code
     * BACKSTRIDE_PREFERENCES_URL}; links to the athlete pages with {@code BACKSTRIDE_LINK_SECRET}
     * (see {@link AthleteLinks#fromEnv}).
     */
    public static NotifierSettings fromEnv(Map<String, String> env) {
      NotifierSettings d = DEFAULTS;
      return new NotifierSettings(
          d.groupId(),
          EnvValues.integer(env, "BACKSTRIDE_NOTIFY_MAX_ATTEMPTS", d.maxAttempts()),
          d.firstBackoff(),
          d.maxBackoff(),
          d.profileWait(),
          Duration.ofMillis(
              EnvValues.whole(env, "BACKSTRIDE_NOTIFY_GROUPING_MS", d.groupingDelay().toMillis())),
          EnvValues.integer(env, "BACKSTRIDE_NOTIFY_MAX_AGE_DAYS", d.maxAgeDays()),
          env.getOrDefault("BACKSTRIDE_PREFERENCES_URL", d.preferencesUrl()),
          AthleteLinks.fromEnv(env).orElse(null));
    }
  }
}
