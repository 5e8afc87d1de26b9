package io.backstride.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.platform.streams.StreamsRunner;
import io.backstride.platform.topic.TopicFollower;
import io.backstride.platform.topic.TopicSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConnectionTest {
  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\""
          + " password=\"s3cret-Pa55word\";";

  @TempDir Path dir;

  @Test
  void withoutSettingsItIsTheDefaultBootstrapAndNoProperty() {
    assertThat(KafkaConnection.fromEnv(Map.of(), "localhost:9092"))
        .isEqualTo(KafkaConnection.plaintext("localhost:9092"));
  }

  @Test
  void readsTheFileAndTheVariablesWinOverIt() throws IOException {
    Path file =
        write(
            "client.properties",
            "security.protocol=SASL_SSL\n",
            "sasl.mechanism=PLAIN\n",
            "request.timeout.ms=20000\n");

    KafkaConnection kafka =
        KafkaConnection.fromEnv(
            Map.of(
                "BACKSTRIDE_KAFKA_BOOTSTRAP", "kafka-1:9093,kafka-2:9093",
                "BACKSTRIDE_KAFKA_CONFIG_FILE", file.toString(),
                "BACKSTRIDE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "BACKSTRIDE_KAFKA_SASL_JAAS_CONFIG", JAAS,
                // blank is unset, as for every BACKSTRIDE_* variable
                "BACKSTRIDE_KAFKA_CLIENT_DNS_LOOKUP", " "),
            "localhost:9092");

    assertThat(kafka.bootstrapServers()).isEqualTo("kafka-1:9093,kafka-2:9093");
    assertThat(kafka.properties())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", JAAS,
                "request.timeout.ms", "20000"));
  }

  @Test
  void theFilesBootstrapServersCountUnlessTheVariableIsSet() throws IOException {
    Path file = write("cloud.properties", "bootstrap.servers=pkc-1.example.cloud:9092\n");

    assertThat(
            KafkaConnection.fromEnv(Map.of(KafkaConnection.CONFIG_FILE, file.toString()), "x:1")
                .bootstrapServers())
        .isEqualTo("pkc-1.example.cloud:9092");
    assertThat(
            KafkaConnection.fromEnv(
                    Map.of(
                        KafkaConnection.CONFIG_FILE,
                        file.toString(),
                        KafkaConnection.BOOTSTRAP,
                        "mine:9092"),
                    "x:1")
                .bootstrapServers())
        .isEqualTo("mine:9092");
  }

  @Test
  void aFileKeyNoKafkaClientKnowsIsLeftOutLikeARegistrySetting() throws IOException {
    Path file =
        write(
            "cloud.properties",
            "security.protocol=SASL_SSL\n",
            "schema.registry.url=https://psrc.example.cloud\n",
            "basic.auth.credentials.source=USER_INFO\n");

    assertThat(
            KafkaConnection.fromEnv(Map.of(KafkaConnection.CONFIG_FILE, file.toString()), "x:1")
                .properties())
        .containsOnlyKeys("security.protocol");
  }

  @Test
  void aVariableThatNamesNoClientPropertyFailsInOneLineNamingIt() {
    assertThatThrownBy(
            () ->
                KafkaConnection.fromEnv(
                    Map.of("BACKSTRIDE_KAFKA_SASL_JASS_CONFIG", JAAS), "localhost:9092"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BACKSTRIDE_KAFKA_SASL_JASS_CONFIG names no Kafka client property (sasl.jass.config is"
                + " not a producer, consumer, admin or Streams setting)")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(
            () ->
                KafkaConnection.fromEnv(
                    Map.of("BACKSTRIDE_KAFKA_BOOTSTRAP_SERVERS", "a:1"), "localhost:9092"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BACKSTRIDE_KAFKA_BOOTSTRAP_SERVERS is not read: the bootstrap servers are"
                + " BACKSTRIDE_KAFKA_BOOTSTRAP");
  }

  @Test
  void backstridesOwnKafkaVariablesAreNoClientProperties() {
    KafkaConnection kafka =
        KafkaConnection.fromEnv(
            Map.of("BACKSTRIDE_KAFKA_PORT", "9092", "BACKSTRIDE_KAFKA_BOOTSTRAP", "a:1"), "x:1");

    assertThat(kafka.properties()).isEmpty();
  }

  @Test
  void aFileThatCannotBeReadFailsInOneLineNamingIt() {
    Path missing = dir.resolve("nowhere.properties");

    assertThatThrownBy(
            () ->
                KafkaConnection.fromEnv(
                    Map.of(KafkaConnection.CONFIG_FILE, missing.toString()), "localhost:9092"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "BACKSTRIDE_KAFKA_CONFIG_FILE " + missing + " cannot be read: NoSuchFileException");
  }

  @Test
  void secretsNeverShowInToStringOrInTextItHides() {
    KafkaConnection kafka =
        new KafkaConnection(
            "kafka:9093",
            Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", JAAS,
                "ssl.truststore.location", "/etc/kafka/truststore.p12",
                "ssl.truststore.password", "trust-Me-123",
                "ssl.key.password", "key-Pass-456"));

    assertThat(kafka.toString())
        .isEqualTo(
            "KafkaConnection[bootstrapServers=kafka:9093, properties={sasl.jaas.config=[hidden],"
                + " security.protocol=SASL_SSL, ssl.key.password=[hidden],"
                + " ssl.truststore.location=/etc/kafka/truststore.p12,"
                + " ssl.truststore.password=[hidden]}]");
    assertThat(kafka.hideSecrets("login with s3cret-Pa55word failed; store trust-Me-123"))
        .isEqualTo("login with [hidden] failed; store [hidden]");
    assertThat(KafkaConnection.isSecret("sasl.oauthbearer.client.credentials.client.secret"))
        .isTrue();
    assertThat(KafkaConnection.isSecret("sasl.mechanism")).isFalse();
  }

  @Test
  void eachKindOfClientGetsTheServersAndThePropertiesItKnows() {
    KafkaConnection kafka =
        new KafkaConnection(
            "kafka:9093",
            Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", JAAS,
                "acks", "all",
                "isolation.level", "read_committed",
                "num.stream.threads", "2"));

    assertThat(kafka.producerConfig())
        .containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("acks", "all")
        .doesNotContainKeys("isolation.level", "num.stream.threads");
    assertThat(kafka.consumerConfig())
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("isolation.level", "read_committed")
        .doesNotContainKeys("acks", "num.stream.threads");
    assertThat(kafka.adminConfig())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.jaas.config", JAAS)
        .doesNotContainKeys("acks", "isolation.level", "num.stream.threads");
    assertThat(kafka.streamsConfig()).containsAllEntriesOf(kafka.producerConfig());
    assertThat(kafka.streamsConfig()).containsEntry("num.stream.threads", "2");
  }

  @Test
  void thePlatformsClientBuildersStartFromTheConnection() {
    KafkaConnection kafka =
        new KafkaConnection(
            "kafka:9093", Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", JAAS));

    Properties follower = TopicFollower.consumerConfig(kafka, "follower");
    assertThat(follower)
        .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.jaas.config", JAAS)
        // what the follower needs for its own correctness stays its own
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Properties streams =
        StreamsRunner.baseProperties(
            "app",
            kafka,
            new TopicSettings(3, java.util.Optional.of((short) 3), java.util.Optional.of(2)),
            dir,
            StreamsConfig.EXACTLY_ONCE_V2,
            100,
            "http://registry:8081");
    assertThat(streams)
        .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)
        .containsEntry("topic.min.insync.replicas", "2")
        // a restore that finds nothing new does not wait out the consumer's 500 ms default
        .containsEntry(
            "restore.consumer.fetch.max.wait.ms", StreamsRunner.RESTORE_FETCH_MAX_WAIT_MS);
  }

  @Test
  void onPlaintextThereAreNoCredentialsToCheck() {
    // nothing listens there: a check that asked would wait, this one returns at once
    KafkaConnection nowhere = KafkaConnection.plaintext("127.0.0.1:1");
    long started = System.nanoTime();
    nowhere.checkAccepted(Duration.ofSeconds(30));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void anUnknownSecurityProtocolIsNamed() {
    assertThatThrownBy(
            () ->
                new KafkaConnection("a:1", Map.of("security.protocol", "SASL_TLS"))
                    .securityProtocol())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "security.protocol must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL, was"
                + " 'SASL_TLS'");
  }

  private Path write(String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("", lines));
  }
}
