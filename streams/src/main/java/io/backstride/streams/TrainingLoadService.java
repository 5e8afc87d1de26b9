package io.backstride.streams;

import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import io.backstride.schemas.streams.StreamsRunner;
import java.time.Duration;

/** Runs {@link TrainingLoadTopology} until closed. */
public final class TrainingLoadService implements AutoCloseable {
  private final StreamsRunner runner;

  private TrainingLoadService(StreamsRunner runner) {
    this.runner = runner;
  }

  public static TrainingLoadService start(
      TrainingLoadConfig config, SchemaRegistryClient registry) {
    TrainingLoadTopology topology = new TrainingLoadTopology(new AvroSerdes(registry), config);
    StreamsRunner runner =
        new StreamsRunner("training-load", topology.build(), config.streamsProperties());
    return new TrainingLoadService(runner.start(Duration.ofSeconds(60)));
  }

  public boolean healthy() {
    return runner.healthy();
  }

  @Override
  public void close() {
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
