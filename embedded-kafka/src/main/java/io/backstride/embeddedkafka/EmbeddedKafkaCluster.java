package io.backstride.embeddedkafka;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real multi-broker KRaft cluster inside this JVM, for the tests and the chaos harness that take
 * brokers away: one dedicated controller and {@code n} brokers, all on 127.0.0.1. Every topic,
 * including the internal ones (consumer offsets, transaction state) and the ones Kafka Streams
 * creates, gets {@code n} replicas by default, and a write with {@code acks=all} needs {@code
 * minInsyncReplicas} of them.
 *
 * <p>The controller is never taken away: it stands for a controller quorum that outlives the
 * brokers, so that losing brokers is the only fault. A broker is {@linkplain #kill killed} without
 * a controlled shutdown: it does not hand its leaderships over first, so the controller only learns
 * of the loss when the broker's heartbeats stop, as after a crash. It can then be {@linkplain
 * #restart restarted} on the same directory and port, and catches up as a follower.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
  private static final String HOST = "127.0.0.1";
  private static final String CLIENT_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final int CONTROLLER_ID = 3000;

  /**
   * How long a broker may miss heartbeats before the controller fences it: short, so that a killed
   * broker leaves the in-sync replicas within seconds rather than the production default.
   */
  private static final int SESSION_TIMEOUT_MS = 3000;

  private final Path root;
  private final boolean temporary;
  private final String clusterId;
  private final int minInsyncReplicas;
  private final int controllerPort;
  private final int[] clientPorts;
  private final KafkaRaftServer controller;
  private final KafkaRaftServer[] brokers;
  private volatile Duration startTime;

  private EmbeddedKafkaCluster(
      Path root,
      boolean temporary,
      String clusterId,
      int minInsyncReplicas,
      int controllerPort,
      int[] clientPorts,
      KafkaRaftServer controller) {
    this.root = root;
    this.temporary = temporary;
    this.clusterId = clusterId;
    this.minInsyncReplicas = minInsyncReplicas;
    this.controllerPort = controllerPort;
    this.clientPorts = clientPorts;
    this.controller = controller;
    this.brokers = new KafkaRaftServer[clientPorts.length];
  }

  /**
   * Starts the controller, then the brokers side by side; returns once every broker accepts
   * clients.
   *
   * @param brokerCount brokers, and replicas per topic
   * @param minInsyncReplicas replicas an {@code acks=all} write needs (below {@code brokerCount},
   *     so that one broker can be lost)
   * @param dataDir where each node keeps its log ({@code dataDir/node-<id>}), or null for a
   *     temporary directory deleted on {@link #close()}
   */
  public static EmbeddedKafkaCluster start(int brokerCount, int minInsyncReplicas, Path dataDir) {
    if (brokerCount < 1 || minInsyncReplicas < 1 || minInsyncReplicas > brokerCount) {
      throw new IllegalArgumentException(
          "A cluster of "
              + brokerCount
              + " brokers cannot require "
              + minInsyncReplicas
              + " in-sync replicas");
    }
    long started = System.nanoTime();
    boolean temporary = dataDir == null;
    Path root =
        EmbeddedKafkaBroker.dataDirectory(
            dataDir, "backstride-kafka-cluster-", "Kafka cluster directory");
    int[] clientPorts = new int[brokerCount];
    for (int i = 0; i < brokerCount; i++) {
      clientPorts[i] = EmbeddedKafkaBroker.freePortOtherThan(Arrays.copyOf(clientPorts, i));
    }
    int controllerPort = EmbeddedKafkaBroker.freePortOtherThan(clientPorts);
    String clusterId = Uuid.randomUuid().toString();
    EmbeddedKafkaCluster cluster = null;
    try {
      KafkaRaftServer controller =
          startNode(
              controllerProperties(root, controllerPort, brokerCount, minInsyncReplicas),
              clusterId);
      cluster =
          new EmbeddedKafkaCluster(
              root,
              temporary,
              clusterId,
              minInsyncReplicas,
              controllerPort,
              clientPorts,
              controller);
      // A broker's start blocks until the controller has unfenced it: side by side, the cluster
      // is up in the time of one broker.
      EmbeddedKafkaCluster starting = cluster;
      CompletableFuture.allOf(
              IntStream.range(0, brokerCount)
                  .mapToObj(i -> CompletableFuture.runAsync(() -> starting.restart(i)))
                  .toArray(CompletableFuture[]::new))
          .join();
      cluster.startTime = Duration.ofNanos(System.nanoTime() - started);
      return cluster;
    } catch (RuntimeException e) {
      if (cluster != null) {
        cluster.shutDownAll();
      }
      if (temporary) {
        EmbeddedKafkaBroker.deleteRecursively(root);
      }
      throw new IllegalStateException("The embedded Kafka cluster did not start in " + root, e);
    }
  }

  /** The {@code bootstrap.servers} of every broker, e.g. {@code 127.0.0.1:401,127.0.0.1:402}. */
  public String bootstrapServers() {
    return IntStream.of(clientPorts).mapToObj(p -> HOST + ":" + p).collect(Collectors.joining(","));
  }

  /** The number of brokers, running or not. */
  public int size() {
    return brokers.length;
  }

  /** How long {@link #start} took, from formatting to every broker accepting clients. */
  public Duration startTime() {
    return startTime;
  }

  /** Whether broker {@code index} (0-based) is running. */
  public synchronized boolean isRunning(int index) {
    return brokers[index] != null;
  }

  /** The broker ids of the running brokers; broker {@code index} has id {@code index + 1}. */
  public synchronized List<Integer> runningBrokerIds() {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < brokers.length; i++) {
      if (brokers[i] != null) {
        ids.add(i + 1);
      }
    }
    return ids;
  }

  /**
   * Stops broker {@code index} (0-based) without a controlled shutdown: its partitions keep it as
   * leader until the controller fences it for missed heartbeats. Does nothing if it is stopped.
   */
  public void kill(int index) {
    KafkaRaftServer broker;
    synchronized (this) {
      broker = brokers[index];
      brokers[index] = null;
    }
    if (broker != null) {
      broker.shutdown();
      broker.awaitShutdown();
    }
  }

  /**
   * Starts broker {@code index} (0-based) again on its directory and port; returns once it is
   * unfenced. Does nothing if it is running.
   */
  public void restart(int index) {
    synchronized (this) {
      if (brokers[index] != null) {
        return;
      }
    }
    KafkaRaftServer broker =
        startNode(
            brokerProperties(
                root, index + 1, clientPorts[index], controllerPort, size(), minInsyncReplicas),
            clusterId);
    synchronized (this) {
      brokers[index] = broker;
    }
  }

  /** Stops every broker, then the controller, and deletes a temporary directory. */
  @Override
  public void close() {
    shutDownAll();
    if (temporary) {
      EmbeddedKafkaBroker.deleteRecursively(root);
    }
  }

  private void shutDownAll() {
    IntStream.range(0, brokers.length).parallel().forEach(this::kill);
    controller.shutdown();
    controller.awaitShutdown();
  }

  private static KafkaRaftServer startNode(Properties props, String clusterId) {
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    Path logDir = Path.of(props.getProperty("log.dirs"));
    KafkaRaftServer server = null;
    try {
      Files.createDirectories(logDir);
      if (!Files.exists(logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
        new Formatter()
            .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
            .setNodeId(config.nodeId())
            .setClusterId(clusterId)
            .setReleaseVersion(MetadataVersion.latestProduction())
            .setControllerListenerName(CONTROLLER_LISTENER)
            .addDirectory(logDir.toString())
            .setMetadataLogDirectory(logDir.toString())
            .run();
      }
      server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      return server;
    } catch (Exception e) {
      if (server != null) {
        server.shutdown();
        server.awaitShutdown();
      }
      throw new IllegalStateException("Kafka node " + config.nodeId() + " did not start", e);
    }
  }

  private static Properties controllerProperties(
      Path root, int controllerPort, int brokerCount, int minInsyncReplicas) {
    Properties props = common(root, CONTROLLER_ID, controllerPort, brokerCount, minInsyncReplicas);
    props.put("process.roles", "controller");
    props.put("listeners", CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
    props.put("listener.security.protocol.map", CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("broker.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS));
    return props;
  }

  private static Properties brokerProperties(
      Path root,
      int nodeId,
      int clientPort,
      int controllerPort,
      int brokerCount,
      int minInsyncReplicas) {
    Properties props = common(root, nodeId, controllerPort, brokerCount, minInsyncReplicas);
    props.put("process.roles", "broker");
    props.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort);
    props.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort);
    props.put("inter.broker.listener.name", CLIENT_LISTENER);
    props.put(
        "listener.security.protocol.map",
        CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    // A kill is a crash, not a maintenance stop: no leadership is handed over before it.
    props.put("controlled.shutdown.enable", "false");
    // A follower that stops fetching leaves the in-sync set after this long.
    props.put("replica.lag.time.max.ms", "5000");
    return props;
  }

  private static Properties common(
      Path root, int nodeId, int controllerPort, int brokerCount, int minInsyncReplicas) {
    Properties props = new Properties();
    props.put("node.id", Integer.toString(nodeId));
    props.put("controller.quorum.voters", CONTROLLER_ID + "@" + HOST + ":" + controllerPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    // checked against the session timeout on the controller too, so every node sets it
    props.put("broker.heartbeat.interval.ms", "500");
    props.put("log.dirs", root.resolve("node-" + nodeId).toString());

    String replicas = Integer.toString(brokerCount);
    String minIsr = Integer.toString(minInsyncReplicas);
    // Topics created without a replication factor (Kafka Streams' internal ones, the registry's)
    // get one replica per broker, like the internal topics below.
    props.put("default.replication.factor", replicas);
    props.put("min.insync.replicas", minIsr);
    props.put("num.partitions", "1");
    props.put("offsets.topic.replication.factor", replicas);
    props.put("offsets.topic.num.partitions", "1");
    props.put("transaction.state.log.replication.factor", replicas);
    props.put("transaction.state.log.min.isr", minIsr);
    props.put("transaction.state.log.num.partitions", "1");
    props.put("share.coordinator.state.topic.replication.factor", replicas);
    props.put("share.coordinator.state.topic.min.isr", minIsr);
    props.put("share.coordinator.state.topic.num.partitions", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("group.streams.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    EmbeddedKafkaBroker.smallFootprint(props);
    return props;
  }
}
