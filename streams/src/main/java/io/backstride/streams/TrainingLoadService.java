package io.backstride.streams;

import io.backstride.platform.KafkaConnection;
import io.backstride.platform.ServiceMain;
import io.backstride.platform.StaticMembership;
import io.backstride.platform.deadletter.DeadLetterHandler;
import io.backstride.platform.observe.Health;
import io.backstride.platform.observe.KafkaReachability;
import io.backstride.platform.observe.ServiceMetrics;
import io.backstride.platform.observe.StreamsChecks;
import io.backstride.platform.streams.StreamsRunner;
import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.registry.TopicSchemas;
import io.backstride.schemas.serde.AvroSerdes;
import io.backstride.streams.query.AthleteDays;
import io.backstride.streams.query.StreamsAthleteDays;
import io.backstride.streams.query.TrendsApi;
import io.javalin.Javalin;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link TrainingLoadTopology} until closed, with the trends endpoint ({@code GET
 * /v1/athletes/{id}/trends}) over its state stores.
 */
public final class TrainingLoadService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoadService.class);

  private final StreamsRunner runner;
  private final Javalin http;
  private final String trendsUrl;
  private final ServiceMetrics metrics;
  private final KafkaReachability kafka;

  private TrainingLoadService(
      StreamsRunner runner,
      Javalin http,
      String trendsUrl,
      ServiceMetrics metrics,
      KafkaReachability kafka) {
    this.runner = runner;
    this.http = http;
    this.trendsUrl = trendsUrl;
    this.metrics = metrics;
    this.kafka = kafka;
  }

  /** The topics training-load writes: their value schemas are registered at start. */
  public static final List<Topic<?>> WRITES =
      List.of(Topics.ACTIVITY_SUMMARIES, Topics.ATHLETE_TRENDS, Topics.INGEST_DEAD_LETTER);

  /** Starts the service with the schema defaults: producers look schemas up, never register. */
  public static TrainingLoadService start(
      TrainingLoadConfig config, SchemaRegistryClient registry) {
    return start(config, registry, false);
  }

  /**
   * Registers the value schemas of {@link #WRITES}, starts the HTTP server, so that its port (0
   * picks a free one) is known for {@code application.server}, then the Streams application;
   * requests before it runs get a 503.
   *
   * @param autoRegisterSchemas whether the producers may register schemas themselves ({@value
   *     TopicSchemas#AUTO_REGISTER})
   */
  public static TrainingLoadService start(
      TrainingLoadConfig config, SchemaRegistryClient registry, boolean autoRegisterSchemas) {
    config.kafka().checkAccepted(KafkaConnection.CHECK_WAIT);
    CoPartitioning.require(config.kafka());
    TopicSchemas.register(registry, WRITES);
    ServiceMetrics metrics = ServiceMetrics.of("training-load");
    TrainingLoadTopology topology =
        new TrainingLoadTopology(new AvroSerdes(registry, autoRegisterSchemas), config)
            .countingIn(new TrainingLoadMeters(metrics.registry()));
    AtomicReference<AthleteDays> days = new AtomicReference<>();
    AtomicReference<String> self = new AtomicReference<>("starting");
    AtomicReference<StreamsRunner> streams = new AtomicReference<>();
    Supplier<StreamsRunner.Health> health =
        () -> streams.get() == null ? null : streams.get().health();
    KafkaReachability kafka = KafkaReachability.start("training-load", config.kafka());
    metrics.bind(kafka.admin());
    Javalin http;
    try {
      http =
          new TrendsApi(days::get, self::get, config.access())
              .healthFrom(health)
              .observedBy(metrics, kafka.registerIn(StreamsChecks.register(new Health(), health)))
              .app()
              .start(config.httpHost(), config.httpPort());
    } catch (RuntimeException e) {
      kafka.close();
      metrics.close();
      throw e;
    }
    try {
      String server =
          config.applicationServer() != null
              ? config.applicationServer()
              : "localhost:" + http.port();
      Properties properties = config.streamsProperties(server);
      // the service's own client: it knows the dead letter's id from the registration above
      properties.put(DeadLetterHandler.REGISTRY_CLIENT_CONFIG, registry);
      properties.put(DeadLetterHandler.METER_REGISTRY_CONFIG, metrics.registry());
      StreamsRunner runner =
          new StreamsRunner(
              "training-load",
              topology.build(),
              StaticMembership.apply(
                  properties,
                  StaticMembership.instanceId(config.stateDir(), config.applicationId())));
      streams.set(runner);
      metrics.bind(runner.streams());
      self.set(server);
      days.set(
          new StreamsAthleteDays(
              runner.streams(), HostInfo.buildFromEndpoint(server), config.zone()));
      TrainingLoadService service =
          new TrainingLoadService(
              runner.start(StreamsRunner.START_TIMEOUT), http, "http://" + server, metrics, kafka);
      LOG.info("training-load trends at {}/v1/athletes/{{id}}/trends", service.trendsUrl());
      return service;
    } catch (RuntimeException e) {
      http.stop();
      if (streams.get() != null) {
        streams.get().close();
      }
      kafka.close();
      metrics.close();
      throw e;
    }
  }

  /** Base URL of this instance's trends endpoint, as other instances reach it. */
  public String trendsUrl() {
    return trendsUrl;
  }

  public boolean healthy() {
    return runner.healthy();
  }

  /** The Streams application itself, for its metadata and state (and to stop it in a test). */
  public KafkaStreams streams() {
    return runner.streams();
  }

  /** The Streams application's state, and why it stopped if it did. */
  public StreamsRunner.Health health() {
    return runner.health();
  }

  /**
   * Stops answering, then closes the Streams application and leaves its group at once, so that the
   * other instances take its partitions over now rather than after the session timeout.
   */
  @Override
  public void close() {
    http.stop();
    runner.close();
    kafka.close();
    metrics.close();
  }

  /** Runs the training-load application from environment variables, as in docker-compose.yml. */
  public static void main(String[] args) throws InterruptedException {
    ServiceMain.run(
        "training-load",
        ServiceMain.fromEnv(
            TrainingLoadConfig::fromEnv,
            TrainingLoadConfig::schemaRegistryUrl,
            TrainingLoadService::start));
  }
}
