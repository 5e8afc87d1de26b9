package io.backstride.platform;

import io.backstride.platform.streams.StreamsRunner;
import io.backstride.platform.topic.TopicSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The {@code BACKSTRIDE_*} settings every service reads alike: how to reach Kafka and where the
 * schema registry is, how topics are replicated, and for the Streams applications where their state
 * lives and how they commit. Parsed once, here, by {@link EnvValues}: unset and blank both mean the
 * default, and a value that does not parse fails with one line naming the variable.
 *
 * @param kafka {@value #BOOTSTRAP} and the client properties of {@value
 *     KafkaConnection#CONFIG_FILE} and the {@code BACKSTRIDE_KAFKA_<PROPERTY>} variables
 * @param topics partitions, replication and min.insync.replicas of the topics the services create
 *     (Streams' internal ones too)
 * @param schemaRegistryUrl {@value #SCHEMA_REGISTRY_URL}
 * @param stateDir {@value #STATE_DIR}: a Streams application keeps its state under {@code
 *     <stateDir>/<application id>}
 * @param processingGuarantee {@value #PROCESSING_GUARANTEE}: {@code exactly_once_v2} or {@code
 *     at_least_once}
 * @param commitIntervalMs {@value #COMMIT_INTERVAL_MS}
 */
public record CommonSettings(
    KafkaConnection kafka,
    TopicSettings topics,
    String schemaRegistryUrl,
    Path stateDir,
    String processingGuarantee,
    long commitIntervalMs) {

  public static final String BOOTSTRAP = KafkaConnection.BOOTSTRAP;
  public static final String SCHEMA_REGISTRY_URL = "BACKSTRIDE_SCHEMA_REGISTRY_URL";
  public static final String STATE_DIR = "BACKSTRIDE_STATE_DIR";
  public static final String PROCESSING_GUARANTEE = "BACKSTRIDE_PROCESSING_GUARANTEE";
  public static final String COMMIT_INTERVAL_MS = "BACKSTRIDE_COMMIT_INTERVAL_MS";

  /**
   * Read by the logging configuration itself (log4j2.xml), before any code runs, which takes any
   * value but {@code json} as text; checked here so that a mistyped value stops the start in one
   * line rather than quietly giving a log shipper plain text.
   */
  public static final String LOG_FORMAT = "BACKSTRIDE_LOG_FORMAT";

  public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
  public static final String DEFAULT_SCHEMA_REGISTRY_URL = "http://localhost:8081";
  public static final long DEFAULT_COMMIT_INTERVAL_MS = 100;

  public CommonSettings {
    if (!processingGuarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)
        && !processingGuarantee.equals(StreamsConfig.AT_LEAST_ONCE)) {
      throw new IllegalArgumentException(
          PROCESSING_GUARANTEE
              + " must be "
              + StreamsConfig.EXACTLY_ONCE_V2
              + " or "
              + StreamsConfig.AT_LEAST_ONCE
              + ", was '"
              + processingGuarantee
              + "'");
    }
    if (commitIntervalMs < 0) {
      throw new IllegalArgumentException(
          COMMIT_INTERVAL_MS + " must be 0 or more, was '" + commitIntervalMs + "'");
    }
  }

  /** The defaults, overridden by whichever of the variables are set and not blank. */
  public static CommonSettings fromEnv(Map<String, String> env) {
    String logFormat = EnvValues.text(env, LOG_FORMAT, "text");
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      throw new IllegalArgumentException(
          LOG_FORMAT + " must be text or json, was '" + logFormat + "'");
    }
    return new CommonSettings(
        KafkaConnection.fromEnv(env, DEFAULT_BOOTSTRAP),
        TopicSettings.fromEnv(env),
        EnvValues.text(env, SCHEMA_REGISTRY_URL, DEFAULT_SCHEMA_REGISTRY_URL),
        Path.of(EnvValues.text(env, STATE_DIR, defaultStateDir())),
        EnvValues.text(env, PROCESSING_GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2),
        EnvValues.whole(env, COMMIT_INTERVAL_MS, DEFAULT_COMMIT_INTERVAL_MS));
  }

  /** {@code backstride-state} in the temporary directory. */
  public static String defaultStateDir() {
    return System.getProperty("java.io.tmpdir") + "/backstride-state";
  }

  /**
   * The Kafka Streams properties every backstride application shares, for {@code applicationId}
   * (see {@link StreamsRunner#baseProperties}).
   */
  public Properties streamsProperties(String applicationId) {
    return StreamsRunner.baseProperties(
        applicationId,
        kafka,
        topics,
        stateDir,
        processingGuarantee,
        commitIntervalMs,
        schemaRegistryUrl);
  }
}
