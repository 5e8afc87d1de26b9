package io.backstride.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway self-signed certificate for a server on this machine, made by the JDK's own {@code
 * keytool} (no keystore is checked in, none outlives its directory): a PKCS12 keystore holding the
 * key, for the server, and a PKCS12 truststore holding only the certificate, for its clients. The
 * certificate names {@code localhost} and {@code 127.0.0.1}, so that clients check the host name as
 * they would in production rather than switching the check off.
 *
 * @param keystore the server's key and certificate
 * @param truststore the certificate alone
 * @param password the password of both stores
 */
public record SelfSignedCertificate(Path keystore, Path truststore, String password) {
  /** The keystore type of both files. */
  public static final String TYPE = "PKCS12";

  private static final String ALIAS = "backstride-local";

  /** Makes the two stores in {@code directory}, which must exist. */
  public static SelfSignedCertificate create(Path directory) {
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    Path keystore = directory.resolve("server-keystore.p12");
    Path certificate = directory.resolve("server.crt");
    Path truststore = directory.resolve("truststore.p12");
    keytool(
        "-genkeypair",
        "-alias",
        ALIAS,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        TYPE,
        "-keystore",
        keystore.toString(),
        "-storepass",
        password);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        ALIAS,
        "-keystore",
        keystore.toString(),
        "-storepass",
        password,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        ALIAS,
        "-file",
        certificate.toString(),
        "-storetype",
        TYPE,
        "-keystore",
        truststore.toString(),
        "-storepass",
        password);
    return new SelfSignedCertificate(keystore, truststore, password);
  }

  @Override
  public String toString() {
    return "SelfSignedCertificate[keystore=" + keystore + ", truststore=" + truststore + "]";
  }

  private static void keytool(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      // keytool is done in about a second; the bound keeps a broken JDK from hanging a test
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool " + arguments[0] + " did not finish in 60 s");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "keytool " + arguments[0] + " failed: " + output.strip().replace('\n', ' '));
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run keytool: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running keytool", e);
    }
  }
}
