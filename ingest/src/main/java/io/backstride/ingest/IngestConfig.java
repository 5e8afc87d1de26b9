package io.backstride.ingest;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the ingest service can be told, with defaults fit for a local run. The environment
 * variables are the ones README and docker-compose.yml use.
 *
 * @param kafkaBootstrap {@code BACKSTRIDE_KAFKA_BOOTSTRAP}
 * @param schemaRegistryUrl {@code BACKSTRIDE_SCHEMA_REGISTRY_URL}
 * @param host {@code BACKSTRIDE_INGEST_HOST}: the interface to listen on; loopback unless a
 *     container needs {@code 0.0.0.0}
 * @param port {@code BACKSTRIDE_INGEST_PORT}; 0 picks a free port
 * @param maxBodyBytes {@code BACKSTRIDE_INGEST_MAX_BODY_BYTES}: cap on an upload, compressed and
 *     again after decompression
 * @param ackTimeout {@code BACKSTRIDE_INGEST_ACK_TIMEOUT_MS}: how long a request waits for Kafka
 *     before answering 503
 */
public record IngestConfig(
    String kafkaBootstrap,
    URI schemaRegistryUrl,
    String host,
    int port,
    long maxBodyBytes,
    Duration ackTimeout) {

  public static final String KAFKA_BOOTSTRAP = "BACKSTRIDE_KAFKA_BOOTSTRAP";
  public static final String SCHEMA_REGISTRY_URL = "BACKSTRIDE_SCHEMA_REGISTRY_URL";
  public static final String HOST = "BACKSTRIDE_INGEST_HOST";
  public static final String PORT = "BACKSTRIDE_INGEST_PORT";
  public static final String MAX_BODY_BYTES = "BACKSTRIDE_INGEST_MAX_BODY_BYTES";
  public static final String ACK_TIMEOUT_MS = "BACKSTRIDE_INGEST_ACK_TIMEOUT_MS";

  public static final long DEFAULT_MAX_BODY_BYTES = 50L * 1024 * 1024;
  public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(10);

  public IngestConfig {
    if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) {
      throw new IllegalArgumentException("kafkaBootstrap is required");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, was " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
    }
    if (ackTimeout.isNegative() || ackTimeout.isZero()) {
      throw new IllegalArgumentException("ackTimeout must be positive, was " + ackTimeout);
    }
  }

  /** Local Kafka and registry on their usual ports, HTTP on 127.0.0.1:8080. */
  public static IngestConfig defaults() {
    return new IngestConfig(
        "localhost:9092",
        URI.create("http://localhost:8081"),
        "127.0.0.1",
        8080,
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_ACK_TIMEOUT);
  }

  /** The defaults, overridden by whichever of the variables are set and not blank. */
  public static IngestConfig fromEnv(Map<String, String> env) {
    IngestConfig d = defaults();
    return new IngestConfig(
        get(env, KAFKA_BOOTSTRAP, d.kafkaBootstrap()),
        URI.create(get(env, SCHEMA_REGISTRY_URL, d.schemaRegistryUrl().toString())),
        get(env, HOST, d.host()),
        (int) number(env, PORT, d.port()),
        number(env, MAX_BODY_BYTES, d.maxBodyBytes()),
        Duration.ofMillis(number(env, ACK_TIMEOUT_MS, d.ackTimeout().toMillis())));
  }

  public IngestConfig withKafkaBootstrap(String bootstrap) {
    return new IngestConfig(bootstrap, schemaRegistryUrl, host, port, maxBodyBytes, ackTimeout);
  }

  public IngestConfig withPort(int newPort) {
    return new IngestConfig(
        kafkaBootstrap, schemaRegistryUrl, host, newPort, maxBodyBytes, ackTimeout);
  }

  public IngestConfig withMaxBodyBytes(long max) {
    return new IngestConfig(kafkaBootstrap, schemaRegistryUrl, host, port, max, ackTimeout);
  }

  public IngestConfig withAckTimeout(Duration timeout) {
    return new IngestConfig(kafkaBootstrap, schemaRegistryUrl, host, port, maxBodyBytes, timeout);
  }

  private static String get(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  private static long number(Map<String, String> env, String name, long fallback) {
    String value = get(env, name, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
    }
  }
}
