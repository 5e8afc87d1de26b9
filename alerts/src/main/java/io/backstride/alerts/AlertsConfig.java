package io.backstride.alerts;

import io.backstride.alerts.notify.AlertNotifier;
import io.backstride.alerts.rules.RuleConfig;
import io.backstride.platform.EnvValues;
import io.backstride.platform.streams.StreamsRunner;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Settings of the alerts service: defaults, overridden by environment variables (the same names in
 * README, docker-compose.yml and {@code backstride run}).
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
    return new AlertsConfig(
        env.getOrDefault("BACKSTRIDE_KAFKA_BOOTSTRAP", "localhost:9092"),
        env.getOrDefault("BACKSTRIDE_SCHEMA_REGISTRY_URL", "http://localhost:8081"),
        env.getOrDefault("BACKSTRIDE_ALERTS_APPLICATION_ID", "backstride-alerts"),
        StreamsRunner.stateDirFromEnv(env),
        env.getOrDefault("BACKSTRIDE_PROCESSING_GUARANTEE", StreamsConfig.EXACTLY_ONCE_V2),
        EnvValues.whole(env, "BACKSTRIDE_COMMIT_INTERVAL_MS", 100),
        env.getOrDefault("BACKSTRIDE_SMTP_HOST", "localhost"),
        EnvValues.port(env, "BACKSTRIDE_SMTP_PORT", 1025),
        env.getOrDefault("BACKSTRIDE_MAIL_FROM", "backstride <alerts@backstride.local>"),
        RuleConfig.fromEnv(env),
        AlertNotifier.Settings.fromEnv(env));
  }

  /** Kafka Streams properties; no default serdes, every DSL call names its own. */
  public Properties streamsProperties() {
    return StreamsRunner.baseProperties(
        applicationId,
        bootstrapServers,
        stateDir,
        processingGuarantee,
        commitIntervalMs,
        schemaRegistryUrl);
  }
}
