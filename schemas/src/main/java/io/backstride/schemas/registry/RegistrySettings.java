package io.backstride.schemas.registry;

import io.backstride.schemas.tls.Truststore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach a schema registry: its URL, how to authenticate (HTTP basic auth or a bearer token,
 * with Confluent's semantics for {@code basic.auth.credentials.source}, {@code
 * basic.auth.user.info}, {@code bearer.auth.credentials.source} and {@code bearer.auth.token}) and
 * which certificates to trust over https ({@code schema.registry.ssl.truststore.*}), read from the
 * {@code BACKSTRIDE_SCHEMA_REGISTRY_*} variables. Unset and blank both mean unset; a setting that
 * does not fit fails with one line naming the variable, never its secret value.
 *
 * <p>{@link #toString()} shows {@code [hidden]} for the credentials, the token and the password.
 *
 * @param url the registry's base URL, without credentials
 * @param userInfo {@code user:password} for basic auth, or null
 * @param bearerToken the static bearer token, or null; never together with {@code userInfo}
 * @param truststore the certificates to trust, or null for the JVM's own
 */
public record RegistrySettings(
    String url, String userInfo, String bearerToken, Truststore truststore) {

  /** {@code USER_INFO} or {@code URL}: where the basic-auth credentials come from. */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE =
      "BACKSTRIDE_SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE";

  /** {@code user:password}, sent as HTTP basic auth. */
  public static final String BASIC_AUTH_USER_INFO =
      "BACKSTRIDE_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO";

  /** {@code STATIC_TOKEN}, the one source backstride knows; optional when the token is set. */
  public static final String BEARER_AUTH_CREDENTIALS_SOURCE =
      "BACKSTRIDE_SCHEMA_REGISTRY_BEARER_AUTH_CREDENTIALS_SOURCE";

  /** A static token, sent as {@code Authorization: Bearer <token>}. */
  public static final String BEARER_AUTH_TOKEN = "BACKSTRIDE_SCHEMA_REGISTRY_BEARER_AUTH_TOKEN";

  public static final String SSL_TRUSTSTORE_LOCATION =
      "BACKSTRIDE_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION";
  public static final String SSL_TRUSTSTORE_PASSWORD =
      "BACKSTRIDE_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD";
  public static final String SSL_TRUSTSTORE_TYPE = "BACKSTRIDE_SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE";

  static final String HIDDEN = "[hidden]";

  public RegistrySettings {
    if (userInfo != null && bearerToken != null) {
      throw new IllegalArgumentException(
          "The schema registry takes basic auth or a bearer token, not both: unset "
              + BEARER_AUTH_TOKEN
              + " or the basic-auth credentials");
    }
  }

  /** The registry at {@code url} without authentication or a truststore of its own. */
  public static RegistrySettings of(String url) {
    return fromEnv(url, Map.of());
  }

  /**
   * The registry at {@code url} (which may carry {@code user:password@}) with the other settings
   * from {@code env}.
   *
   * @throws IllegalArgumentException one line naming the variable that does not fit
   */
  public static RegistrySettings fromEnv(String url, Map<String, String> env) {
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      // the URL may hold credentials: say what is wrong with it without repeating it
      throw new IllegalArgumentException(
          "BACKSTRIDE_SCHEMA_REGISTRY_URL is not a URL: " + e.getMessage().split(":", 2)[0]);
    }
    String urlUserInfo = uri.getRawUserInfo() == null ? null : uri.getUserInfo();
    String bareUrl = withoutUserInfo(url.strip(), uri);
    String userInfo = basicCredentials(env, urlUserInfo);
    String token = bearerToken(env);
    if (userInfo != null && token != null) {
      throw new IllegalArgumentException(
          "The schema registry takes basic auth or a bearer token, not both: unset "
              + BEARER_AUTH_TOKEN
              + (urlUserInfo != null && value(env, BASIC_AUTH_USER_INFO) == null
                  ? " or the user:password@ in BACKSTRIDE_SCHEMA_REGISTRY_URL"
                  : " or " + BASIC_AUTH_USER_INFO));
    }
    return new RegistrySettings(
        bareUrl,
        userInfo,
        token,
        Truststore.fromEnv(
            env, SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD, SSL_TRUSTSTORE_TYPE));
  }

  /** The value of the {@code Authorization} header, if any credentials are set. */
  public Optional<String> authorization() {
    if (bearerToken != null) {
      return Optional.of("Bearer " + bearerToken);
    }
    if (userInfo != null) {
      return Optional.of(
          "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }
    return Optional.empty();
  }

  /** Which kind of credentials are set, for messages: basic auth, a bearer token or none. */
  public String credentialsKind() {
    return bearerToken != null ? "bearer token" : userInfo != null ? "basic auth" : "none";
  }

  @Override
  public String toString() {
    return "RegistrySettings[url="
        + url
        + ", userInfo="
        + (userInfo == null ? null : HIDDEN)
        + ", bearerToken="
        + (bearerToken == null ? null : HIDDEN)
        + ", truststore="
        + truststore
        + "]";
  }

  private static String basicCredentials(Map<String, String> env, String urlUserInfo) {
    String source = value(env, BASIC_AUTH_CREDENTIALS_SOURCE);
    String given = value(env, BASIC_AUTH_USER_INFO);
    String chosen;
    String from;
    if (source == null) {
      // Confluent's default source is URL; the user info, when set, is plainly meant to be used
      chosen = given != null ? given : urlUserInfo;
      from = given != null ? BASIC_AUTH_USER_INFO : "BACKSTRIDE_SCHEMA_REGISTRY_URL";
    } else if (source.equalsIgnoreCase("USER_INFO")) {
      if (given == null) {
        throw new IllegalArgumentException(
            BASIC_AUTH_CREDENTIALS_SOURCE
                + " is USER_INFO but "
                + BASIC_AUTH_USER_INFO
                + " is not set");
      }
      chosen = given;
      from = BASIC_AUTH_USER_INFO;
    } else if (source.equalsIgnoreCase("URL")) {
      if (urlUserInfo == null) {
        throw new IllegalArgumentException(
            BASIC_AUTH_CREDENTIALS_SOURCE
                + " is URL but BACKSTRIDE_SCHEMA_REGISTRY_URL has no user:password@");
      }
      chosen = urlUserInfo;
      from = "BACKSTRIDE_SCHEMA_REGISTRY_URL";
    } else {
      throw new IllegalArgumentException(
          BASIC_AUTH_CREDENTIALS_SOURCE
              + " must be USER_INFO or URL, was '"
              + source
              + "' (SASL_INHERIT is not supported)");
    }
    if (chosen != null && chosen.indexOf(':') < 1) {
      // never echo the value: it is a password, or most of one
      throw new IllegalArgumentException("The credentials in " + from + " must be user:password");
    }
    return chosen;
  }

  private static String bearerToken(Map<String, String> env) {
    String source = value(env, BEARER_AUTH_CREDENTIALS_SOURCE);
    String token = value(env, BEARER_AUTH_TOKEN);
    if (source != null && !source.equalsIgnoreCase("STATIC_TOKEN")) {
      throw new IllegalArgumentException(
          BEARER_AUTH_CREDENTIALS_SOURCE + " must be STATIC_TOKEN, was '" + source + "'");
    }
    if (source != null && token == null) {
      throw new IllegalArgumentException(
          BEARER_AUTH_CREDENTIALS_SOURCE
              + " is STATIC_TOKEN but "
              + BEARER_AUTH_TOKEN
              + " is not set");
    }
    return token;
  }

  private static String withoutUserInfo(String url, URI uri) {
    String bare = uri.getRawUserInfo() == null ? url : url.replace(uri.getRawUserInfo() + "@", "");
    return bare.endsWith("/") ? bare.substring(0, bare.length() - 1) : bare;
  }

  private static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
