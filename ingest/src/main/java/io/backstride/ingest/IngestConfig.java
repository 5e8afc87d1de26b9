package io.backstride.ingest;

import io.backstride.core.access.AccessTokens;
import io.backstride.core.access.BearerAccess;
import io.backstride.platform.CommonSettings;
import io.backstride.platform.EnvValues;
import io.backstride.platform.KafkaConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything the ingest service can be told, with defaults fit for a local run. The environment
 * variables are the ones README and docker-compose.yml use.
 *
 * @param kafka {@code BACKSTRIDE_KAFKA_BOOTSTRAP} and the Kafka client properties ({@link
 *     KafkaConnection})
 * @param schemaRegistryUrl {@code BACKSTRIDE_SCHEMA_REGISTRY_URL}
 * @param host {@code BACKSTRIDE_INGEST_HOST}: the interface to listen on; loopback unless a
 *     container needs {@code 0.0.0.0}
 * @param port {@code BACKSTRIDE_INGEST_PORT}; 0 picks a free port
 * @param maxBodyBytes {@code BACKSTRIDE_INGEST_MAX_BODY_BYTES}: cap on an upload, compressed and
 *     again after decompression
 * @param ackTimeout {@code BACKSTRIDE_INGEST_ACK_TIMEOUT_MS}: how long a request waits for Kafka
 *     before answering 503; the producer's blocking and delivery times are bounded by it too
 * @param authEnabled {@code BACKSTRIDE_INGEST_AUTH}: {@code on} or {@code off}. When unset it is
 *     {@code on} exactly when tokens are configured, so that configuring tokens can never leave the
 *     service open by mistake; {@code on} without tokens is a configuration error; {@code off} (the
 *     local demo) accepts every request and the service logs a warning at start
 * @param tokens {@code BACKSTRIDE_INGEST_TOKENS}: bearer tokens and the athletes each may write
 *     for, e.g. {@code token-for-ana-123=ana|ben;sync-service-token-1=*} (format in {@link
 *     AccessTokens}); required on every {@code /v1/athletes/...} route when auth is on
 * @param maxSamples {@code BACKSTRIDE_INGEST_MAX_SAMPLES}: samples per activity file (422 beyond)
 * @param maxParseTime {@code BACKSTRIDE_INGEST_MAX_PARSE_MS}: how long reading one file may take
 *     (422 beyond), so that a pathological file cannot hold a request thread
 * @param maxClockAhead {@code BACKSTRIDE_INGEST_MAX_CLOCK_AHEAD_MS}: how far ahead of this server's
 *     clock a sample's time may lie, a watch's clock running fast (422 beyond, files and live sync
 *     alike); at most the broker's {@code log.message.timestamp.after.max.ms} (an hour by default)
 *     less the clock skew between the hosts, or the training-load application cannot write the
 *     run's summary and stops
 */
