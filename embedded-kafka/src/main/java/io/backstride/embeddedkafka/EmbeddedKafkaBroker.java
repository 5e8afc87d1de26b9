package io.backstride.embeddedkafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka broker in KRaft mode, running inside this JVM: one node that is both broker
 * and controller, listening on 127.0.0.1 only. It backs the one-command local run and the
 * integration tests, where Docker may not exist.
 *
 * <p>It is configured for a single node: the internal topics (consumer offsets, transaction state,
 * share-group state) have one replica and one partition, so exactly-once Kafka Streams
 * (transactions) works, and consumer groups form without the initial rebalance delay. Topics are
 * never created implicitly: every application creates the topics it uses.
 *
 * <p>Logging goes through SLF4J; the caller's SLF4J configuration decides how loud it is.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final int NODE_ID = 1;
  private static final String HOST = "127.0.0.1";
  private static final String CLIENT_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private static EmbeddedKafkaBroker shared;

  private final CombinedNode server;
  private final String bootstrapServers;
  private final Path dataDir;
  private final boolean deleteDataDirOnClose;
  private final Duration startTime;
  private final boolean closedOnlyAtJvmExit;
  private boolean closed;

  private EmbeddedKafkaBroker(
      CombinedNode server,
      String bootstrapServers,
      Path dataDir,
      boolean deleteDataDirOnClose,
      Duration startTime,
      boolean closedOnlyAtJvmExit) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
    this.deleteDataDirOnClose = deleteDataDirOnClose;
    this.startTime = startTime;
    this.closedOnlyAtJvmExit = closedOnlyAtJvmExit;
  }

  /**
   * Formats {@code dataDir} (unless it already holds a formatted broker, whose topics then come
   * back) and starts a broker on it; returns once the broker accepts clients.
   *
   * @param dataDir the log directory, or null for a temporary one deleted on {@link #close()}
   */
  public static EmbeddedKafkaBroker start(Path dataDir) {
    return start(dataDir, 0, false);
  }

  /**
   * Like {@link #start(Path)}, with clients served on a fixed port (0: a free one), for a local run
   * that other tools are pointed at. The controller's port stays a free one: only the broker talks
   * to it.
   */
  public static EmbeddedKafkaBroker start(Path dataDir, int clientPort) {
    return start(dataDir, clientPort, false);
  }

  /**
   * A broker whose clients must come over SASL_SSL with SCRAM credentials and be allowed by an ACL
   * ({@link SaslSslListener}); {@link #bootstrapServers()} is that listener.
   *
   * @param dataDir the log directory, or null for a temporary one deleted on {@link #close()}; the
   *     credentials are written when it is formatted, so a directory formatted before keeps its own
   */
  public static EmbeddedKafkaBroker startSecured(Path dataDir, SaslSslListener listener) {
    return start(dataDir, 0, false, listener);
  }

  /**
   * The one broker of this JVM, started on first use in a temporary directory and closed by a
   * shutdown hook, so that all the integration tests of a module pay the start-up once. Its {@link
   * #close()} does nothing: a test that closes it must not take it away from the others.
   */
  public static synchronized EmbeddedKafkaBroker shared() {
    if (shared == null) {
      EmbeddedKafkaBroker broker = start(null, 0, true);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(broker::shutDown, "embedded-kafka-broker-shutdown"));
      shared = broker;
    }
    return shared;
  }

  private static EmbeddedKafkaBroker start(
      Path dataDir, int fixedClientPort, boolean closedOnlyAtJvmExit) {
    return start(dataDir, fixedClientPort, closedOnlyAtJvmExit, null);
  }

  private static EmbeddedKafkaBroker start(
      Path dataDir, int fixedClientPort, boolean closedOnlyAtJvmExit, SaslSslListener secured) {
    return start(dataDir, fixedClientPort, closedOnlyAtJvmExit, secured, Map.of());
  }

  /** A broker on {@code dataDir} with some of its settings changed, for tests of the settings. */
  static EmbeddedKafkaBroker startWith(Path dataDir, Map<String, String> overrides) {
    return start(dataDir, 0, false, null, overrides);
  }

  private static EmbeddedKafkaBroker start(
      Path dataDir,
      int fixedClientPort,
      boolean closedOnlyAtJvmExit,
      SaslSslListener secured,
      Map<String, String> overrides) {
    long started = System.nanoTime();
    boolean temporary = dataDir == null;
    Path logDir = dataDirectory(dataDir, "backstride-kafka-", "Kafka log directory");
    int clientPort = fixedClientPort == 0 ? freePort() : fixedClientPort;
    int controllerPort = freePortOtherThan(clientPort);
    Properties props = brokerProperties(logDir, clientPort, controllerPort);
    if (secured != null) {
      secured.configure(props, HOST, clientPort, CONTROLLER_LISTENER, controllerPort);
    }
    props.putAll(overrides);
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    CombinedNode server = null;
    try {
      boolean formattedBefore =
          !formatIfNew(logDir, secured == null ? List.of() : secured.scramArguments());
      server = new CombinedNode(config, logDir, formattedBefore);
      server.startup();
    } catch (Exception e) {
      if (server != null) {
        server.shutdown();
        server.awaitShutdown();
      }
      if (temporary) {
        deleteRecursively(logDir);
      }
      throw new IllegalStateException("The embedded Kafka broker did not start in " + logDir, e);
    }
    return new EmbeddedKafkaBroker(
        server,
        HOST + ":" + clientPort,
        logDir,
        temporary,
        Duration.ofNanos(System.nanoTime() - started),
        closedOnlyAtJvmExit);
  }

  static Properties brokerProperties(Path logDir, int clientPort, int controllerPort) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    // A static single-voter quorum: nothing to bootstrap, and the voter's port may change freely
    // between runs on the same directory.
    props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", CLIENT_LISTENER);
    props.put(
        "listeners",
        CLIENT_LISTENER
            + "://"
            + HOST
            + ":"
            + clientPort
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    props.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort);
    props.put(
        "listener.security.protocol.map",
        CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("log.dirs", logDir.toString());

    // One node: every internal topic has one replica, and one partition so that it is created
    // (and its coordinator loaded) in milliseconds instead of fifty times over.
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("num.partitions", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("share.coordinator.state.topic.num.partitions", "1");
    // Tests and the local run start one consumer per group: waiting for more is only delay.
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("group.streams.initial.rebalance.delay.ms", "0");
    // After a kill -9 the controller keeps the dead incarnation's registration and gives it a new
    // session at its activation; the restarted broker could not register before that session ran
    // out (9 s by default, measured as 8 s of a restart, RELIABILITY.md). CombinedNode now
    // unregisters the dead incarnation before the broker part starts, so no restart waits for it;
    // the 3 s session (as in EmbeddedKafkaCluster) stays the fallback should that fail. Six
    // missed heartbeats (500 ms) still ride out a stalled thread; a fenced live broker loses
    // nothing: it is unfenced at its next heartbeat, and clients retry.
    props.put("broker.session.timeout.ms", "3000");
    props.put("broker.heartbeat.interval.ms", "500");
    // A typo in a topic name must fail loudly, not create a new empty topic.
    props.put("auto.create.topics.enable", "false");

    smallFootprint(props);
    return props;
  }

  /** Sizes a node for a laptop or a 2-core CI box: the defaults size a production server. */
  static void smallFootprint(Properties props) {
    props.put("log.segment.bytes", Integer.toString(8 * 1024 * 1024));
    props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    props.put("log.cleaner.threads", "1");
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "2");
    // After a kill -9 every log is recovered (no clean-shutdown marker) before the broker can
    // serve: two threads use both cores of a small machine for it (RELIABILITY.md, restart); they
    // exist only while logs are loaded or closed.
    props.put("num.recovery.threads.per.data.dir", "2");
    props.put("background.threads", "2");
    props.put("group.coordinator.threads", "1");
    props.put("share.coordinator.threads", "1");
  }

  /**
   * Writes meta.properties and the bootstrap metadata into a new directory, as {@code kafka-storage
   * format} does, with the SCRAM credentials of {@code scramArguments} ({@code --add-scram}). A
   * directory formatted before keeps its cluster id and its data.
   *
   * @return whether it formatted the directory now
   */
  private static boolean formatIfNew(Path logDir, List<String> scramArguments) throws Exception {
    if (Files.exists(logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
      return false;
    }
    new Formatter()
        .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
        .setNodeId(NODE_ID)
        .setClusterId(Uuid.randomUuid().toString())
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setControllerListenerName(CONTROLLER_LISTENER)
        .addDirectory(logDir.toString())
        .setMetadataLogDirectory(logDir.toString())
        .setScramArguments(scramArguments)
        .run();
    return true;
  }

  /**
   * A free port that is none of {@code taken}: a port just closed is free again, so two draws in a
   * row can return the same one, and a broker given it for two listeners does not start.
   */
  static int freePortOtherThan(int... taken) {
    while (true) {
      int port = freePort();
      if (Arrays.stream(taken).noneMatch(t -> t == port)) {
        return port;
      }
    }
  }

  static int freePort() {
    // The port is free now; another process could take it before Kafka binds it, which on a
    // developer machine or a CI box is rare enough to accept for the convenience.
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + HOST, e);
    }
  }

  /** The {@code bootstrap.servers} of this broker, e.g. {@code 127.0.0.1:40123}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** How long {@link #start} took, from formatting to accepting clients. */
  public Duration startTime() {
    return startTime;
  }

  /**
   * Whether this start found the registration of an incarnation stopped without a clean shutdown
   * (kill -9) and removed it, so that this one registered without waiting for the old session.
   */
  boolean removedStaleRegistration() {
    return server.staleRegistrationRemoved();
  }

  /** The log directory. */
  public Path dataDir() {
    return dataDir;
  }

  /** Stops the broker and, if it was temporary, deletes its data; the shared broker stays up. */
  @Override
  public void close() {
    if (!closedOnlyAtJvmExit) {
      shutDown();
    }
  }

  private synchronized void shutDown() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
    if (deleteDataDirOnClose) {
      deleteRecursively(dataDir);
    }
  }

  /**
   * {@code dataDir}, created if it is missing, or a new temporary directory when it is null.
   *
   * @param what the directory, for the message when it cannot be created
   */
  static Path dataDirectory(Path dataDir, String temporaryPrefix, String what) {
    try {
      return dataDir == null
          ? Files.createTempDirectory(temporaryPrefix)
          : Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the " + what, e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Leaving a temporary directory behind must not fail the shutdown of a test run.
    }
  }
}
