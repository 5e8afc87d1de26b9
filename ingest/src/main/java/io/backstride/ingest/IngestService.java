package io.backstride.ingest;

import io.backstride.avro.AthleteProfile;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.ServiceMain;
import io.backstride.platform.observe.KafkaReachability;
import io.backstride.platform.observe.ServiceMetrics;
import io.backstride.platform.topic.CompactedTopicCache;
import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.registry.TopicSchemas;
import io.backstride.schemas.serde.AvroSerdes;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running ingest service: a Kafka producer and the HTTP API on top of it. Writes {@code
 * activity-samples.v1}, {@code athlete-profiles.v1} and {@code symptom-reports.v1}; reads {@code
 * athlete-profiles.v1} back (a {@link CompactedTopicCache}) to answer profile GETs. {@link #main}
 * runs it from the environment (see {@link IngestConfig}), as docker-compose does.
 */
public final class IngestService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

  private final IngestConfig config;
  private final KafkaActivityPublisher publisher;
  private final CompactedTopicCache<AthleteProfile> profiles;
  private final Javalin app;
  private final Observed observed;

  /** The service's metrics and its Kafka probe, closed after everything they watch. */
  private record Observed(ServiceMetrics metrics, KafkaReachability kafka) {
    void close() {
      kafka.close();
      metrics.close();
    }
  }

  private IngestService(
      IngestConfig config,
      KafkaActivityPublisher publisher,
      CompactedTopicCache<AthleteProfile> profiles,
      Javalin app,
      Observed observed) {
    this.config = config;
    this.publisher = publisher;
    this.profiles = profiles;
    this.app = app;
    this.observed = observed;
  }

  /** The topics ingest writes: their value schemas are registered at start. */
  public static final List<Topic<?>> WRITES =
      List.of(Topics.ACTIVITY_SAMPLES, Topics.ATHLETE_PROFILES, Topics.SYMPTOM_REPORTS);

  /**
   * Starts the service with the schema defaults: producers look schemas up, never register them.
   */
  public static IngestService start(IngestConfig config, SchemaRegistryClient registry) {
    return start(config, registry, false);
  }

  /**
   * Registers the value schemas of {@link #WRITES} while it makes the producer, the profile cache
   * and the HTTP application, and starts the HTTP server once all of them are done: from its first
   * answer an upload gets its 202. Port 0 in {@code config} picks a free port.
   *
   * @param autoRegisterSchemas whether the producer may register schemas itself ({@value
   *     TopicSchemas#AUTO_REGISTER})
   */
  public static IngestService start(
      IngestConfig config, SchemaRegistryClient registry, boolean autoRegisterSchemas) {
    config.kafka().checkAccepted(KafkaConnection.CHECK_WAIT);
    // The registrations are round trips to the registry (after a restart its first requests, so
    // slow); nothing made below needs them before the first record is written, after the join.
    CompletableFuture<Void> schemas =
        CompletableFuture.runAsync(
            () -> TopicSchemas.register(registry, WRITES), IngestService::registrationThread);
    AvroSerdes serdes = new AvroSerdes(registry, autoRegisterSchemas);
    KafkaActivityPublisher publisher = null;
    CompactedTopicCache<AthleteProfile> profiles = null;
    Observed observed = null;
    try {
      publisher = KafkaActivityPublisher.create(config.kafka(), serdes, config.ackTimeout());
      profiles =
          new CompactedTopicCache<>(
                  config.kafka(),
                  Topics.ATHLETE_PROFILES.name(),
                  serdes.value(Topics.ATHLETE_PROFILES).deserializer())
              .start();
      // A GET right after a PUT must see it; waiting longer than a request would wait for Kafka
      // helps nobody.
      Duration lookupWait = config.ackTimeout();
      CompactedTopicCache<AthleteProfile> cache = profiles;
      ProfileLookup lookup = athleteId -> cache.lookup(athleteId, lookupWait);
      observed =
          new Observed(
              ServiceMetrics.of("ingest"), KafkaReachability.start("ingest", config.kafka()));
      observed.metrics().bind(publisher.producer()).bind(observed.kafka().admin());
      IngestApi api =
          new IngestApi(
              config,
              ActivityReaders.withMaxBytes(config.maxBodyBytes()),
              publisher,
              lookup,
              Clock.systemUTC(),
              observed.metrics());
      observed.kafka().registerIn(api.health());
      Javalin app = api.app();
      registered(schemas);
      app.start(config.host(), config.port());
      IngestService service = new IngestService(config, publisher, profiles, app, observed);
      LOG.info(
          "ingest listening on {}, producing to {}",
          service.url(),
          config.kafka().bootstrapServers());
      if (config.authEnabled()) {
        LOG.info("bearer-token auth on, {} tokens configured", config.tokens().size());
      } else {
        LOG.warn(
            "bearer-token auth is OFF: anyone who can reach {} may write for any athlete;"
                + " set {} (and {}=on) outside a local demo",
            service.url(),
            IngestConfig.TOKENS,
            IngestConfig.AUTH);
      }
      return service;
    } catch (RuntimeException e) {
      if (profiles != null) {
        profiles.close();
      }
      if (publisher != null) {
        publisher.close();
      }
      if (observed != null) {
        observed.close();
      }
      throw e;
    }
  }

  private static void registrationThread(Runnable registration) {
    Thread t = new Thread(registration, "ingest-schema-registration");
    t.setDaemon(true);
    t.start();
  }

  /** Waits for the schema registrations; their own exception if they failed. */
  private static void registered(CompletableFuture<Void> schemas) {
    try {
      schemas.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("The schemas of " + WRITES + " were not registered", e);
    }
  }

  /** The port the server listens on (the chosen one when the config said 0). */
  public int port() {
    return app.port();
  }

  /** The base URL to call, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    // A wildcard address is where to listen, not where to connect.
    String host =
        config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** Stops taking requests first, then flushes and closes the producer. */
  @Override
  public void close() {
    app.stop();
    profiles.close();
    publisher.close();
    observed.close();
  }

  /** Runs the service from the {@code BACKSTRIDE_*} environment until the JVM is stopped. */
  public static void main(String[] args) throws InterruptedException {
    ServiceMain.run(
        "ingest",
        ServiceMain.fromEnv(
            IngestConfig::fromEnv, c -> c.schemaRegistryUrl().toString(), IngestService::start));
  }
}
