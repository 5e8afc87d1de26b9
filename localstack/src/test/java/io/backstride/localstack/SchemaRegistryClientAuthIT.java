package io.backstride.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.embeddedkafka.SelfSignedTls;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RegistrySettings;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistrationException;
import io.backstride.schemas.registry.SchemaRegistryAuthenticationException;
import io.backstride.schemas.registry.SchemaRegistryException;
import io.backstride.schemas.registry.TopicSchemas;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backstride's registry client against the local registry with basic auth on, over http and over
 * https with a certificate made for the test: right, wrong and missing credentials, the one line a
 * service prints when the registry refuses them, and a certificate the client must verify.
 */
class SchemaRegistryClientAuthIT {
  private static final String CREDENTIALS = "pipeline:client-s3cret";
  private static final Schema SCHEMA =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"AuthProbe\",\"namespace\":\"io.backstride.test\","
                  + "\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");

  @TempDir static Path certificates;

  private static SchemaRegistryServer plain;
  private static SchemaRegistryServer https;
  private static SelfSignedTls certificate;

  @BeforeAll
  static void startBoth() {
    String bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    certificate = SelfSignedTls.create(certificates);
    plain = SchemaRegistryServer.start(bootstrap, "127.0.0.1", 0, CREDENTIALS);
    https =
        SchemaRegistryServer.start(
            bootstrap,
            "127.0.0.1",
            0,
            CREDENTIALS,
            new SchemaRegistryServer.Tls(
                certificate.keyStore(), certificate.password(), SelfSignedTls.STORE_TYPE));
  }

  @AfterAll
  static void stop() {
    plain.close();
    https.close();
  }

  @Test
  void theRightCredentialsFromTheEnvironmentRegisterAndRead() {
    RestSchemaRegistryClient client =
        RestSchemaRegistryClient.fromEnv(
            plain.url(), Map.of(RegistrySettings.BASIC_AUTH_USER_INFO, CREDENTIALS));

    int id = client.register("auth-right-value", SCHEMA);

    assertThat(client.versions("auth-right-value")).containsExactly(1);
    assertThat(
            RestSchemaRegistryClient.fromEnv(
                    plain.url(), Map.of(RegistrySettings.BASIC_AUTH_USER_INFO, CREDENTIALS))
                .schemaById(id))
        .isEqualTo(SCHEMA);
  }

  @Test
  void credentialsInTheUrlWorkWithSourceUrl() {
    RestSchemaRegistryClient client =
        RestSchemaRegistryClient.fromEnv(
            plain.url().replace("//", "//" + CREDENTIALS + "@"),
            Map.of(RegistrySettings.BASIC_AUTH_CREDENTIALS_SOURCE, "URL"));

    assertThat(client.register("auth-url-value", SCHEMA)).isPositive();
    assertThat(client.baseUrl()).isEqualTo(plain.url());
  }

  @Test
  void wrongCredentialsAreRefusedInOneLineThatNamesTheRegistryNotThePassword() {
    RestSchemaRegistryClient client =
        RestSchemaRegistryClient.fromEnv(
            plain.url(), Map.of(RegistrySettings.BASIC_AUTH_USER_INFO, "pipeline:wrong-guess"));

    assertThatThrownBy(() -> client.versions("auth-wrong-value"))
        .isInstanceOfSatisfying(
            SchemaRegistryAuthenticationException.class,
            e -> assertThat(e.httpStatus()).isEqualTo(401))
        .hasMessage("schema registry at " + plain.url() + " refused the credentials (401)");
  }

  @Test
  void aServiceStartingWithWrongCredentialsFailsWithThatOneLine() {
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(plain.url(), "pipeline:wrong-guess");

    assertThatThrownBy(() -> TopicSchemas.register(client, List.of(Topics.INGEST_DEAD_LETTER)))
        .isInstanceOf(SchemaRegistrationException.class)
        .hasMessage("schema registry at " + plain.url() + " refused the credentials (401)");
  }

  @Test
  void aReadOnlyServiceChecksItsCredentialsAtStart() {
    assertThatThrownBy(
            () ->
                TopicSchemas.checkCredentials(
                    new RestSchemaRegistryClient(plain.url(), "pipeline:wrong-guess"),
                    Topics.ATHLETE_PROFILES))
        .isInstanceOf(SchemaRegistrationException.class)
        .hasMessage("schema registry at " + plain.url() + " refused the credentials (401)");
    // the right ones pass, though nothing is registered under the subject yet (404)
    TopicSchemas.checkCredentials(
        new RestSchemaRegistryClient(plain.url(), CREDENTIALS), Topics.ATHLETE_PROFILES);
  }

  @Test
  void noCredentialsAreRefusedWithTheSettingsToSet() {
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(plain.url());

    assertThatThrownBy(() -> client.register("auth-none-value", SCHEMA))
        .isInstanceOf(SchemaRegistryAuthenticationException.class)
        .hasMessage(
            "schema registry at "
                + plain.url()
                + " asks for credentials (401) and none are set: see "
                + RegistrySettings.BASIC_AUTH_USER_INFO
                + " or "
                + RegistrySettings.BEARER_AUTH_TOKEN);
  }

  @Test
  void overHttpsTheClientTrustsTheTruststoreItIsGiven() {
    assertThat(https.url()).startsWith("https://127.0.0.1:");
    RestSchemaRegistryClient client =
        RestSchemaRegistryClient.fromEnv(
            https.url(),
            Map.of(
                RegistrySettings.BASIC_AUTH_USER_INFO,
                CREDENTIALS,
                RegistrySettings.SSL_TRUSTSTORE_LOCATION,
                certificate.trustStore().toString(),
                RegistrySettings.SSL_TRUSTSTORE_PASSWORD,
                certificate.password(),
                RegistrySettings.SSL_TRUSTSTORE_TYPE,
                "PKCS12"));

    int id = client.register("auth-https-value", SCHEMA);

    assertThat(client.schemaById(id)).isEqualTo(SCHEMA);
    // the certificate names localhost too: the host name check passes for either
    assertThat(
            RestSchemaRegistryClient.fromEnv(
                    https.url().replace("127.0.0.1", "localhost"),
                    Map.of(
                        RegistrySettings.BASIC_AUTH_USER_INFO, CREDENTIALS,
                        RegistrySettings.SSL_TRUSTSTORE_LOCATION,
                            certificate.trustStore().toString(),
                        RegistrySettings.SSL_TRUSTSTORE_PASSWORD, certificate.password()))
                .versions("auth-https-value"))
        .containsExactly(1);
  }

  @Test
  void overHttpsAnUnknownCertificateIsRefusedNotTrusted() {
    // the JVM's own truststore does not know the test's certificate
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(https.url(), CREDENTIALS);

    assertThatThrownBy(() -> client.versions("auth-https-value"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isZero())
        .hasMessageContaining("PKIX");
  }

  @Test
  void theHttpsRegistryDoesNotAnswerPlainHttp() {
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(https.url().replace("https:", "http:"), CREDENTIALS);

    assertThatThrownBy(() -> client.versions("auth-https-value"))
        .isInstanceOf(SchemaRegistryException.class);
  }

  @Test
  void aWrongTruststorePasswordFailsTheSettingsInOneLine() {
    assertThatThrownBy(
            () ->
                RegistrySettings.fromEnv(
                    https.url(),
                    Map.of(
                        RegistrySettings.SSL_TRUSTSTORE_LOCATION,
                        certificate.trustStore().toString(),
                        RegistrySettings.SSL_TRUSTSTORE_PASSWORD,
                        "not-the-password")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            RegistrySettings.SSL_TRUSTSTORE_LOCATION + " " + certificate.trustStore())
        .hasMessageNotContaining("not-the-password")
        .hasMessageNotContaining("\n");
  }
}
