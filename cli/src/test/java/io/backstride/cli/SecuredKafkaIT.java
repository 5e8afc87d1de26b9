package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.embeddedkafka.SaslSslListener;
import io.backstride.embeddedkafka.SelfSignedTls;
import io.backstride.localstack.KafkaSchemaStore;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.ServiceMain;
import io.backstride.platform.topic.TopicAdmin;
import io.backstride.platform.topic.TopicSettings;
import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.streams.TrainingLoadConfig;
import io.backstride.streams.TrainingLoadService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The pipeline on secured infrastructure, configured by {@code BACKSTRIDE_*} settings alone: a
 * broker that takes clients only over SASL_SSL (SCRAM-SHA-512, a certificate made for this run) and
 * lets the service principal do only what its ACLs allow, a schema registry over https that asks
 * for basic auth, and a mail relay over SMTPS with a login; an upload history ends as an alert and
 * an email through all three. Credentials any of them refuses stop the start within seconds, in one
 * line that names what refused them and not the password.
 */
class SecuredKafkaIT {
  private static final String ADMIN = "kafka-admin";
  private static final String ADMIN_PASSWORD = "admin-Secret-7";

  /** The principal the services run as. */
  private static final String SERVICE = "backstride";

  private static final String SERVICE_PASSWORD = "service-Secret-8";
  private static final String WRONG_PASSWORD = "not-the-Secret-9";
  private static final String TRAINING_LOAD = "backstride-training-load";
  private static final String ALERTS = "backstride-alerts";
  private static final String NOTIFIER = "backstride-notifier";

  @TempDir static Path dir;
  private static SaslSslListener listener;
  private static EmbeddedKafkaBroker broker;
  private static RegistryAndMail registryAndMail;

  private static final String REGISTRY_USER = "registry-user";
  private static final String REGISTRY_PASSWORD = "registry-Secret-5";
  private static final String MAIL_USER = "alerts-relay";
  private static final String MAIL_PASSWORD = "mail-Secret-4";

  /**
   * The schema registry and the SMTP server the services are pointed at, each secured as a
   * deployment's would be, and the settings that point the services there: the registry over https
   * (a certificate made for this run) asking every request for basic auth, and the mail relay over
   * SMTPS with a login, both certificates trusted through the services' truststore settings only.
   *
   * <p>GreenMail 2.1.13 offers AUTH but cannot refuse a sender that skips it, so that the services
   * do log in is shown by {@link #aWrongMailPasswordStopsTheStartInOneLine}.
   */
  private record RegistryAndMail(
      SchemaRegistryServer registry, GreenMail mail, SelfSignedTls certificate) {
    static RegistryAndMail start(KafkaConnection registryStore, Path certificates) {
      SelfSignedTls certificate = SelfSignedTls.create(certificates);
      // GreenMail reads its keystore once, when it first opens a TLS port in this JVM
      System.setProperty(
          DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY,
          certificate.keyStore().toString());
      System.setProperty(
          DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_PASSWORD_PROPERTY, certificate.password());
      System.setProperty(
          DummySSLServerSocketFactory.GREENMAIL_KEY_PASSWORD_PROPERTY, certificate.password());
      ServerSetup smtps = ServerSetupTest.SMTPS.dynamicPort();
      // GreenMail's 2 s to open a TLS port was missed once under load 30 (CI beside other builds)
      smtps.setServerStartupTimeout(30_000);
      GreenMail mail = new GreenMail(smtps);
      mail.setUser("alerts@backstride.test", MAIL_USER, MAIL_PASSWORD);
      mail.start();
      SchemaRegistryServer registry =
          SchemaRegistryServer.start(
              registryStore,
              "127.0.0.1",
              0,
              REGISTRY_USER + ":" + REGISTRY_PASSWORD,
              new SchemaRegistryServer.Tls(
                  certificate.keyStore(), certificate.password(), SelfSignedTls.STORE_TYPE));
      return new RegistryAndMail(registry, mail, certificate);
    }

    void putInto(Map<String, String> env) {
      env.put("BACKSTRIDE_SCHEMA_REGISTRY_URL", registry.url());
      env.put("BACKSTRIDE_SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE", "USER_INFO");
      env.put(
          "BACKSTRIDE_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO",
          REGISTRY_USER + ":" + REGISTRY_PASSWORD);
      env.put(
          "BACKSTRIDE_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION",
          certificate.trustStore().toString());
      env.put("BACKSTRIDE_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD", certificate.password());
      env.put("BACKSTRIDE_SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE", SelfSignedTls.STORE_TYPE);
      env.put("BACKSTRIDE_SMTP_HOST", "127.0.0.1");
      env.put("BACKSTRIDE_SMTP_PORT", String.valueOf(mail.getSmtps().getPort()));
      env.put("BACKSTRIDE_SMTP_SECURITY", "smtps");
      env.put("BACKSTRIDE_SMTP_USER", MAIL_USER);
      env.put("BACKSTRIDE_SMTP_PASSWORD", MAIL_PASSWORD);
      env.put("BACKSTRIDE_SMTP_SSL_TRUSTSTORE_LOCATION", certificate.trustStore().toString());
      env.put("BACKSTRIDE_SMTP_SSL_TRUSTSTORE_PASSWORD", certificate.password());
      env.put("BACKSTRIDE_SMTP_SSL_TRUSTSTORE_TYPE", SelfSignedTls.STORE_TYPE);
    }

    /** The registry client a deployment's settings in {@code env} make. */
    static SchemaRegistryClient client(Map<String, String> env) {
      return RestSchemaRegistryClient.fromEnv(env.get("BACKSTRIDE_SCHEMA_REGISTRY_URL"), env);
    }

    void close() {
      registry.close();
      mail.stop();
    }
  }

