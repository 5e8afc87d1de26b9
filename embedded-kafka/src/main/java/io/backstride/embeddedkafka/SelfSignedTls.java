package io.backstride.embeddedkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A key pair and a self-signed certificate for 127.0.0.1 and localhost, made on the spot by the
 * JDK's {@code keytool}: a server's keystore (the broker's, and in tests the registry's and the
 * mail server's), and a truststore holding only the certificate for its clients, who check the host
 * name as they would in production rather than switching the check off. Nothing is checked in, and
 * every run has keys of its own.
 *
 * @param keyStore PKCS12 with the server's private key and certificate
 * @param trustStore PKCS12 with the certificate alone, what a client is given
 * @param password of both stores and of the key
 */
public record SelfSignedTls(Path keyStore, Path trustStore, String password) {
  public static final String STORE_TYPE = "PKCS12";
  private static final String ALIAS = "embedded-kafka";

  /** Makes the two stores in {@code dir} (created if missing) with a random password. */
  public static SelfSignedTls create(Path dir) {
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    return create(dir, HexFormat.of().formatHex(random));
  }

  /**
   * Makes the two stores in {@code dir} (created if missing), valid for two days.
   *
   * @param password of both stores: letters and digits, at least 6
   */
  public static SelfSignedTls create(Path dir, String password) {
    Path keyStore = dir.resolve("broker-keystore.p12");
    Path certificate = dir.resolve("broker.crt");
    Path trustStore = dir.resolve("client-truststore.p12");
    try {
      Files.createDirectories(dir);
      keytool(
          "-genkeypair",
          "-alias",
          ALIAS,
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-sigalg",
          "SHA256withECDSA",
          "-dname",
          "CN=localhost",
          // the name clients check (ssl.endpoint.identification.algorithm=https)
          "-ext",
          "SAN=ip:127.0.0.1,dns:localhost",
          "-validity",
          "2",
          "-keystore",
          keyStore.toString(),
          "-storetype",
          STORE_TYPE,
          "-storepass",
          password,
          "-keypass",
          password);
      keytool(
          "-exportcert",
          "-alias",
          ALIAS,
          "-rfc",
          "-file",
          certificate.toString(),
          "-keystore",
          keyStore.toString(),
          "-storetype",
          STORE_TYPE,
          "-storepass",
          password);
      keytool(
          "-importcert",
          "-noprompt",
          "-alias",
          ALIAS,
          "-file",
          certificate.toString(),
          "-keystore",
          trustStore.toString(),
          "-storetype",
          STORE_TYPE,
          "-storepass",
          password);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot make the TLS stores in " + dir, e);
    }
    return new SelfSignedTls(keyStore, trustStore, password);
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close(); // nothing to answer: a prompt must fail, not wait
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("keytool " + args[0] + " did not finish in 60 s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during keytool " + args[0], e);
    }
    if (process.exitValue() != 0) {
      // the arguments hold the password: only the tool's own words are shown
      throw new IOException("keytool " + args[0] + " failed: " + output.strip());
    }
  }

  @Override
  public String toString() {
    return "SelfSignedTls[keyStore=" + keyStore + ", trustStore=" + trustStore + "]";
  }
}
