package io.backstride.platform.streams;

import io.backstride.platform.CommonSettings;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.deadletter.DeadLetterHandler;
import io.backstride.platform.deadletter.UnwritableRecordHandler;
import io.backstride.platform.topic.TopicSettings;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one {@link KafkaStreams}: start, wait until it is running, report health, close. Kept apart
 * from the topologies so that they stay plain builders that tests run on their own.
 */
public final class StreamsRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

  private final String name;
  private final KafkaStreams streams;
  private final CountDownLatch running = new CountDownLatch(1);
  private volatile Throwable failure;
  private volatile boolean closing;

  public StreamsRunner(String name, Topology topology, Properties config) {
    this.name = name;
    this.streams = new KafkaStreams(topology, config);
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.RUNNING) {
            running.countDown();
          }
          if (now == KafkaStreams.State.ERROR
              || (now == KafkaStreams.State.NOT_RUNNING && !closing)) {
            // One line an operator reads at a glance; the trace was logged at DEBUG.
            LOG.error("{} stopped (state {}): {}", name, now, cause());
          }
        });
    streams.setUncaughtExceptionHandler(
        e -> {
          failure = e;
          LOG.debug("{} stopped on an error it cannot handle", name, e);
          return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
              .StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
  }

  /**
   * How a Streams application is doing: {@code healthy} while running or rebalancing with no fatal
   * error; otherwise {@code cause} says why in one line (null while it is merely starting).
   */
  public record Health(String name, boolean healthy, String state, String cause) {}

  /**
   * Where a Streams application keeps its state: {@code BACKSTRIDE_STATE_DIR} unless unset or
   * blank, else {@code backstride-state} in the temporary directory (see {@link CommonSettings}).
   */
  public static java.nio.file.Path stateDirFromEnv(java.util.Map<String, String> env) {
    return CommonSettings.fromEnv(env).stateDir();
  }

  /**
   * The settings every backstride Streams application shares: {@code kafka}'s connection, internal
   * topics replicated as {@code topics} says, exactly-once (or what {@code processingGuarantee}
   * says), state under {@code stateDir/applicationId}, reading from the earliest offset on first
   * start, no default serdes (every DSL call names its own), and records that cannot be read, or
   * results that cannot be written, dead-lettered to {@code ingest-dead-letter.v1} with the reason.
   * The dead-letter handlers reach the registry at {@code schemaRegistryUrl}; a service should
   * rather give them its own client ({@link DeadLetterHandler#REGISTRY_CLIENT_CONFIG}), which knows
   * the ids it registered at start.
   */
  public static Properties baseProperties(
      String applicationId,
      KafkaConnection kafka,
      TopicSettings topics,
      java.nio.file.Path stateDir,
      String processingGuarantee,
      long commitIntervalMs,
      String schemaRegistryUrl) {
    Properties p = new Properties();
    p.putAll(kafka.streamsConfig());
    p.putAll(topics.streamsConfig());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(applicationId).toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, UnwritableRecordHandler.class);
    p.put(DeadLetterHandler.REGISTRY_URL_CONFIG, schemaRegistryUrl);
    p.put(
        StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
        RESTORE_FETCH_MAX_WAIT_MS);
    return p;
  }

  /**
   * How long the broker may hold a restore consumer's fetch that finds nothing new. At the
   * consumer's default (500 ms) every restore of an empty or caught-up changelog ends only when the
   * broker gives up on the fetch, and the tasks of a start reach the state updater a few at a time:
   * a new application's start waited three such rounds (about 1.5 s) for nothing. A fetch that
   * finds records still returns at once; the cost is more empty fetches while a standby follows its
   * changelog (one per 50 ms instead of per 500 ms, each a few hundred bytes).
   */
  public static final int RESTORE_FETCH_MAX_WAIT_MS = 50;

  /**
   * How long a service waits at its start for its application to join and restore. It bounds a
   * start that cannot succeed (a group that never assigns), not a slow one: a loaded 2-core machine
   * once took over a minute to reach RUNNING, and restoring a large store from its changelog takes
   * minutes. Health answers "not ready" meanwhile.
   */
  public static final Duration START_TIMEOUT = Duration.ofMinutes(5);

  /** Starts the application and waits until it has joined its group and restored its state. */
  public StreamsRunner start(Duration timeout) {
    streams.start();
    try {
      if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            name + " did not reach RUNNING within " + timeout + " (state " + streams.state() + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting " + name, e);
    }
    return this;
  }

  /** Healthy while running or rebalancing, with no fatal error. */
  public boolean healthy() {
    return health().healthy();
  }

  /** The state, and when the application is down, why. */
  public Health health() {
    KafkaStreams.State state = streams.state();
    boolean healthy = failure == null && state.isRunningOrRebalancing();
    String cause = healthy || state == KafkaStreams.State.CREATED ? null : cause();
    return new Health(name, healthy, state.name(), cause);
  }

  private String cause() {
    if (failure == null) {
      return closing ? "closed" : "no error was reported";
    }
    // Streams wraps the error of a processor or a serializer in its own exceptions, which say
    // where; the first error under them says what broke.
    Throwable what = failure;
    while (what instanceof StreamsException && what.getCause() != null) {
      what = what.getCause();
    }
    String message = what.getMessage() == null ? what.getClass().getName() : what.getMessage();
    String where = failure.getMessage();
    String oneLine =
        (what == failure || where == null || where.contains(message)
                ? message
                : where + ": " + message)
            .strip()
            .replaceAll("\\s+", " ");
    return oneLine.length() <= 500 ? oneLine : oneLine.substring(0, 500) + "...";
  }

  /** Call before closing the application some other way than {@link #close()}. */
  public void closing() {
    closing = true;
  }

  public KafkaStreams streams() {
    return streams;
  }

  /**
   * Closes the application and leaves its group at once (a static member too), so that the other
   * instances, or this one started again, rebalance now rather than after the session timeout.
   */
  @Override
  public void close() {
    closing = true;
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
  }
}
