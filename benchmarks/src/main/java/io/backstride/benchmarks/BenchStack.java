package io.backstride.benchmarks;

import io.backstride.cli.Backstride;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicAdmin;
import io.backstride.platform.topic.TopicCreator;
import io.backstride.platform.topic.TopicSettings;
import io.backstride.schemas.Topic;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryClient;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

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
      TopicAdmin.ensureTopics(
          KafkaConnection.plaintext(broker.bootstrapServers()), TopicSettings.of(PARTITIONS, 1));
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

  /** Creates a topic of the harness's own (not one of the pipeline's), keyed by athlete. */
  void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      new TopicCreator(admin, Optional.of(partitions), Optional.of((short) 1))
          .ensure(List.of(Topic.events(name, Topic.Key.ATHLETE, byte[].class)));
    }
  }

  /**
   * Deletes {@code topics} and creates them again empty, with the pipeline's settings. Rounds of a
   * harness share one broker: without this, a new application id would read the summaries an
   * earlier round wrote and finish before doing the work.
   */
  void recreate(List<String> topics) throws Exception {
    try (Admin admin = admin()) {
      admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String lastProblem = "";
      boolean deleted = false;
      while (true) {
        if (!deleted) {
          Set<String> left = new HashSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
          left.retainAll(topics);
          deleted = left.isEmpty();
          lastProblem = "still listed: " + left;
        }
        if (deleted) {
          try {
            TopicAdmin.ensureTopics(
                KafkaConnection.plaintext(bootstrap()), TopicSettings.of(PARTITIONS, 1));
            if (ledEverywhere(admin, topics)) {
              return;
            }
            lastProblem = "partitions without a leader";
          } catch (IllegalStateException stillBeingDeleted) {
            // "marked for deletion": the controller has not finished; ask again below
            lastProblem = stillBeingDeleted.getMessage();
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not recreate " + topics + " within 60 s: " + lastProblem);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
  }

  /** Whether every partition of {@code topics} exists and has a leader: clients can use them. */
  private static boolean ledEverywhere(Admin admin, List<String> topics) {
    try {
      return admin
          .describeTopics(topics)
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .values()
          .stream()
          .allMatch(
              d ->
                  d.partitions().size() == PARTITIONS
                      && d.partitions().stream().allMatch(p -> p.leader() != null));
    } catch (Exception notYet) {
      return false;
    }
  }

  Admin admin() {
    Properties props = new Properties();
    props.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    return Admin.create(props);
  }

  /** Silences the broker's and clients' INFO logging before any logger exists. */
  static void quietLogging() {
    System.setProperty("log4j2.configurationFile", Backstride.CLI_LOG_CONFIG);
  }

  @Override
  public void close() {
    registry.close();
    broker.close();
  }
}
