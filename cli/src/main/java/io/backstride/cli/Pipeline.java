package io.backstride.cli;

import io.backstride.alerts.AlertsConfig;
import io.backstride.alerts.AlertsService;
import io.backstride.ingest.IngestConfig;
import io.backstride.ingest.IngestService;
import io.backstride.schemas.TopicAdmin;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.registry.TopicSchemas;
import io.backstride.schemas.streams.StreamsRunner;
import io.backstride.streams.TrainingLoadConfig;
import io.backstride.streams.TrainingLoadService;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The three services of backstride in one JVM (ingest, training-load streams, alerts), configured
 * from one map of {@code BACKSTRIDE_*} variables: the same names each service reads on its own in
 * docker-compose.yml.
 */
public final class Pipeline implements AutoCloseable {
  private final IngestService ingest;
  private final TrainingLoadService trainingLoad;
  private final AlertsService alerts;

  private Pipeline(IngestService ingest, TrainingLoadService trainingLoad, AlertsService alerts) {
    this.ingest = ingest;
    this.trainingLoad = trainingLoad;
    this.alerts = alerts;
  }

  /**
   * Creates missing topics, then starts the stages downstream first, so that each is listening
   * before the one that feeds it takes requests.
   */
  public static Pipeline start(Map<String, String> env) {
    TrainingLoadConfig trainingLoadConfig = TrainingLoadConfig.fromEnv(env);
    AlertsConfig alertsConfig = AlertsConfig.fromEnv(env);
    IngestConfig ingestConfig = IngestConfig.fromEnv(env);
    TopicAdmin.ensureTopics(
        trainingLoadConfig.bootstrapServers(),
        Integer.parseInt(env.getOrDefault("BACKSTRIDE_TOPIC_PARTITIONS", "3")),
        Short.parseShort(env.getOrDefault("BACKSTRIDE_TOPIC_REPLICATION", "1")));
    SchemaRegistryClient registry =
        RestSchemaRegistryClient.fromEnv(trainingLoadConfig.schemaRegistryUrl(), env);
    boolean autoRegister = TopicSchemas.autoRegister(env);
    AlertsService alerts = AlertsService.start(alertsConfig, registry, autoRegister);
    TrainingLoadService trainingLoad = null;
    try {
      trainingLoad = TrainingLoadService.start(trainingLoadConfig, registry, autoRegister);
      return new Pipeline(
          IngestService.start(ingestConfig, registry, autoRegister), trainingLoad, alerts);
    } catch (RuntimeException e) {
      if (trainingLoad != null) {
        trainingLoad.close();
      }
      alerts.close();
      throw e;
    }
  }

  public String ingestUrl() {
    return ingest.url();
  }

  public AlertsService alerts() {
    return alerts;
  }

  public boolean healthy() {
    return trainingLoad.healthy() && alerts.healthy();
  }

  /** The Streams applications' states (training-load, alerts), with why one stopped if it did. */
  public List<StreamsRunner.Health> health() {
    return List.of(trainingLoad.health(), alerts.health());
  }

  /** One line naming each stage that is down, its state and cause; empty when all are up. */
  public String whyUnhealthy() {
    return health().stream()
        .filter(h -> !h.healthy())
        .map(h -> h.name() + " is " + h.state() + (h.cause() == null ? "" : ": " + h.cause()))
        .collect(Collectors.joining("; "));
  }

  /** Stops the stages upstream first, so nothing is left half-way in a stage that is gone. */
  @Override
  public void close() {
    ingest.close();
    trainingLoad.close();
    alerts.close();
  }
}
