package io.backstride.embeddedkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secured broker: only SCRAM-SHA-512 over TLS gets in, with a certificate made for this run,
 * and what a principal may do is what its ACLs say.
 */
class EmbeddedKafkaSaslSslIT {
  private static final String ADMIN = "broker-admin";
  private static final String ADMIN_PASSWORD = "admin-Pass-1";
  private static final String APP = "app";
  private static final String APP_PASSWORD = "app-Pass-2";
  private static final String ALLOWED = "secured-allowed";
  private static final String FORBIDDEN = "secured-forbidden";

  @TempDir static Path dir;
  private static SaslSslListener listener;
  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void start() throws Exception {
    listener =
        new SaslSslListener(
            SelfSignedTls.create(dir.resolve("tls"), "store-Pass-3"),
            Map.of(ADMIN, ADMIN_PASSWORD, APP, APP_PASSWORD),
            ADMIN);
    broker = EmbeddedKafkaBroker.startSecured(null, listener);
    try (Admin admin = Admin.create(admin(ADMIN, ADMIN_PASSWORD))) {
      admin
          .createTopics(
              List.of(new NewTopic(ALLOWED, 1, (short) 1), new NewTopic(FORBIDDEN, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      ResourcePattern topic = new ResourcePattern(ResourceType.TOPIC, ALLOWED, PatternType.LITERAL);
      admin
          .createAcls(List.of(allow(topic, AclOperation.WRITE), allow(topic, AclOperation.READ)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void anAllowedPrincipalWritesAndReadsOverSaslSsl() throws Exception {
    Properties producer = listener.clientProperties(APP, APP_PASSWORD);
    producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
      p.send(new ProducerRecord<>(ALLOWED, "k", "over TLS")).get(30, TimeUnit.SECONDS);
    }
    Properties consumer = listener.clientProperties(APP, APP_PASSWORD);
    consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(ALLOWED, 0);
      c.assign(List.of(partition));
      c.seekToBeginning(List.of(partition));
      assertThat(c.poll(Duration.ofSeconds(10)).records(partition))
          .extracting(r -> r.value())
          .containsExactly("over TLS");
    }
  }

  @Test
  void aTopicWithoutAnAclForThePrincipalIsRefused() {
    Properties producer = listener.clientProperties(APP, APP_PASSWORD);
    producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
      assertThatThrownBy(
              () -> p.send(new ProducerRecord<>(FORBIDDEN, "k", "no")).get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void aWrongPasswordIsRefusedAtOnce() {
    long started = System.nanoTime();
    try (Admin admin = Admin.create(admin(APP, "not-the-password"))) {
      assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aPlaintextClientGetsNoAnswer() {
    Properties plain = new Properties();
    plain.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    plain.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
    plain.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
    try (Admin admin = Admin.create(plain)) {
      assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
    }
  }

  private static Properties admin(String user, String password) {
    Properties p = listener.clientProperties(user, password);
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return p;
  }

  private static AclBinding allow(ResourcePattern resource, AclOperation operation) {
    return new AclBinding(
        resource, new AccessControlEntry("User:" + APP, "*", operation, AclPermissionType.ALLOW));
  }
}
