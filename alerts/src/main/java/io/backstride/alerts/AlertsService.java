package io.backstride.alerts;

import io.backstride.alerts.notify.AlertNotifier;
import io.backstride.alerts.notify.Notifier;
import io.backstride.alerts.notify.NotifierClients;
import io.backstride.alerts.notify.ProfileDirectory;
import io.backstride.alerts.notify.SmtpNotifier;
import io.backstride.alerts.notify.SymptomNotes;
import io.backstride.alerts.notify.TrendHistory;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.ServiceMain;
import io.backstride.platform.StaticMembership;
import io.backstride.platform.deadletter.DeadLetterHandler;
import io.backstride.platform.streams.StreamsRunner;
import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.registry.TopicSchemas;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * The alerts service: the rules application and the email notifier, started and stopped together.
 */
public final class AlertsService implements AutoCloseable {
  private final StreamsRunner rules;
  private final ProfileDirectory profiles;
  private final TrendHistory trends;
  private final SymptomNotes notes;
  private final AlertNotifier notifier;

  private AlertsService(
      StreamsRunner rules,
      ProfileDirectory profiles,
      TrendHistory trends,
      SymptomNotes notes,
      AlertNotifier notifier) {
    this.rules = rules;
    this.profiles = profiles;
    this.trends = trends;
    this.notes = notes;
    this.notifier = notifier;
  }

  /**
   * The topics the alerts service writes (the dead letters come from its deserialization handler):
   * their value schemas are registered at start.
   */
  public static final List<Topic<?>> WRITES =
      List.of(Topics.BACK_PAIN_ALERTS, Topics.NOTIFICATION_FAILURES, Topics.INGEST_DEAD_LETTER);

  /**
   * @param autoRegisterSchemas whether the producers may register schemas themselves ({@value
   *     TopicSchemas#AUTO_REGISTER})
   */
  public static AlertsService start(
      AlertsConfig config, SchemaRegistryClient registry, boolean autoRegisterSchemas) {
    SmtpNotifier smtp = new SmtpNotifier(config.smtp());
    // a wrong password or an untrusted certificate stops the start here, in one line; a server
    // that is down only delays the emails, which are retried
    smtp.check()
        .ifPresent(
            reason ->
                LoggerFactory.getLogger(AlertsService.class)
                    .warn("{}; the emails will be retried", reason));
    return start(config, registry, smtp, autoRegisterSchemas);
  }

  /** Registers the value schemas of {@link #WRITES}, then starts the rules and the notifier. */
  public static AlertsService start(
      AlertsConfig config,
      SchemaRegistryClient registry,
      Notifier notifier,
      boolean autoRegisterSchemas) {
    config.kafka().checkAccepted(KafkaConnection.CHECK_WAIT);
    TopicSchemas.register(registry, WRITES);
    AvroSerdes avro = new AvroSerdes(registry, autoRegisterSchemas);
    Properties properties = config.streamsProperties();
    // the service's own client: it knows the dead letter's id from the registration above
    properties.put(DeadLetterHandler.REGISTRY_CLIENT_CONFIG, registry);
    StreamsRunner rules =
        new StreamsRunner(
                "alerts",
                new AlertTopology(avro, config.rules()).build(),
                StaticMembership.apply(
                    properties,
                    StaticMembership.instanceId(config.stateDir(), config.applicationId())))
            .start(Duration.ofSeconds(60));
    ProfileDirectory profiles = new ProfileDirectory(config.kafka(), avro).start();
    TrendHistory trends = new TrendHistory(config.kafka(), avro).start();
    SymptomNotes notes = new SymptomNotes(config.kafka(), avro).start();
    String groupId = config.notifier().groupId();
    AlertNotifier alertNotifier =
        new AlertNotifier(
                NotifierClients.connect(
                    config.kafka(),
                    avro,
                    groupId,
                    StaticMembership.instanceId(config.stateDir(), groupId)),
                profiles,
                trends,
                notes,
                notifier,
                config.notifier(),
                Clock.systemUTC())
            .start();
    return new AlertsService(rules, profiles, trends, notes, alertNotifier);
  }

  public AlertNotifier notifier() {
    return notifier;
  }

  public boolean healthy() {
    return rules.healthy();
  }

  /** The rules application's state, and why it stopped if it did (alerts has no HTTP port). */
  public StreamsRunner.Health health() {
    return rules.health();
  }

  /** Healthy, and the notifier has joined its group: the whole service is at work. */
  public boolean ready() {
    return healthy() && notifier.assigned();
  }

  /** Stops the notifier, then the rules; each leaves its consumer group as it closes. */
  @Override
  public void close() {
    notifier.close();
    notes.close();
    trends.close();
    profiles.close();
    rules.close();
  }

  /** Runs the alerts service from environment variables, as in docker-compose.yml. */
  public static void main(String[] args) throws InterruptedException {
    ServiceMain.run(
        "alerts",
        ServiceMain.fromEnv(
            AlertsConfig::fromEnv, AlertsConfig::schemaRegistryUrl, AlertsService::start));
  }
}
