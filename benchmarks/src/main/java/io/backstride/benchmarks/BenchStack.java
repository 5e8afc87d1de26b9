package io.backstride.benchmarks;

import io.backstride.localstack.EmbeddedKafkaBroker;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.schemas.TopicAdmin;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryClient;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The in-process broker and schema registry a harness measures against, with the pipeline's topics
 * created as {@code backstride run} creates them (3 partitions, one replica).
 */
final class BenchStack implements AutoCloseable {
  static final int PARTITIONS = 3;

  private final EmbeddedKafkaBroker broker;
  private final SchemaRegistryServer registry;
  private final SchemaRegistryClient registryClient;

  private BenchStack(EmbeddedKafkaBroker broker, SchemaRegistryServer registry) {
    this.broker = broker;
    this.registry = registry;
    this.registryClient = new RestSchemaRegistryClient(registry.url());
  }

  static BenchStack start() {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(null);
    try {
      SchemaRegistryServer registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
      TopicAdmin.ensureTopics(broker.bootstrapServers(), PARTITIONS, (short) 1);
      return new BenchStack(broker, registry);
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  String bootstrap() {
    return broker.bootstrapServers();
  }

  String registryUrl() {
    return registry.url();
  }

  SchemaRegistryClient registryClient() {
    return registryClient;
  }

  /** Creates a topic of the harness's own (not one of the pipeline's). */
  void createTopic(String name, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  Admin admin() {
    Properties props = new Properties();
    props.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    return Admin.create(props);
  }

  /** Silences the broker's and clients' INFO logging before any logger exists. */
  static void quietLogging() {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
  }

  @Override
  public void close() {
    registry.close();
    broker.close();
  }
}
