package io.backstride.platform;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How to reach Kafka: the bootstrap servers and the client properties every producer, consumer,
 * admin client and Streams application of backstride is given (security protocol, SASL, TLS
 * truststore, timeouts...), the way Kafka's own tools take a {@code --command-config} file.
 *
 * <p>Read once from the environment ({@link #fromEnv}): {@value #CONFIG_FILE} names a Java
 * properties file, and each {@code BACKSTRIDE_KAFKA_<PROPERTY>} variable sets one property ({@code
 * BACKSTRIDE_KAFKA_SECURITY_PROTOCOL} is {@code security.protocol}), winning over the file. The
 * client builders ({@link #producerConfig()} and its siblings) start from this, so that no client
 * can be made without it; what a client sets on top for its own correctness (acks, isolation,
 * serializers, group) wins over these properties.
 *
 * <p>Secrets (a JAAS config, passwords, keys) never leave in text: {@link #toString()} and {@link
 * #hideSecrets} print {@value #HIDDEN} in their place.
 *
 * @param bootstrapServers {@code bootstrap.servers}
 * @param properties every other client property, by Kafka's name; never {@code bootstrap.servers}
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> properties) {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaConnection.class);

  public static final String BOOTSTRAP = "BACKSTRIDE_KAFKA_BOOTSTRAP";
  public static final String CONFIG_FILE = "BACKSTRIDE_KAFKA_CONFIG_FILE";
  public static final String PROPERTY_PREFIX = "BACKSTRIDE_KAFKA_";
  public static final String HIDDEN = "[hidden]";

  /** How long a service's start waits for the cluster to accept or refuse its credentials. */
  public static final Duration CHECK_WAIT = Duration.ofSeconds(10);

  /** Variables under {@value #PROPERTY_PREFIX} that are backstride's own, not client properties. */
  static final Set<String> NOT_PROPERTIES =
      Set.of(BOOTSTRAP, CONFIG_FILE, "BACKSTRIDE_KAFKA_PORT" /* run's local broker */);

  private static final Set<String> PRODUCER = ProducerConfig.configNames();
  private static final Set<String> CONSUMER = ConsumerConfig.configNames();
  private static final Set<String> ADMIN = AdminClientConfig.configNames();
  private static final Set<String> STREAMS = StreamsConfig.configDef().names();
  private static final Set<String> KNOWN = union(PRODUCER, CONSUMER, ADMIN, STREAMS);
  private static final Set<String> PASSWORD_TYPED = passwordTyped();
  private static final Pattern JAAS_PASSWORD =
      Pattern.compile("(?i)(?:password|secret)\\s*=\\s*\"([^\"]+)\"");

  /**
   * Connections the cluster has accepted in this JVM: the services of one {@code backstride run}
   * share one, and need to ask once.
   */
  private static final Set<KafkaConnection> ACCEPTED = ConcurrentHashMap.newKeySet();

  private static final Pattern SECRET_NAME =
      Pattern.compile("password|secret|jaas|credential|\\.key$");

  public KafkaConnection {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(BOOTSTRAP + " must name at least one host:port");
    }
    bootstrapServers = bootstrapServers.strip();
    properties = properties == null ? Map.of() : properties;
    if (properties.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException(
          "bootstrap.servers is the connection's own bootstrapServers, not one of its properties");
    }
    properties = java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  /** The servers with no further property: a PLAINTEXT listener, as the local stack has. */
  public static KafkaConnection plaintext(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  /**
   * The connection the environment describes: {@value #BOOTSTRAP} (else the file's {@code
   * bootstrap.servers}, else {@code defaultBootstrap}), the properties of {@value #CONFIG_FILE},
   * and the {@code BACKSTRIDE_KAFKA_<PROPERTY>} variables over them. Blank means unset.
   *
   * @throws IllegalArgumentException in one line naming the file that cannot be read, or the
   *     variable that maps to no Kafka client property
   */
  public static KafkaConnection fromEnv(Map<String, String> env, String defaultBootstrap) {
    Map<String, String> properties = new HashMap<>();
    String file = EnvValues.text(env, CONFIG_FILE, null);
    if (file != null) {
      properties.putAll(readFile(Path.of(file)));
    }
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(PROPERTY_PREFIX)
          || NOT_PROPERTIES.contains(name)
          || e.getValue() == null
          || e.getValue().isBlank()) {
        continue;
      }
      String property = propertyName(name);
      if (property.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
        throw new IllegalArgumentException(
            name + " is not read: the bootstrap servers are " + BOOTSTRAP);
      }
      if (!KNOWN.contains(property)) {
        throw new IllegalArgumentException(
            name
                + " names no Kafka client property ("
                + property
                + " is not a producer, consumer, admin or Streams setting)");
      }
      properties.put(property, e.getValue().strip());
    }
    String fileBootstrap = properties.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    String bootstrap =
        EnvValues.text(env, BOOTSTRAP, fileBootstrap == null ? defaultBootstrap : fileBootstrap);
    KafkaConnection connection = new KafkaConnection(bootstrap, properties);
    connection.securityProtocol(); // a typo in it fails now, not in the first client
    return connection;
  }

  /** {@code BACKSTRIDE_KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}. */
  static String propertyName(String variable) {
    return variable.substring(PROPERTY_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  private static Map<String, String> readFile(Path file) {
    Properties read = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      read.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          CONFIG_FILE + " " + file + " cannot be read: " + e.getClass().getSimpleName());
    }
    Map<String, String> properties = new HashMap<>();
    Set<String> unknown = new TreeSet<>();
    for (String key : read.stringPropertyNames()) {
      String value = read.getProperty(key).strip();
      if (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || KNOWN.contains(key)) {
        properties.put(key, value);
      } else {
        // e.g. the schema registry's settings in a client file a managed service hands out
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      LOG.warn("{} {}: ignored, no Kafka client knows {}", CONFIG_FILE, file, unknown);
    }
    return properties;
  }

  /** The same properties on other servers. */
  public KafkaConnection withBootstrapServers(String servers) {
    return new KafkaConnection(servers, properties);
  }

  /** Settings for a producer: the bootstrap servers and the properties a producer knows. */
  public Map<String, Object> producerConfig() {
    return config(PRODUCER::contains);
  }

  /** Settings for a consumer: the bootstrap servers and the properties a consumer knows. */
  public Map<String, Object> consumerConfig() {
    return config(CONSUMER::contains);
  }

  /** Settings for an admin client: the bootstrap servers and the properties it knows. */
  public Map<String, Object> adminConfig() {
    return config(ADMIN::contains);
  }

  /** Settings for a Streams application: all of them, it hands them on to its own clients. */
  public Map<String, Object> streamsConfig() {
    return config(key -> true);
  }

  /** {@link #consumerConfig()} as {@link Properties}, for the builders that take those. */
  public Properties consumerProperties() {
    Properties p = new Properties();
    p.putAll(consumerConfig());
    return p;
  }

  /** {@link #producerConfig()} as {@link Properties}. */
  public Properties producerProperties() {
    Properties p = new Properties();
    p.putAll(producerConfig());
    return p;
  }

  /** {@link #adminConfig()} as {@link Properties}. */
  public Properties adminProperties() {
    Properties p = new Properties();
    p.putAll(adminConfig());
    return p;
  }

  private Map<String, Object> config(Predicate<String> known) {
    Map<String, Object> config = new HashMap<>();
    properties.forEach(
        (key, value) -> {
          if (known.test(key)) {
            config.put(key, value);
          }
        });
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }

  /** The {@code security.protocol}, PLAINTEXT when unset. */
  public SecurityProtocol securityProtocol() {
    String protocol = properties.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
    try {
      return protocol == null
          ? SecurityProtocol.PLAINTEXT
          : SecurityProtocol.forName(protocol.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "security.protocol must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL, was '"
              + protocol
              + "'");
    }
  }

  /**
   * Whether a property's value is a secret: a Kafka PASSWORD setting ({@code sasl.jaas.config},
   * {@code ssl.*.password}, ...) or a name that says so.
   */
  public static boolean isSecret(String key) {
    return PASSWORD_TYPED.contains(key) || SECRET_NAME.matcher(key).find();
  }

  /** {@code text} with every secret value of this connection replaced by {@value #HIDDEN}. */
  public String hideSecrets(String text) {
    if (text == null) {
      return null;
    }
    String hidden = text;
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (isSecret(e.getKey()) && !e.getValue().isEmpty()) {
        hidden = hidden.replace(e.getValue(), HIDDEN);
        // and the password inside a JAAS line, should a message quote that alone
        for (String quoted : jaasPasswords(e.getValue())) {
          hidden = hidden.replace(quoted, HIDDEN);
        }
      }
    }
    return hidden;
  }

  private static Set<String> jaasPasswords(String jaas) {
    Set<String> values = new HashSet<>();
    var m = JAAS_PASSWORD.matcher(jaas);
    while (m.find()) {
      values.add(m.group(1));
    }
    return values;
  }

  /**
   * Asks the cluster for its id, so that credentials it refuses stop a service at start with one
   * line, rather than in retries in the logs. Only where there are credentials to refuse (any
   * protocol but PLAINTEXT); a cluster that does not answer within {@code wait} is left to the
   * service, which starts without Kafka as it always has (ingest then answers 503).
   *
   * @throws RefusedException when the cluster refuses the authentication (wrong password, unknown
   *     user, certificate not trusted) or the client settings cannot make a client
   */
  public void checkAccepted(Duration wait) {
    if (securityProtocol() == SecurityProtocol.PLAINTEXT || ACCEPTED.contains(this)) {
      return;
    }
    Map<String, Object> config = adminConfig();
    int ms = (int) Math.max(1, wait.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "backstride-connection-check");
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().clusterId().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      ACCEPTED.add(this);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthenticationException refused) {
        throw new RefusedException(refusal(refused));
      }
      // anything else (not there yet, a timeout) is the service's to ride out
    } catch (TimeoutException e) {
      // not reachable yet: the service starts and retries, as it does on PLAINTEXT
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (KafkaException e) {
      throw new RefusedException(
          "Kafka client settings for "
              + bootstrapServers
              + " cannot make a client: "
              + hideSecrets(rootMessage(e)));
    }
  }

  private String refusal(AuthenticationException refused) {
    String what =
        refused instanceof SaslAuthenticationException
            ? "SASL authentication"
                + (properties.containsKey("sasl.mechanism")
                    ? " (" + properties.get("sasl.mechanism") + ")"
                    : "")
            : "TLS authentication";
    return "Kafka at "
        + bootstrapServers
        + " refused the "
        + what
        + ": "
        + hideSecrets(oneLine(refused.getMessage()))
        + "; check the credentials in "
        + CONFIG_FILE
        + " or the BACKSTRIDE_KAFKA_* variables";
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return oneLine(root.getMessage() == null ? root.getClass().getName() : root.getMessage());
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s+", " ");
  }

  /** The cluster refused this connection's credentials, or its settings make no client. */
  public static final class RefusedException extends IllegalStateException {
    public RefusedException(String message) {
      super(message);
    }
  }

  /** The bootstrap servers and the properties, secrets shown as {@value #HIDDEN}. */
  @Override
  public String toString() {
    return "KafkaConnection[bootstrapServers="
        + bootstrapServers
        + ", properties="
        + properties.entrySet().stream()
            .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? HIDDEN : e.getValue()))
            .collect(Collectors.joining(", ", "{", "}"))
        + "]";
  }

  private static Set<String> passwordTyped() {
    Set<String> names = new HashSet<>();
    for (ConfigDef def :
        new ConfigDef[] {
          ProducerConfig.configDef(),
          ConsumerConfig.configDef(),
          AdminClientConfig.configDef(),
          StreamsConfig.configDef()
        }) {
      def.configKeys()
          .forEach(
              (name, key) -> {
                if (key.type == ConfigDef.Type.PASSWORD) {
                  names.add(name);
                }
              });
    }
    return Set.copyOf(names);
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new HashSet<>();
    for (Set<String> s : sets) {
      all.addAll(s);
    }
    return Set.copyOf(all);
  }
}
