package io.backstride.localstack;

import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.platform.CommonSettings;
import io.backstride.platform.KafkaConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole local infrastructure in one JVM, for {@code ./backstride demo} and {@code run} and for
 * end-to-end tests: a KRaft broker, the schema registry kept in it, and an SMTP sink. Closing it
 * stops them in reverse order, so the registry never outlives its broker.
 */
public final class LocalStack implements AutoCloseable {
  private final EmbeddedKafkaBroker broker;
  private final SchemaRegistryServer registry;
  private final SmtpSink smtpSink;
  // how long the registry took to read its store once the broker was up
  private final CompletableFuture<Duration> registryRead;

  private LocalStack(
      EmbeddedKafkaBroker broker,
      SchemaRegistryServer registry,
      SmtpSink smtp,
      CompletableFuture<Duration> registryRead) {
    this.broker = broker;
    this.registry = registry;
    this.smtpSink = smtp;
    this.registryRead = registryRead;
  }

  /**
   * Starts the stack with the registry and the SMTP sink on free ports.
   *
   * @param dataDir where Kafka keeps its data (in {@code dataDir/kafka}), so topics and schemas
   *     survive a restart; null for a temporary directory deleted on close
   */
  public static LocalStack start(Path dataDir) {
    return start(dataDir, 0, 0);
  }

  /**
   * Starts the stack with fixed ports for the registry and the SMTP sink (0: a free one), for a
   * local run that other tools connect to.
   */
  public static LocalStack start(Path dataDir, int registryPort, int smtpPort) {
    return start(dataDir, 0, registryPort, smtpPort);
  }

  /** Starts the stack with fixed ports for Kafka's clients too (each 0: a free one). */
  public static LocalStack start(Path dataDir, int kafkaPort, int registryPort, int smtpPort) {
    return start(dataDir, kafkaPort, "127.0.0.1", registryPort, null, smtpPort);
  }

