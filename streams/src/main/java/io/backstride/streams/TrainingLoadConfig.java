package io.backstride.streams;

import io.backstride.core.access.BearerAccess;
import io.backstride.platform.CommonSettings;
import io.backstride.platform.EnvValues;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Settings of the training-load application: defaults, overridden by environment variables (the
 * same names in README, docker-compose.yml and {@code backstride run}) unless they are blank. The
 * five every service shares (Kafka, registry, state dir, guarantee, commit interval) are read by
 * {@link CommonSettings}.
 *
 * @param kafka how to reach Kafka
 * @param topics how its internal topics are replicated
 * @param zone the zone of athletes whose profile names none
 * @param activityIdle an activity without a final batch completes after this long without one
 * @param httpHost where the trends endpoint listens (0.0.0.0 in a container)
 * @param httpPort its port; 0 picks a free one
 * @param applicationServer host:port under which other instances reach this one's trends endpoint
 *     ({@code application.server}); null: localhost and the port actually bound
 * @param access who may read an athlete's trends: the same tokens and rule as ingest's routes
 *     ({@code BACKSTRIDE_INGEST_TOKENS}, {@code BACKSTRIDE_INGEST_AUTH})
 */
public record TrainingLoadConfig(
    KafkaConnection kafka,
    TopicSettings topics,
    String schemaRegistryUrl,
    String applicationId,
    Path stateDir,
    String processingGuarantee,
    int standbyReplicas,
    long commitIntervalMs,
    ZoneId zone,
    Duration activityIdle,
    String httpHost,
    int httpPort,
    String applicationServer,
    BearerAccess access) {

  public static TrainingLoadConfig fromEnv(Map<String, String> env) {
    CommonSettings common = CommonSettings.fromEnv(env);
    return new TrainingLoadConfig(
        common.kafka(),
        common.topics(),
        common.schemaRegistryUrl(),
        EnvValues.text(env, "BACKSTRIDE_STREAMS_APPLICATION_ID", "backstride-training-load"),
        common.stateDir(),
        common.processingGuarantee(),
        EnvValues.integer(env, "BACKSTRIDE_STANDBY_REPLICAS", 0),
        common.commitIntervalMs(),
        EnvValues.zone(env, "BACKSTRIDE_DEFAULT_TIME_ZONE", ZoneId.of("UTC")),
        Duration.ofMinutes(EnvValues.whole(env, "BACKSTRIDE_ACTIVITY_IDLE_MINUTES", 30)),
        EnvValues.text(env, "BACKSTRIDE_STREAMS_HTTP_HOST", "127.0.0.1"),
        EnvValues.port(env, "BACKSTRIDE_STREAMS_HTTP_PORT", 0),
        EnvValues.text(env, "BACKSTRIDE_APPLICATION_SERVER", null),
        BearerAccess.fromEnv(env));
  }

  /** Kafka Streams properties; no default serdes, every DSL call names its own. */
  public Properties streamsProperties(String applicationServer) {
    Properties p = streamsProperties();
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
    return p;
  }

  /** Kafka Streams properties without an {@code application.server} (a single instance). */
  public Properties streamsProperties() {
    Properties p =
        new CommonSettings(
                kafka, topics, schemaRegistryUrl, stateDir, processingGuarantee, commitIntervalMs)
            .streamsProperties(applicationId);
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
    return p;
  }
}
