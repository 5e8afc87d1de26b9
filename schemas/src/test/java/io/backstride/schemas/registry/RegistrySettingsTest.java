package io.backstride.schemas.registry;

import static io.backstride.schemas.registry.RegistrySettings.BASIC_AUTH_CREDENTIALS_SOURCE;
import static io.backstride.schemas.registry.RegistrySettings.BASIC_AUTH_USER_INFO;
import static io.backstride.schemas.registry.RegistrySettings.BEARER_AUTH_CREDENTIALS_SOURCE;
import static io.backstride.schemas.registry.RegistrySettings.BEARER_AUTH_TOKEN;
import static io.backstride.schemas.registry.RegistrySettings.SSL_TRUSTSTORE_LOCATION;
import static io.backstride.schemas.registry.RegistrySettings.SSL_TRUSTSTORE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Confluent's semantics for the credentials' source, and secrets kept out of every message. */
class RegistrySettingsTest {
  private static final String URL = "https://registry.example.org:8081";

  private static String basic(String userInfo) {
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void nothingSetMeansNoAuthorizationAndTheJvmsTruststore() {
    RegistrySettings settings = RegistrySettings.fromEnv(URL + "/", Map.of());

    assertThat(settings.url()).isEqualTo(URL);
    assertThat(settings.authorization()).isEmpty();
    assertThat(settings.truststore()).isNull();
  }

  @Test
  void userInfoIsUsedWhenNoSourceIsNamedAndWinsOverTheUrls() {
    RegistrySettings settings =
        RegistrySettings.fromEnv(
            "https://old:creds@registry.example.org:8081",
            Map.of(BASIC_AUTH_USER_INFO, "svc:pw-1"));

    assertThat(settings.authorization()).hasValue(basic("svc:pw-1"));
    assertThat(settings.url()).isEqualTo(URL);
  }

  @Test
  void sourceUrlTakesTheUrlsCredentialsAndIgnoresUserInfo() {
    RegistrySettings settings =
        RegistrySettings.fromEnv(
            "https://svc:pw-2@registry.example.org:8081",
            Map.of(BASIC_AUTH_CREDENTIALS_SOURCE, "URL", BASIC_AUTH_USER_INFO, "other:pw"));

    assertThat(settings.authorization()).hasValue(basic("svc:pw-2"));
    assertThat(settings.url()).isEqualTo(URL);
  }

  @Test
  void sourceUserInfoWithoutUserInfoIsRefused() {
    assertThatThrownBy(
            () -> RegistrySettings.fromEnv(URL, Map.of(BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            BASIC_AUTH_CREDENTIALS_SOURCE
                + " is USER_INFO but "
                + BASIC_AUTH_USER_INFO
                + " is not set");
  }

  @Test
  void sourceUrlWithoutCredentialsInTheUrlIsRefused() {
    assertThatThrownBy(
            () -> RegistrySettings.fromEnv(URL, Map.of(BASIC_AUTH_CREDENTIALS_SOURCE, "URL")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no user:password@");
  }

  @Test
  void anUnknownSourceIsRefusedByName() {
    assertThatThrownBy(
            () ->
                RegistrySettings.fromEnv(
                    URL, Map.of(BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(BASIC_AUTH_CREDENTIALS_SOURCE + " must be USER_INFO or URL");
  }

  @Test
  void userInfoWithoutAColonIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(
            () -> RegistrySettings.fromEnv(URL, Map.of(BASIC_AUTH_USER_INFO, "justApassword")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The credentials in " + BASIC_AUTH_USER_INFO + " must be user:password")
        .hasMessageNotContaining("justApassword");
  }

  @Test
  void aStaticBearerTokenIsSentAsBearer() {
    RegistrySettings settings =
        RegistrySettings.fromEnv(
            URL,
            Map.of(BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN", BEARER_AUTH_TOKEN, "tok-123"));

    assertThat(settings.authorization()).hasValue("Bearer tok-123");
    assertThat(RegistrySettings.fromEnv(URL, Map.of(BEARER_AUTH_TOKEN, "tok-123")).authorization())
        .hasValue("Bearer tok-123");
  }

  @Test
  void aBearerSourceOtherThanStaticTokenOrWithoutATokenIsRefused() {
    assertThatThrownBy(
            () ->
                RegistrySettings.fromEnv(
                    URL, Map.of(BEARER_AUTH_CREDENTIALS_SOURCE, "OAUTHBEARER")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(BEARER_AUTH_CREDENTIALS_SOURCE + " must be STATIC_TOKEN, was 'OAUTHBEARER'");
    assertThatThrownBy(
            () ->
                RegistrySettings.fromEnv(
                    URL, Map.of(BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(BEARER_AUTH_TOKEN + " is not set");
  }

  @Test
  void basicAuthAndABearerTokenTogetherAreRefused() {
    assertThatThrownBy(
            () ->
                RegistrySettings.fromEnv(
                    URL, Map.of(BASIC_AUTH_USER_INFO, "svc:pw", BEARER_AUTH_TOKEN, "tok-123")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not both")
        .hasMessageNotContaining("pw")
        .hasMessageNotContaining("tok-123");
  }

  @Test
  void aTruststorePasswordWithoutALocationIsRefused() {
    assertThatThrownBy(
            () -> RegistrySettings.fromEnv(URL, Map.of(SSL_TRUSTSTORE_PASSWORD, "changeit")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(SSL_TRUSTSTORE_PASSWORD + " is set but " + SSL_TRUSTSTORE_LOCATION + " is not");
  }

  @Test
  void aMissingTruststoreFileFailsTheSettingsNotTheFirstRequest() {
    assertThatThrownBy(
            () ->
                RegistrySettings.fromEnv(
                    URL, Map.of(SSL_TRUSTSTORE_LOCATION, "/nonexistent/truststore.p12")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(SSL_TRUSTSTORE_LOCATION + " /nonexistent/truststore.p12");
  }

  @Test
  void toStringHidesTheCredentials() {
    assertThat(RegistrySettings.fromEnv(URL, Map.of(BASIC_AUTH_USER_INFO, "svc:pw-9")).toString())
        .contains("[hidden]")
        .doesNotContain("pw-9")
        .doesNotContain("svc");
    assertThat(RegistrySettings.fromEnv(URL, Map.of(BEARER_AUTH_TOKEN, "tok-9")).toString())
        .contains("[hidden]")
        .doesNotContain("tok-9");
  }

  @Test
  void anUnparsableUrlIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> RegistrySettings.fromEnv("http://svc:p w@host:8081", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("BACKSTRIDE_SCHEMA_REGISTRY_URL is not a URL")
        .hasMessageNotContaining("p w");
  }
}