  @BeforeAll
  static void startSecuredBroker() throws Exception {
    long started = System.nanoTime();
    listener =
        new SaslSslListener(
            SelfSignedTls.create(dir.resolve("tls"), "store-Secret-6"),
            Map.of(ADMIN, ADMIN_PASSWORD, SERVICE, SERVICE_PASSWORD),
            ADMIN);
    long tls = System.nanoTime();
    broker = EmbeddedKafkaBroker.startSecured(dir.resolve("kafka"), listener);
    long up = System.nanoTime();
    KafkaConnection admin = connection(ADMIN, ADMIN_PASSWORD);
    // what an operator does once: the topics, as the admin; the services then only use them
    TopicAdmin.ensureTopics(admin, TopicSettings.of(3, 1));
    try (Admin acls = Admin.create(admin.adminConfig())) {
      acls.createAcls(serviceAcls()).all().get(30, TimeUnit.SECONDS);
    }
    // the registry is infrastructure beside the pipeline: it keeps its schemas as the admin
    registryAndMail = RegistryAndMail.start(admin, dir.resolve("registry-and-mail-tls"));
    System.out.printf(
        "SecuredKafkaIT: certificate %d ms, SASL_SSL broker %d ms, topics, ACLs, registry %d ms%n",
        (tls - started) / 1_000_000, (up - tls) / 1_000_000, (System.nanoTime() - up) / 1_000_000);
  }

