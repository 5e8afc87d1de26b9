package io.backstride.schemas.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A truststore file: the certificates a client verifies a server against instead of the JVM's own
 * ({@code cacerts}), e.g. a company's private CA. Shared by the clients that connect out over TLS
 * (the schema registry's, the notifier's SMTP), each with variables of its own. {@link #toString()}
 * shows the password as {@code [hidden]}.
 *
 * @param type e.g. {@code PKCS12} (the default) or {@code JKS}
 * @param password the store's password, or null when it has none
 */
public record Truststore(Path location, String password, String type) {
  public static final String DEFAULT_TYPE = "PKCS12";

  /**
   * The truststore the variables {@code locationVariable}, {@code passwordVariable} and {@code
   * typeVariable} of {@code env} name (blank means unset), or null when no location is set. The
   * file is read here, so that a wrong path or password fails the start, not the first connection.
   *
   * @throws IllegalArgumentException one line naming the variable, never the password
   */
  public static Truststore fromEnv(
      Map<String, String> env,
      String locationVariable,
      String passwordVariable,
      String typeVariable) {
    String location = value(env, locationVariable);
    String password = value(env, passwordVariable);
    String type = value(env, typeVariable);
    if (location == null) {
      if (password != null || type != null) {
        throw new IllegalArgumentException(
            (password != null ? passwordVariable : typeVariable)
                + " is set but "
                + locationVariable
                + " is not");
      }
      return null;
    }
    Truststore truststore =
        new Truststore(Path.of(location), password, type == null ? DEFAULT_TYPE : type);
    truststore.load(locationVariable, typeVariable); // fail now with the reason
    return truststore;
  }

  /**
   * An SSL context that trusts the certificates in this store; host names are checked by the
   * clients (the JDK's HTTP client always, Jakarta Mail with {@code ssl.checkserveridentity}).
   *
   * @throws IllegalArgumentException one line: the file cannot be read, or is not a store of this
   *     type with this password
   */
  public SSLContext sslContext() {
    return load("the truststore", "its type");
  }

  private SSLContext load(String what, String typeWhat) {
    KeyStore store;
    try {
      store = KeyStore.getInstance(type.toUpperCase(Locale.ROOT));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          typeWhat + " must be a keystore type such as PKCS12 or JKS, was '" + type + "'");
    }
    try (InputStream in = Files.newInputStream(location)) {
      store.load(in, password == null ? null : password.toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          what
              + " "
              + location
              + " cannot be read as a "
              + type
              + " truststore: "
              + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "Truststore[location="
        + location
        + ", password="
        + (password == null ? null : "[hidden]")
        + ", type="
        + type
        + "]";
  }

  private static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
