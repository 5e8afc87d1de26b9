package io.backstride.benchmarks.chaos;

import io.backstride.embeddedkafka.EmbeddedKafkaCluster;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.localstack.SmtpSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The infrastructure a chaos round breaks: three in-process brokers (replication 3, min ISR 2), the
 * schema registry kept in them and an SMTP sink, all on 127.0.0.1, and the {@code BACKSTRIDE_*}
 * settings that point the services at them.
 */
public final class ChaosStack implements AutoCloseable {
  /** Replicas per topic, and brokers in the cluster. */
  public static final int BROKERS = 3;

  /** Replicas an acknowledged write needs: one broker may be lost, not two. */
  public static final int MIN_INSYNC_REPLICAS = 2;

  private final EmbeddedKafkaCluster cluster;
  private final SchemaRegistryServer registry;
  private final SmtpSink smtp;
  private final Path work;
  private final Duration ackTimeout;

  private ChaosStack(
      EmbeddedKafkaCluster cluster,
      SchemaRegistryServer registry,
      SmtpSink smtp,
      Path work,
      Duration ackTimeout) {
    this.cluster = cluster;
    this.registry = registry;
    this.smtp = smtp;
    this.work = work;
    this.ackTimeout = ackTimeout;
  }

  /**
   * @param work a directory of this run's own: the services' state lives under it
   * @param ackTimeout how long ingest waits for Kafka before it answers 503
   */
  public static ChaosStack start(Path work, Duration ackTimeout) {
    EmbeddedKafkaCluster cluster =
        EmbeddedKafkaCluster.start(BROKERS, MIN_INSYNC_REPLICAS, work.resolve("kafka"));
    SchemaRegistryServer registry = null;
    try {
      registry = SchemaRegistryServer.start(cluster.bootstrapServers(), 0);
      return new ChaosStack(cluster, registry, SmtpSink.start(0), work, ackTimeout);
    } catch (RuntimeException e) {
      if (registry != null) {
        registry.close();
      }
      cluster.close();
      throw e;
    }
  }

  /** Settings for the services, with their state under {@code work/stateName}. */
  public Map<String, String> env(String stateName) {
    Map<String, String> env = new HashMap<>();
    env.put("BACKSTRIDE_KAFKA_BOOTSTRAP", cluster.bootstrapServers());
    env.put("BACKSTRIDE_SCHEMA_REGISTRY_URL", registry.url());
    env.put("BACKSTRIDE_SMTP_HOST", smtp.host());
    env.put("BACKSTRIDE_SMTP_PORT", String.valueOf(smtp.port()));
    env.put("BACKSTRIDE_INGEST_PORT", "0");
    env.put("BACKSTRIDE_STREAMS_HTTP_PORT", "0");
    env.put("BACKSTRIDE_STATE_DIR", work.resolve(stateName).toString());
    env.put("BACKSTRIDE_TOPIC_REPLICATION", String.valueOf(BROKERS));
    env.put("BACKSTRIDE_INGEST_ACK_TIMEOUT_MS", String.valueOf(ackTimeout.toMillis()));
    // the generated history lies in March 2026; a replay lets every alert day through
    env.put("BACKSTRIDE_NOTIFY_MAX_AGE_DAYS", "100000");
    return env;
  }

  public EmbeddedKafkaCluster cluster() {
    return cluster;
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public String registryUrl() {
    return registry.url();
  }

  public SmtpSink smtp() {
    return smtp;
  }

  public Duration ackTimeout() {
    return ackTimeout;
  }

  @Override
  public void close() {
    try {
      smtp.close();
    } finally {
      try {
        registry.close();
      } finally {
        cluster.close();
      }
    }
  }
}
