package io.backstride.pages;

import io.backstride.avro.AthleteProfile;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.Units;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.ServiceMain;
import io.backstride.platform.observe.Health;
import io.backstride.platform.observe.KafkaReachability;
import io.backstride.platform.observe.ServiceMetrics;
import io.backstride.platform.topic.CompactedTopicCache;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.registry.TopicSchemas;
import io.backstride.schemas.serde.AvroSerdes;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The athlete pages: a web server composing the other services' published interfaces (the trends
 * and ingest APIs, the alert and profile topics); it imports none of their code.
 */
public final class PagesService implements AutoCloseable {
  /** How long a page waits for the profile cache to reach the topic's end (read-your-writes). */
  private static final Duration PROFILE_WAIT = Duration.ofSeconds(3);

  private final CompactedTopicCache<AthleteProfile> profiles;
  private final AlertLog alerts;
  private final Javalin app;
  private final UnsubscribeMailbox mailbox;
  private final String url;
  private final ServiceMetrics metrics;
  private final KafkaReachability kafka;

  private PagesService(
      CompactedTopicCache<AthleteProfile> profiles,
      AlertLog alerts,
      Javalin app,
      UnsubscribeMailbox mailbox,
      String url,
      ServiceMetrics metrics,
      KafkaReachability kafka) {
    this.profiles = profiles;
    this.alerts = alerts;
    this.app = app;
    this.mailbox = mailbox;
    this.url = url;
    this.metrics = metrics;
    this.kafka = kafka;
  }

  /** Starts reading the topics and serving; returns once the server listens. */
  public static PagesService start(PagesConfig config, SchemaRegistryClient registry) {
    config.kafka().checkAccepted(KafkaConnection.CHECK_WAIT);
    // the pages register nothing: refused registry credentials would otherwise show only as
    // profiles and alerts that never load
    TopicSchemas.checkCredentials(registry, Topics.ATHLETE_PROFILES);
    AvroSerdes avro = new AvroSerdes(registry);
    CompactedTopicCache<AthleteProfile> profiles =
        new CompactedTopicCache<>(
                config.kafka(),
                Topics.ATHLETE_PROFILES.name(),
                avro.value(Topics.ATHLETE_PROFILES).deserializer())
            .start();
    AlertLog alerts =
        new AlertLog(
                config.kafka(),
                Topics.BACK_PAIN_ALERTS.name(),
                avro.value(Topics.BACK_PAIN_ALERTS).deserializer())
            .start();
    ApiClients apis = new ApiClients(config.ingestUrl(), config.trendsUrl(), config.apiToken());
    AthleteReads reads =
        new AthleteReads() {
          @Override
          public Optional<AthleteView> athlete(String athleteId) {
            return profiles.lookup(athleteId, PROFILE_WAIT).map(PagesService::view);
          }

          @Override
          public List<TrendDay> trends(String athleteId, int days) {
            return apis.trends(athleteId, days);
          }

          @Override
          public List<BackPainRiskAlert> alerts(String athleteId) {
            return alerts.of(athleteId);
          }
        };
    AthleteWrites writes =
        new AthleteWrites() {
          @Override
          public Outcome reportPain(
              String athleteId, String date, int severity, String when, String note) {
            return apis.reportPain(athleteId, date, severity, when, note);
          }

          @Override
          public Outcome updatePreferences(
              String athleteId, String units, String timeZone, Boolean emailsOn) {
            return apis.updatePreferences(athleteId, units, timeZone, emailsOn);
          }
        };
    ServiceMetrics metrics = ServiceMetrics.of("pages");
    KafkaReachability kafka = KafkaReachability.start("pages", config.kafka());
    try {
      metrics.bind(kafka.admin());
      Javalin app =
          new PagesServer(
                  config.links().tokens(),
                  reads,
                  writes,
                  Clock.systemUTC(),
                  config.links().publicUrl().startsWith("https://"))
              .observedBy(metrics, kafka.registerIn(new Health()))
              .app()
              .start(config.host(), config.port());
      String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
      // the mailto: unsubscribe turns emails off through the same write as the one-click POST
      UnsubscribeMailbox mailbox =
          config.unsubscribeMailbox() == null
              ? null
              : new UnsubscribeMailbox(
                      config.unsubscribeMailbox(),
                      config.links().tokens(),
                      writes,
                      Clock.systemUTC())
                  .countIn(metrics.registry())
                  .start();
      WarmUp.start(apis, profiles, LocalDate.now(Clock.systemUTC()));
      return new PagesService(
          profiles, alerts, app, mailbox, "http://" + host + ":" + app.port(), metrics, kafka);
    } catch (RuntimeException e) {
      alerts.close();
      profiles.close();
      kafka.close();
      metrics.close();
      throw e;
    }
  }

  static AthleteView view(AthleteProfile p) {
    return new AthleteView(
        p.getAthleteId(),
        p.getName(),
        p.getTimeZone(),
        p.getUnits() != Units.MI,
        p.getNotificationsEnabled());
  }

  /** Where the server listens (not the public URL, which may be a proxy in front of it). */
  public String url() {
    return url;
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    if (mailbox != null) {
      mailbox.close();
    }
    app.stop();
    alerts.close();
    profiles.close();
    kafka.close();
    metrics.close();
  }

  /** Runs the pages from environment variables, as in docker-compose.yml. */
  public static void main(String[] args) throws InterruptedException {
    ServiceMain.run(
        "pages",
        env -> {
          PagesConfig config = PagesConfig.fromEnv(env);
          return start(config, RestSchemaRegistryClient.fromEnv(config.schemaRegistryUrl(), env));
        });
  }
}
