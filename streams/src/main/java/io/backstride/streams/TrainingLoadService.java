package io.backstride.streams;

import io.backstride.schemas.StaticMembership;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import io.backstride.schemas.streams.StreamsRunner;
import io.backstride.streams.query.AthleteDays;
import io.backstride.streams.query.StreamsAthleteDays;
import io.backstride.streams.query.TrendsApi;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
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

  private TrainingLoadService(StreamsRunner runner, Javalin http, String trendsUrl) {
    this.runner = runner;
    this.http = http;
    this.trendsUrl = trendsUrl;
  }

  /**
   * Starts the HTTP server first, so that its port (0 picks a free one) is known for {@code
   * application.server}, then the Streams application; requests before it runs get a 503.
   */
  public static TrainingLoadService start(
      TrainingLoadConfig config, SchemaRegistryClient registry) {
    CoPartitioning.require(config.bootstrapServers());
    TrainingLoadTopology topology = new TrainingLoadTopology(new AvroSerdes(registry), config);
    AtomicReference<AthleteDays> days = new AtomicReference<>();
    AtomicReference<String> self = new AtomicReference<>("starting");
    Javalin http =
        new TrendsApi(days::get, self::get).app().start(config.httpHost(), config.httpPort());
    try {
      String server =
          config.applicationServer() != null
              ? config.applicationServer()
              : "localhost:" + http.port();
      StreamsRunner runner =
          new StreamsRunner(
              "training-load",
              topology.build(),
              StaticMembership.apply(
                  config.streamsProperties(server),
                  StaticMembership.instanceId(config.stateDir(), config.applicationId())));
      self.set(server);
      days.set(
          new StreamsAthleteDays(
              runner.streams(), HostInfo.buildFromEndpoint(server), config.zone()));
      TrainingLoadService service =
          new TrainingLoadService(runner.start(Duration.ofSeconds(60)), http, "http://" + server);
      LOG.info("training-load trends at {}/v1/athletes/{{id}}/trends", service.trendsUrl());
      return service;
    } catch (RuntimeException e) {
      http.stop();
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

  /**
   * Stops answering, then closes the Streams application and leaves its group at once, so that the
   * other instances take its partitions over now rather than after the session timeout.
   */
  @Override
  public void close() {
    http.stop();
    runner.close();
  }

  /** Runs the training-load application from environment variables, as in docker-compose.yml. */
  public static void main(String[] args) {
    TrainingLoadConfig config = TrainingLoadConfig.fromEnv(System.getenv());
    TrainingLoadService service =
        start(config, new RestSchemaRegistryClient(config.schemaRegistryUrl()));
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "training-load-shutdown"));
  }
}
