package io.backstride.embeddedkafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.server.SharedServer;
import kafka.server.StandardFaultHandlerFactory;
import org.apache.kafka.common.errors.BrokerIdNotRegisteredException;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.controller.Controller;
import org.apache.kafka.controller.ControllerRequestContext;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.ServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * One KRaft node that is both controller and broker, put together from Kafka's own server parts as
 * {@link KafkaRaftServer} does, so that something can happen between the controller's start and the
 * broker's registration.
 *
 * <p>That something is the restart after an unclean stop (kill -9, power): the metadata log still
 * holds the killed incarnation's registration, unfenced, and the controller, once active, gives it
 * a fresh broker session (Kafka 4.3: {@code ClusterControlManager.activate}). Until that session
 * runs out ({@code broker.session.timeout.ms}) every registration of the new incarnation is refused
 * as a duplicate ({@code ClusterControlManager.registerBroker}). Here the node unregisters the
 * killed incarnation as soon as its controller is active: the same partition changes as fencing it
 * (this node leaves every ISR; it is elected again when it is unfenced, as after the session ran
 * out) plus the removal of the registration, after which the new incarnation registers at its first
 * attempt.
 *
 * <p>The broker part starts only after that (in {@link KafkaRaftServer} it starts right after the
 * controller, before the election): an unregistration carries no epoch, so were the new incarnation
 * already registered (a machine stalled for a whole session), it would remove that one instead. In
 * this order there is no new incarnation yet. The price is the broker's own set-up no longer
 * overlapping the single voter's election, a fraction of the session it saves.
 *
 * <p>A clean stop (controlled shutdown) leaves a fenced registration and a clean-shutdown marker in
 * the log directory; the controller gives a fenced registration no session, so nothing is done
 * then.
 */
final class CombinedNode {
  private static final Logger log = LoggerFactory.getLogger(CombinedNode.class);
  // Kafka's CleanShutdownFileHandler.CLEAN_SHUTDOWN_FILE_NAME (kafka-storage, not on this module's
  // compile path): the log manager writes it on a clean shutdown.
  private static final String CLEAN_SHUTDOWN_MARKER = ".kafka_cleanshutdown";
  private static final long ACTIVATION_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final int nodeId;
  private final boolean stoppedUncleanly;
  private final SharedServer shared;
  private final ControllerServer controller;
  private final BrokerServer broker;
  private volatile boolean staleRegistrationRemoved;

  /**
   * @param logDir the node's one log directory, already formatted
   * @param formattedBefore whether the directory was formatted before this start: only then can its
   *     metadata log hold an earlier incarnation's registration (a new one would only wait for the
   *     controller's activation before starting the broker part, for nothing)
   */
  CombinedNode(KafkaConfig config, Path logDir, boolean formattedBefore) {
    this.nodeId = config.nodeId();
    // Read before the broker's log manager starts: it deletes the marker as it loads the logs.
    this.stoppedUncleanly = formattedBefore && !Files.exists(logDir.resolve(CLEAN_SHUTDOWN_MARKER));
    Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> dirs =
        KafkaRaftServer.initializeLogDirs(config, log, "[CombinedNode " + nodeId + "] ");
    Metrics metrics = Server.initializeMetrics(config, Time.SYSTEM, dirs._1().clusterId().get());
    this.shared =
        new SharedServer(
            config,
            dirs._1(),
            Time.SYSTEM,
            metrics,
            CompletableFuture.completedFuture(
                QuorumConfig.parseVoterConnections(config.quorumConfig().voters())),
            QuorumConfig.parseBootstrapServers(config.quorumConfig().bootstrapServers()),
            new StandardFaultHandlerFactory(),
            ServerSocketFactory.INSTANCE);
    this.broker = new BrokerServer(shared);
    this.controller = new ControllerServer(shared, KafkaRaftServer.configSchema(), dirs._2());
  }

  /** Starts the controller, then the broker; returns once the broker accepts clients. */
  void startup() {
    // The controller first, as in KafkaRaftServer: the broker finds it through the Raft client.
    controller.startup();
    if (stoppedUncleanly) {
      removeStaleRegistration();
    }
    broker.startup();
  }

  /** Whether this start found and removed the registration of an uncleanly stopped incarnation. */
  boolean staleRegistrationRemoved() {
    return staleRegistrationRemoved;
  }

  /**
   * Unregisters the previous incarnation once the controller is active. Whatever goes wrong only
   * leaves the wait for its session, as without this: the broker registers after it.
   */
  private void removeStaleRegistration() {
    Controller quorum = controller.controller();
    long deadline = System.nanoTime() + ACTIVATION_TIMEOUT_NANOS;
    while (!quorum.isActive()) {
      if (System.nanoTime() > deadline) {
        log.warn("The controller did not become active; the broker waits for its old session");
        return;
      }
      // A single voter elects itself right after loading its log: a short poll costs nothing.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    ControllerRequestContext context =
        new ControllerRequestContext(
            new RequestHeaderData(),
            KafkaPrincipal.ANONYMOUS,
            OptionalLong.of(System.nanoTime() + TimeUnit.SECONDS.toNanos(30)));
    try {
      quorum.unregisterBroker(context, nodeId).get(30, TimeUnit.SECONDS);
      staleRegistrationRemoved = true;
      log.info(
          "Unregistered broker {}'s incarnation from before the unclean stop, so that this one"
              + " registers without waiting for its session",
          nodeId);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof BrokerIdNotRegisteredException)) {
        log.warn("Could not unregister the previous incarnation of broker {}", nodeId, e);
      }
    } catch (TimeoutException e) {
      log.warn("Unregistering the previous incarnation of broker {} timed out", nodeId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the broker first: its controlled shutdown needs the controller. */
  void shutdown() {
    broker.shutdown();
    controller.shutdown();
  }

  void awaitShutdown() {
    broker.awaitShutdown();
    controller.awaitShutdown();
  }
}
