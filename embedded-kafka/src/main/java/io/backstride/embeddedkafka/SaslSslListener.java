package io.backstride.embeddedkafka;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How a secured {@link EmbeddedKafkaBroker} takes clients: one SASL_SSL listener, SCRAM-SHA-512
 * over TLS with a {@link SelfSignedTls} certificate, and KRaft's {@code StandardAuthorizer}, so
 * that a principal may do only what an ACL allows it. The broker talks to itself on the same
 * listener as {@code brokerUser}, its super user; the controller listener stays PLAINTEXT on
 * loopback, where the node's own controller requests come as {@code User:ANONYMOUS}, the other
 * super user (a combined node cannot use SCRAM there: the credentials live in the metadata that
 * listener serves).
 *
 * @param tls the broker's keystore and the clients' truststore
 * @param users SCRAM-SHA-512 credentials by user name, written into the metadata when the node is
 *     formatted (as {@code kafka-storage format --add-scram} does); among them {@code brokerUser}
 * @param brokerUser the broker's own user, a super user
 */
public record SaslSslListener(SelfSignedTls tls, Map<String, String> users, String brokerUser) {
  public static final String MECHANISM = "SCRAM-SHA-512";
  static final String NAME = "SASL_SSL";

  public SaslSslListener {
    users = Map.copyOf(users);
    if (!users.containsKey(brokerUser)) {
      throw new IllegalArgumentException("no SCRAM credentials for the broker user " + brokerUser);
    }
    users.forEach(
        (name, password) -> {
          // the formatter's and JAAS's quoting: keep both simple and safe
          if (!name.matches("[A-Za-z0-9_.-]+") || !password.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException(
                "SCRAM user names and passwords here are letters, digits, _ . - only: " + name);
          }
        });
  }

  /** Client settings for {@code user} with {@code password}, as any Kafka client takes them. */
  public Properties clientProperties(String user, String password) {
    Properties p = new Properties();
    p.put("security.protocol", NAME);
    p.put("sasl.mechanism", MECHANISM);
    p.put("sasl.jaas.config", jaas(user, password));
    p.put("ssl.truststore.location", tls.trustStore().toString());
    p.put("ssl.truststore.password", tls.password());
    p.put("ssl.truststore.type", SelfSignedTls.STORE_TYPE);
    return p;
  }

  static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }

  /** The broker's settings for this listener, on {@code host:port}. */
  void configure(
      Properties props, String host, int port, String controllerListener, int controllerPort) {
    props.put(
        "listeners",
        NAME
            + "://"
            + host
            + ":"
            + port
            + ","
            + controllerListener
            + "://"
            + host
            + ":"
            + controllerPort);
    props.put("advertised.listeners", NAME + "://" + host + ":" + port);
    props.put(
        "listener.security.protocol.map", NAME + ":SASL_SSL," + controllerListener + ":PLAINTEXT");
    props.put("inter.broker.listener.name", NAME);
    props.put("sasl.enabled.mechanisms", MECHANISM);
    props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
    props.put(
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
        jaas(brokerUser, users.get(brokerUser)));
    props.put("ssl.keystore.location", tls.keyStore().toString());
    props.put("ssl.keystore.password", tls.password());
    props.put("ssl.key.password", tls.password());
    props.put("ssl.keystore.type", SelfSignedTls.STORE_TYPE);
    // the broker is a client of its own listener (transaction markers): it trusts its certificate
    props.put("ssl.truststore.location", tls.trustStore().toString());
    props.put("ssl.truststore.password", tls.password());
    props.put("ssl.truststore.type", SelfSignedTls.STORE_TYPE);
    props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    props.put("super.users", "User:" + brokerUser + ";User:ANONYMOUS");
    props.put("allow.everyone.if.no.acl.found", "false");
  }

  /** The formatter's SCRAM arguments, one per user. */
  List<String> scramArguments() {
    return users.entrySet().stream()
        .map(u -> MECHANISM + "=[name=" + u.getKey() + ",password=" + u.getValue() + "]")
        .toList();
  }

  @Override
  public String toString() {
    return "SaslSslListener[users=" + users.keySet() + ", brokerUser=" + brokerUser + "]";
  }
}