public record IngestConfig(
    KafkaConnection kafka,
    URI schemaRegistryUrl,
    String host,
    int port,
    long maxBodyBytes,
    Duration ackTimeout,
    boolean authEnabled,
    AccessTokens tokens,
    int maxSamples,
    Duration maxParseTime,
    Duration maxClockAhead) {

  public static final String KAFKA_BOOTSTRAP = CommonSettings.BOOTSTRAP;
  public static final String SCHEMA_REGISTRY_URL = CommonSettings.SCHEMA_REGISTRY_URL;
  public static final String HOST = "BACKSTRIDE_INGEST_HOST";
  public static final String PORT = "BACKSTRIDE_INGEST_PORT";
  public static final String MAX_BODY_BYTES = "BACKSTRIDE_INGEST_MAX_BODY_BYTES";
  public static final String ACK_TIMEOUT_MS = "BACKSTRIDE_INGEST_ACK_TIMEOUT_MS";
  public static final String AUTH = BearerAccess.AUTH;
  public static final String TOKENS = BearerAccess.TOKENS;
  public static final String MAX_SAMPLES = "BACKSTRIDE_INGEST_MAX_SAMPLES";
  public static final String MAX_PARSE_MS = "BACKSTRIDE_INGEST_MAX_PARSE_MS";
  public static final String MAX_CLOCK_AHEAD_MS = "BACKSTRIDE_INGEST_MAX_CLOCK_AHEAD_MS";

  public static final long DEFAULT_MAX_BODY_BYTES = 50L * 1024 * 1024;
  public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(10);

  /** A day of 1 Hz recording: longer than any single run or hike a watch stores as one file. */
  public static final int DEFAULT_MAX_SAMPLES = 86_400;

  public static final Duration DEFAULT_MAX_PARSE_TIME = Duration.ofSeconds(20);

  public IngestConfig {
    if (kafka == null) {
      throw new IllegalArgumentException("kafka is required");
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
    if (tokens == null) {
      tokens = AccessTokens.none();
    }
    if (authEnabled && tokens.isEmpty()) {
      throw new IllegalArgumentException(
          AUTH + "=on needs at least one token in " + TOKENS + " (token=athlete|athlete;...)");
    }
    if (maxSamples < 1) {
      throw new IllegalArgumentException("maxSamples must be positive, was " + maxSamples);
    }
    if (maxParseTime.isNegative() || maxParseTime.isZero()) {
      throw new IllegalArgumentException("maxParseTime must be positive, was " + maxParseTime);
    }
    if (maxClockAhead.isNegative()) {
      throw new IllegalArgumentException(
          "maxClockAhead must not be negative, was " + maxClockAhead);
    }
  }

  /**
   * Local Kafka and registry on their usual ports, HTTP on 127.0.0.1:8080, auth off (the local
   * demo).
   */
  public static IngestConfig defaults() {
    return new IngestConfig(
        KafkaConnection.plaintext(CommonSettings.DEFAULT_BOOTSTRAP),
        URI.create(CommonSettings.DEFAULT_SCHEMA_REGISTRY_URL),
        "127.0.0.1",
        8080,
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_ACK_TIMEOUT,
        false,
        AccessTokens.none(),
        DEFAULT_MAX_SAMPLES,
        DEFAULT_MAX_PARSE_TIME,
        SampleChecks.DEFAULT_MAX_CLOCK_AHEAD);
  }

  /** The defaults, overridden by whichever of the variables are set and not blank. */
  public static IngestConfig fromEnv(Map<String, String> env) {
    IngestConfig d = defaults();
    CommonSettings common = CommonSettings.fromEnv(env);
    // the trends API reads the same two variables: one rule for who may write and read an athlete
    BearerAccess access = BearerAccess.fromEnv(env);
    return new IngestConfig(
        common.kafka(),
        URI.create(common.schemaRegistryUrl()),
        EnvValues.text(env, HOST, d.host()),
        EnvValues.port(env, PORT, d.port()),
        EnvValues.whole(env, MAX_BODY_BYTES, d.maxBodyBytes()),
        Duration.ofMillis(EnvValues.whole(env, ACK_TIMEOUT_MS, d.ackTimeout().toMillis())),
        access.enabled(),
        access.tokens(),
        (int) EnvValues.whole(env, MAX_SAMPLES, d.maxSamples()),
        Duration.ofMillis(EnvValues.whole(env, MAX_PARSE_MS, d.maxParseTime().toMillis())),
        Duration.ofMillis(EnvValues.whole(env, MAX_CLOCK_AHEAD_MS, d.maxClockAhead().toMillis())));
  }

  /** Who may call the athlete routes, as the trends API decides it too. */
  public BearerAccess access() {
    return new BearerAccess(authEnabled, tokens);
  }

  /** The same client properties on other bootstrap servers. */
  public IngestConfig withKafkaBootstrap(String bootstrap) {
    return with(c -> c.kafka = kafka.withBootstrapServers(bootstrap));
  }

  public IngestConfig withPort(int newPort) {
    return with(c -> c.port = newPort);
  }

  public IngestConfig withMaxBodyBytes(long max) {
    return with(c -> c.maxBodyBytes = max);
  }

  public IngestConfig withAckTimeout(Duration timeout) {
    return with(c -> c.ackTimeout = timeout);
  }

  /** Auth on with these tokens. */
  public IngestConfig withTokens(AccessTokens newTokens) {
    return with(
        c -> {
          c.authEnabled = true;
          c.tokens = newTokens;
        });
  }

  public IngestConfig withMaxSamples(int max) {
    return with(c -> c.maxSamples = max);
  }

  public IngestConfig withMaxParseTime(Duration max) {
    return with(c -> c.maxParseTime = max);
  }

  public IngestConfig withMaxClockAhead(Duration max) {
    return with(c -> c.maxClockAhead = max);
  }

  /**
   * This config with what {@code change} sets on a copy of its values, checked again by the
   * canonical constructor: one place that lists the components, so that a new setting is not
   * forgotten in one of the withers.
   */
  private IngestConfig with(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return new IngestConfig(
        c.kafka,
        c.schemaRegistryUrl,
        c.host,
        c.port,
        c.maxBodyBytes,
        c.ackTimeout,
        c.authEnabled,
        c.tokens,
        c.maxSamples,
        c.maxParseTime,
        c.maxClockAhead);
  }

  /** The components of a config, to be changed before they become one. */
  private static final class Copy {
    KafkaConnection kafka;
    URI schemaRegistryUrl;
    String host;
    int port;
    long maxBodyBytes;
    Duration ackTimeout;
    boolean authEnabled;
    AccessTokens tokens;
    int maxSamples;
    Duration maxParseTime;
    Duration maxClockAhead;

    Copy(IngestConfig from) {
      kafka = from.kafka;
      schemaRegistryUrl = from.schemaRegistryUrl;
      host = from.host;
      port = from.port;
      maxBodyBytes = from.maxBodyBytes;
      ackTimeout = from.ackTimeout;
      authEnabled = from.authEnabled;
      tokens = from.tokens;
      maxSamples = from.maxSamples;
      maxParseTime = from.maxParseTime;
      maxClockAhead = from.maxClockAhead;
    }
  }
}
