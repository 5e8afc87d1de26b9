package io.backstride.alerts;

import io.backstride.alerts.notify.AlertNotifier;
import io.backstride.alerts.notify.Notifier;
import io.backstride.alerts.notify.NotifierClients;
import io.backstride.alerts.notify.NotifierMeters;
import io.backstride.alerts.notify.ProfileDirectory;
import io.backstride.alerts.notify.SmtpHealth;
import io.backstride.alerts.notify.SmtpNotifier;
import io.backstride.alerts.notify.SymptomNotes;
import io.backstride.alerts.notify.TrendHistory;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.ServiceMain;
import io.backstride.platform.StaticMembership;
import io.backstride.platform.deadletter.DeadLetterHandler;
import io.backstride.platform.observe.Health;
import io.backstride.platform.observe.HealthReport;
import io.backstride.platform.observe.KafkaReachability;
import io.backstride.platform.observe.ServiceMetrics;
import io.backstride.platform.observe.StreamsChecks;
import io.backstride.platform.streams.StreamsRunner;
import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.registry.TopicSchemas;
import io.backstride.schemas.serde.AvroSerdes;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;

/**
 * The alerts service: the rules application and the email notifier, started and stopped together,
 * and a small HTTP port ({@link AlertsHttp}) for {@code /metrics} and the health checks: live while
 * the rules application and the notifier loop have not stopped; ready when the rules run, Kafka
 * answers, the notifier has its partitions and the SMTP server answered recently ({@link
 * SmtpHealth}).
 */
public final class AlertsService implements AutoCloseable {
  private final StreamsRunner rules;
  private final ProfileDirectory profiles;
  private final TrendHistory trends;
  private final SymptomNotes notes;
  private final AlertNotifier notifier;
  private final Observed observed;

  /** What watches the service: its meters, health checks and the HTTP port serving both. */
  private record Observed(
      ServiceMetrics metrics,
      KafkaReachability kafka,
      SmtpHealth smtp,
      Health health,
      AtomicReference<Javalin> http) {
    void close() {
      if (http.get() != null) {
        http.get().stop();
      }
      smtp.close();
      kafka.close();
      metrics.close();
    }
  }

  private AlertsService(
      StreamsRunner rules,
      ProfileDirectory profiles,
      TrendHistory trends,
      SymptomNotes notes,
      AlertNotifier notifier,
      Observed observed) {
    this.rules = rules;
    this.profiles = profiles;
    this.trends = trends;
    this.notes = notes;
    this.notifier = notifier;
    this.observed = observed;
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
    Observed observed =
        new Observed(
            ServiceMetrics.of("alerts"),
            KafkaReachability.start("alerts", config.kafka()),
            new SmtpHealth(
                    notifier,
                    SmtpHealth.DEFAULT_MAX_AGE,
                    SmtpHealth.DEFAULT_PROBE_EVERY,
                    Clock.systemUTC())
                .start(),
            new Health(),
            new AtomicReference<>());
    try {
      return start(config, registry, autoRegisterSchemas, observed);
    } catch (RuntimeException e) {
      observed.close();
      throw e;
    }
  }

  private static AlertsService start(
      AlertsConfig config,
      SchemaRegistryClient registry,
      boolean autoRegisterSchemas,
      Observed observed) {
    ServiceMetrics metrics = observed.metrics();
    metrics.bind(observed.kafka().admin());
    AvroSerdes avro = new AvroSerdes(registry, autoRegisterSchemas);
    Properties properties = config.streamsProperties();
    // the service's own client: it knows the dead letter's id from the registration above
    properties.put(DeadLetterHandler.REGISTRY_CLIENT_CONFIG, registry);
    properties.put(DeadLetterHandler.METER_REGISTRY_CONFIG, metrics.registry());
    StreamsRunner rules =
        new StreamsRunner(
            "alerts",
            new AlertTopology(avro, config.rules()).countingIn(metrics.registry()).build(),
            StaticMembership.apply(
                properties,
                StaticMembership.instanceId(config.stateDir(), config.applicationId())));
    metrics.bind(rules.streams());
    StreamsChecks.register(observed.health(), rules::health);
    observed.kafka().registerIn(observed.health());
    // the port answers while the rules start, so that a probe sees why it is not ready yet
    observed.http().set(AlertsHttp.start(config.http(), metrics, observed.health()));
    rules.start(StreamsRunner.START_TIMEOUT);
    ProfileDirectory profiles = new ProfileDirectory(config.kafka(), avro).start();
    TrendHistory trends = new TrendHistory(config.kafka(), avro).start();
    SymptomNotes notes = new SymptomNotes(config.kafka(), avro).start();
    String groupId = config.notifier().groupId();
    NotifierClients clients =
        NotifierClients.connect(
            config.kafka(), avro, groupId, StaticMembership.instanceId(config.stateDir(), groupId));
    metrics.bind(clients.alerts()).bind(clients.failures());
    AlertNotifier alertNotifier =
        new AlertNotifier(
                clients,
                profiles,
                trends,
                notes,
                observed.smtp(),
                config.notifier(),
                Clock.systemUTC())
            .countingIn(new NotifierMeters(metrics.registry()))
            .start();
    observed
        .health()
        .live(
            "notifier",
            () ->
                alertNotifier.alive()
                    ? Optional.empty()
                    : Optional.of("the notifier loop has stopped (its error is in the log)"))
        .ready(
            "notifier-assigned",
            () ->
                alertNotifier.assigned()
                    ? Optional.empty()
                    : Optional.of("the notifier's consumer has not been given its partitions yet"))
        .ready("smtp", observed.smtp()::problem);
    return new AlertsService(rules, profiles, trends, notes, alertNotifier, observed);
  }

  public AlertNotifier notifier() {
    return notifier;
  }

  public boolean healthy() {
    return rules.healthy();
  }

  /** The rules application's state, and why it stopped if it did. */
  public StreamsRunner.Health health() {
    return rules.health();
  }

  /** What {@code /health/ready} answers: every check, and why each failed one failed. */
  public HealthReport readiness() {
    return observed.health().ready();
  }

  /** The port of {@code /metrics} and {@code /health/*} (the chosen one when the config said 0). */
  public int httpPort() {
    return observed.http().get().port();
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
    observed.close();
  }

  /** Runs the alerts service from environment variables, as in docker-compose.yml. */
  public static void main(String[] args) throws InterruptedException {
    ServiceMain.run(
        "alerts",
        ServiceMain.fromEnv(
            AlertsConfig::fromEnv, AlertsConfig::schemaRegistryUrl, AlertsService::start));
  }
}