  @AfterAll
  static void stop() {
    if (registryAndMail != null) {
      registryAndMail.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /**
   * What the services need and no more: read and write the pipeline's topics; create and use their
   * Streams applications' internal topics, consumer groups and transactional ids; the notifier's
   * group. No cluster-wide right, and no other topic.
   */
  private static List<AclBinding> serviceAcls() {
    List<AclBinding> acls = new ArrayList<>();
    for (Topic<?> topic : Topics.ALL) {
      ResourcePattern literal =
          new ResourcePattern(ResourceType.TOPIC, topic.name(), PatternType.LITERAL);
      for (AclOperation op :
          List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE)) {
        acls.add(allow(literal, op));
      }
    }
    for (String application : List.of(TRAINING_LOAD, ALERTS)) {
      ResourcePattern internalTopics =
          new ResourcePattern(ResourceType.TOPIC, application + "-", PatternType.PREFIXED);
      for (AclOperation op :
          List.of(
              AclOperation.CREATE,
              AclOperation.READ,
              AclOperation.WRITE,
              AclOperation.DESCRIBE,
              AclOperation.DESCRIBE_CONFIGS,
              AclOperation.DELETE)) {
        acls.add(allow(internalTopics, op));
      }
      acls.add(
          allow(
              new ResourcePattern(ResourceType.GROUP, application, PatternType.LITERAL),
              AclOperation.READ));
      ResourcePattern transactions =
          new ResourcePattern(
              ResourceType.TRANSACTIONAL_ID, application + "-", PatternType.PREFIXED);
      acls.add(allow(transactions, AclOperation.WRITE));
      acls.add(allow(transactions, AclOperation.DESCRIBE));
    }
    acls.add(
        allow(
            new ResourcePattern(ResourceType.GROUP, NOTIFIER, PatternType.LITERAL),
            AclOperation.READ));
    return acls;
  }

  private static AclBinding allow(ResourcePattern resource, AclOperation operation) {
    return new AclBinding(
        resource,
        new AccessControlEntry("User:" + SERVICE, "*", operation, AclPermissionType.ALLOW));
  }

  @Test
  void anUploadHistoryBecomesAnAlertAndAnEmailOnSaslSslWithBackstrideSettingsOnly()
      throws Exception {
    Map<String, String> env = serviceEnv(SERVICE_PASSWORD, dir.resolve("state-ok"));
    // one broker: 1 and 1, set rather than left to the broker, so that they show on the topics
    env.put(TopicSettings.REPLICATION, "1");
    env.put(TopicSettings.MIN_INSYNC_REPLICAS, "1");
    // the settings as a deployment gives them: a client file and a variable, never a Java object
    KafkaConnection asConfigured = KafkaConnection.fromEnv(env, "unused:9092");
    assertThat(asConfigured.properties()).containsKeys("sasl.jaas.config", "security.protocol");

    long started = System.nanoTime();
    try (Pipeline pipeline = Pipeline.start(env)) {
      pipeline.awaitReady(Duration.ofSeconds(120));
      System.out.printf(
          "SecuredKafkaIT: pipeline ready on SASL_SSL in %d ms%n",
          Duration.ofNanos(System.nanoTime() - started).toMillis());
      DownhillScenario.uploadsAHistoryAndEmailsTheDownhillRamp(
          pipeline,
          asConfigured,
          RegistryAndMail.client(env),
          registryAndMail.mail()::getReceivedMessages,
          "secured-ana");
    }
    assertThat(internalTopicsMinInsync(TRAINING_LOAD)).isNotEmpty().containsOnly("1");
    System.out.printf(
        "SecuredKafkaIT: upload history to email on SASL_SSL in %d ms%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  /** min.insync.replicas as set on each internal topic of {@code application} itself. */
  private static List<String> internalTopicsMinInsync(String application) throws Exception {
    try (Admin admin = Admin.create(connection(ADMIN, ADMIN_PASSWORD).adminConfig())) {
      List<ConfigResource> internal =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(name -> name.startsWith(application + "-"))
              .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
              .toList();
      return admin.describeConfigs(internal).all().get(30, TimeUnit.SECONDS).values().stream()
          .map(c -> c.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG))
          .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
          .map(ConfigEntry::value)
          .toList();
    }
  }

  @Test
  void theServicePrincipalMayNeitherCreateTopicsNorReadTheRegistrysOwn() {
    try (Admin service = Admin.create(connection(SERVICE, SERVICE_PASSWORD).adminConfig())) {
      assertThatThrownBy(
              () ->
                  service
                      .createTopics(List.of(new NewTopic("not-a-pipeline-topic", 1, (short) 1)))
                      .all()
                      .get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TopicAuthorizationException.class);
      assertThatThrownBy(
              () ->
                  service
                      .describeTopics(List.of(KafkaSchemaStore.TOPIC))
                      .allTopicNames()
                      .get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void aWrongPasswordStopsThePipelineStartWithinSecondsInOneLineWithoutThePassword() {
    Map<String, String> env = serviceEnv(WRONG_PASSWORD, dir.resolve("state-wrong"));

    long started = System.nanoTime();
    assertThatThrownBy(() -> Pipeline.start(env).close())
        .isInstanceOf(KafkaConnection.RefusedException.class)
        .satisfies(
            e -> {
              assertThat(e.getMessage())
                  .contains("Kafka at " + broker.bootstrapServers())
                  .contains("refused the SASL authentication (SCRAM-SHA-512)")
                  .doesNotContain(WRONG_PASSWORD)
                  .doesNotContain("\n");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void aWrongRegistryPasswordStopsTheStartInOneLine() {
    Map<String, String> env = serviceEnv(SERVICE_PASSWORD, dir.resolve("state-registry"));
    env.put(
        "BACKSTRIDE_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", REGISTRY_USER + ":" + WRONG_PASSWORD);

    assertThatThrownBy(() -> Pipeline.start(env).close())
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .contains("schema registry at " + registryAndMail.registry().url())
                    .contains("refused the credentials (401)")
                    .doesNotContain(WRONG_PASSWORD)
                    .doesNotContain("\n"));
  }

  @Test
  void aWrongMailPasswordStopsTheStartInOneLine() {
    Map<String, String> env = serviceEnv(SERVICE_PASSWORD, dir.resolve("state-mail"));
    env.put("BACKSTRIDE_SMTP_PASSWORD", WRONG_PASSWORD);

    assertThatThrownBy(() -> Pipeline.start(env).close())
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .contains(
                        "SMTP server 127.0.0.1:" + registryAndMail.mail().getSmtps().getPort())
                    .contains("refused the credentials in BACKSTRIDE_SMTP_USER")
                    .doesNotContain(WRONG_PASSWORD)
                    .doesNotContain("\n"));
  }

  @Test
  void aServiceStartedOnItsOwnSaysInOneLineThatKafkaRefusedItsCredentials() {
    Map<String, String> env = serviceEnv(WRONG_PASSWORD, dir.resolve("state-service"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    long started = System.nanoTime();
    var service =
        ServiceMain.start(
            "training-load",
            env,
            ServiceMain.fromEnv(
                TrainingLoadConfig::fromEnv,
                TrainingLoadConfig::schemaRegistryUrl,
                TrainingLoadService::start),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(service).isEmpty();
    String said = err.toString(StandardCharsets.UTF_8);
    assertThat(said.lines()).hasSize(1);
    assertThat(said)
        .startsWith("training-load: Kafka at " + broker.bootstrapServers())
        .contains("SASL authentication")
        .doesNotContain(WRONG_PASSWORD);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void runWithKafkaConfigOnAWrongPasswordExitsWithOneLine() throws IOException {
    Path config = dir.resolve("wrong-client.properties");
    writeClientFile(config, WRONG_PASSWORD);
    CommandLine cli = Backstride.commandLine();
    RunCommand run = (RunCommand) cli.getSubcommands().get("run").getCommand();
    Map<String, String> env = new HashMap<>();
    registryAndMail.putInto(env);
    env.put("BACKSTRIDE_STATE_DIR", dir.resolve("state-run").toString());
    run.env = env;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    long started = System.nanoTime();
    int code =
        cli.execute(
            "run",
            "--kafka=" + broker.bootstrapServers(),
            "--kafka-config=" + config,
            "--port=0",
            "--trends-port=0",
            "--pages-port=0",
            "--data-dir=" + dir.resolve("run-data"),
            "--outbox=" + dir.resolve("outbox"));

    assertThat(code).as(out.toString()).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("backstride: Kafka at " + broker.bootstrapServers() + " refused the SASL")
        .doesNotContain(WRONG_PASSWORD)
        .doesNotContain("\n");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
  }

  /**
   * The services' settings: the bootstrap servers, a client properties file with the protocol and
   * the truststore, and the JAAS line (the password) as a variable, as a container would get it.
   */
  private static Map<String, String> serviceEnv(String password, Path stateDir) {
    Path file = dir.resolve("client-" + stateDir.getFileName() + ".properties");
    try {
      writeClientFile(file, null);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Map<String, String> env = DownhillScenario.env(broker.bootstrapServers(), "", 0, stateDir);
    registryAndMail.putInto(env);
    env.put(KafkaConnection.CONFIG_FILE, file.toString());
    env.put(
        "BACKSTRIDE_KAFKA_SASL_JAAS_CONFIG",
        listener.clientProperties(SERVICE, password).getProperty("sasl.jaas.config"));
    return env;
  }

  /** A client file as Kafka's tools take one; with the JAAS line when a password is given. */
  private static void writeClientFile(Path file, String password) throws IOException {
    Properties client = listener.clientProperties(SERVICE, password == null ? "x" : password);
    if (password == null) {
      client.remove("sasl.jaas.config");
    }
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      client.store(out, "backstride's Kafka client settings");
    }
  }

  private static KafkaConnection connection(String user, String password) {
    Map<String, String> properties = new HashMap<>();
    listener
        .clientProperties(user, password)
        .forEach((k, v) -> properties.put(k.toString(), v.toString()));
    return new KafkaConnection(broker.bootstrapServers(), properties);
  }
}