  /**
   * Starts the stack with the registry on {@code registryHost}, asking every request for {@code
   * registryUserInfo} ({@code user:password}; required beyond loopback, see {@link
   * SchemaRegistryServer}).
   */
  public static LocalStack start(
      Path dataDir,
      int kafkaPort,
      String registryHost,
      int registryPort,
      String registryUserInfo,
      int smtpPort) {
    LocalStack stack =
        startReadingRegistry(
            dataDir, kafkaPort, registryHost, registryPort, registryUserInfo, smtpPort);
    try {
      stack.awaitRegistry();
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    return stack;
  }

  /**
   * Like {@link #start(Path, int, String, int, String, int)}, but returns as soon as the broker
   * accepts clients, with the registry still reading its schemas from {@code _schemas}: what needs
   * only Kafka (topics, producers, caches) can start meanwhile. A request to the registry waits for
   * the read (up to {@link SchemaRegistryServer#OPENING_HOLD_MS}) and is then answered from it;
   * {@link #awaitRegistry()} waits for it too, and says why it failed.
   */
  public static LocalStack startReadingRegistry(
      Path dataDir,
      int kafkaPort,
      String registryHost,
      int registryPort,
      String registryUserInfo,
      int smtpPort) {
    // The SMTP sink and the registry's HTTP server need nothing from Kafka: they start beside the
    // broker, whose start after a kill -9 is the longest part of a restart, instead of after it.
    // The registry answers 503 until the broker is up, then holds requests until it has read its
    // store.
    SchemaRegistryServer.checkListening(registryHost, registryUserInfo);
    CompletableFuture<SmtpSink> smtp =
        CompletableFuture.supplyAsync(
            () -> SmtpSink.start(smtpPort), r -> starter("smtp-sink-start", r));
    CompletableFuture<SchemaRegistryServer> registryListening =
        CompletableFuture.supplyAsync(
            () -> SchemaRegistryServer.listen(registryHost, registryPort, registryUserInfo),
            r -> starter("schema-registry-start", r));
    EmbeddedKafkaBroker broker;
    try {
      broker =
          EmbeddedKafkaBroker.start(dataDir == null ? null : dataDir.resolve("kafka"), kafkaPort);
    } catch (RuntimeException e) {
      closeOnceStarted(smtp);
      closeOnceStarted(registryListening);
      throw e;
    }
    SchemaRegistryServer registry;
    SmtpSink smtpSink;
    try {
      registry = started(registryListening, "The schema registry");
    } catch (RuntimeException e) {
      closeOnceStarted(smtp);
      broker.close();
      throw e;
    }
    try {
      smtpSink = started(smtp, "The SMTP sink");
    } catch (RuntimeException e) {
      registry.close();
      broker.close();
      throw e;
    }
    registry.opening();
    long readStarted = System.nanoTime();
    KafkaConnection kafka = KafkaConnection.plaintext(broker.bootstrapServers());
    CompletableFuture<Duration> registryRead =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                registry.open(KafkaSchemaStore.open(kafka));
                return Duration.ofNanos(System.nanoTime() - readStarted);
              } catch (RuntimeException e) {
                registry.openFailed(e);
                throw e;
              }
            },
            r -> starter("schema-registry-read", r));
    return new LocalStack(broker, registry, smtpSink, registryRead);
  }

  private static void starter(String name, Runnable start) {
    Thread t = new Thread(start, name);
    t.setDaemon(true);
    t.start();
  }

  /** The started part, or the exception its start failed with (a taken port, say). */
  private static <T> T started(CompletableFuture<T> part, String what) {
    try {
      return part.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(what + " did not start", e.getCause());
    }
  }

  /** Waits for a part's start to end and closes it, so a failed stack start leaks no server. */
  private static void closeOnceStarted(CompletableFuture<? extends AutoCloseable> part) {
    try {
      part.join().close();
    } catch (Exception startFailedOrClosed) {
      // the stack's own failure is the one reported
    }
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** How clients reach the stack's broker: its PLAINTEXT listener, no further property. */
  public KafkaConnection kafka() {
    return KafkaConnection.plaintext(broker.bootstrapServers());
  }

  public String registryUrl() {
    return registry.url();
  }

  /**
   * The {@code BACKSTRIDE_*} settings that point the services at this stack (Kafka, the registry,
   * the SMTP sink), in a map of its own for the caller to add to.
   */
  public Map<String, String> serviceEnv() {
    Map<String, String> env = new HashMap<>();
    env.put(CommonSettings.BOOTSTRAP, bootstrapServers());
    env.put(CommonSettings.SCHEMA_REGISTRY_URL, registryUrl());
    // alerts' SmtpSettings names; alerts is not a dependency of the local stack
    env.put("BACKSTRIDE_SMTP_HOST", smtpSink().host());
    env.put("BACKSTRIDE_SMTP_PORT", String.valueOf(smtpSink().port()));
    return env;
  }

  public SmtpSink smtpSink() {
    return smtpSink;
  }

  public EmbeddedKafkaBroker broker() {
    return broker;
  }

  public SchemaRegistryServer registry() {
    return registry;
  }

  /**
   * Waits until the registry has read its store (at once after {@link #start}); how long that took
   * once the broker was up.
   *
   * @throws RuntimeException the read's own failure (Kafka unreachable, a broken topic)
   */
  public Duration awaitRegistry() {
    return started(registryRead, "The schema registry");
  }

  /** How long the registry took to start once the broker was up (it reads its topic first). */
  public Duration registryStartTime() {
    return awaitRegistry();
  }

  @Override
  public void close() {
    try {
      // a read still under way would open a store (a producer) after the registry has closed
      registryRead.join();
    } catch (CompletionException failedRead) {
      // nothing was opened; the read's failure is reported by whoever waits for it
    }
    try {
      smtpSink.close();
    } finally {
      try {
        registry.close();
      } finally {
        broker.close();
      }
    }
  }
}
