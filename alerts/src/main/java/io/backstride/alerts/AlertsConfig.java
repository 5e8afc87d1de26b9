package io.backstride.alerts;

import io.backstride.alerts.notify.AlertNotifier;
import io.backstride.alerts.rules.RuleConfig;
import io.backstride.platform.CommonSettings;
import io.backstride.platform.EnvValues;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Settings of the alerts service: defaults, overridden by environment variables (the same names in
 * README, docker-compose.yml and {@code backstride run}) unless they are blank. The five every
 * service shares are read by {@link CommonSettings}.
 */
public record AlertsConfig(
    String bootstrapServers,
    String schemaRegistryUrl,
    String applicationId,
    Path stateDir,
    String processingGuarantee,
    long commitIntervalMs,
    String smtpHost,
    int smtpPort,
    String mailFrom,
    RuleConfig rules,
    AlertNotifier.Settings notifier) {

  public static AlertsConfig fromEnv(Map<String, String> env) {
    CommonSettings common = CommonSettings.fromEnv(env);
    return new AlertsConfig(
        common.bootstrapServers(),
        common.schemaRegistryUrl(),
        EnvValues.text(env, "BACKSTRIDE_ALERTS_APPLICATION_ID", "backstride-alerts"),
        common.stateDir(),
        common.processingGuarantee(),
        common.commitIntervalMs(),
        EnvValues.text(env, "BACKSTRIDE_SMTP_HOST", "localhost"),
        EnvValues.port(env, "BACKSTRIDE_SMTP_PORT", 1025),
        EnvValues.text(env, "BACKSTRIDE_MAIL_FROM", "backstride <alerts@backstride.local>"),
        RuleConfig.fromEnv(env),
        AlertNotifier.Settings.fromEnv(env));
  }

  /** Kafka Streams properties; no default serdes, every DSL call names its own. */
  public Properties streamsProperties() {
    return new CommonSettings(
            bootstrapServers, schemaRegistryUrl, stateDir, processingGuarantee, commitIntervalMs)
        .streamsProperties(applicationId);
  }
}
