package io.backstride.alerts;

import io.backstride.alerts.notify.AlertNotifier;
import io.backstride.alerts.notify.Notifier;
import io.backstride.alerts.notify.ProfileDirectory;
import io.backstride.alerts.notify.SmtpNotifier;
import io.backstride.alerts.notify.TrendHistory;
import io.backstride.schemas.StaticMembership;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import io.backstride.schemas.streams.StreamsRunner;
import java.time.Clock;
import java.time.Duration;

/**
 * The alerts service: the rules application and the email notifier, started and stopped together.
 */
public final class AlertsService implements AutoCloseable {
  private final StreamsRunner rules;
  private final ProfileDirectory profiles;
  private final TrendHistory trends;
  private final AlertNotifier notifier;

  private AlertsService(
      StreamsRunner rules, ProfileDirectory profiles, TrendHistory trends, AlertNotifier notifier) {
    this.rules = rules;
    this.profiles = profiles;
    this.trends = trends;
    this.notifier = notifier;
  }

  public static AlertsService start(AlertsConfig config, SchemaRegistryClient registry) {
    return start(
        config,
        registry,
        new SmtpNotifier(config.smtpHost(), config.smtpPort(), config.mailFrom()));
  }

  public static AlertsService start(
      AlertsConfig config, SchemaRegistryClient registry, Notifier notifier) {
    AvroSerdes avro = new AvroSerdes(registry);
    StreamsRunner rules =
        new StreamsRunner(
                "alerts",
                new AlertTopology(avro, config.rules()).build(),
                StaticMembership.apply(
                    config.streamsProperties(),
                    StaticMembership.instanceId(config.stateDir(), config.applicationId())))
            .start(Duration.ofSeconds(60));
    ProfileDirectory profiles = new ProfileDirectory(config.bootstrapServers(), avro).start();
    TrendHistory trends = new TrendHistory(config.bootstrapServers(), avro).start();
    AlertNotifier alertNotifier =
        new AlertNotifier(
                config.bootstrapServers(),
                avro,
                profiles,
                trends,
                notifier,
                config.notifier(),
                Clock.systemUTC(),
                StaticMembership.instanceId(config.stateDir(), config.notifier().groupId()))
            .start();
    return new AlertsService(rules, profiles, trends, alertNotifier);
  }

  public AlertNotifier notifier() {
    return notifier;
  }

  public boolean healthy() {
    return rules.healthy();
  }

  /** Healthy, and the notifier has joined its group: the whole service is at work. */
  public boolean ready() {
    return healthy() && notifier.assigned();
  }

  /** Stops the notifier, then the rules; each leaves its consumer group as it closes. */
  @Override
  public void close() {
    notifier.close();
    trends.close();
    profiles.close();
    rules.close();
  }

  /** Runs the alerts service from environment variables, as in docker-compose.yml. */
  public static void main(String[] args) {
    AlertsConfig config = AlertsConfig.fromEnv(System.getenv());
    AlertsService service = start(config, new RestSchemaRegistryClient(config.schemaRegistryUrl()));
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "alerts-shutdown"));
  }
}
