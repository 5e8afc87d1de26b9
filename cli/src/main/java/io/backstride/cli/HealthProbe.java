package io.backstride.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The container health check of the backstride image: {@code java -cp /app/backstride.jar
 * io.backstride.cli.HealthProbe http://localhost:8080/health/ready} exits 0 when the URL answers
 * 200 and 1 otherwise, with one line on stderr saying what it got (the service's 503 body names its
 * reasons), which {@code docker inspect} shows in the health log.
 *
 * <p>A Java class rather than curl or wget: the Temurin JRE images carry curl only as a leftover of
 * their own build, and the newer ones no longer do. Only JDK classes and {@link HttpURLConnection}
 * (no client threads), so that the JVM started for each probe stays small and quick.
 */
public final class HealthProbe {
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  /** At most this much of a failing answer's body goes into the line on stderr. */
  static final int MAX_BODY_CHARS = 300;

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: HealthProbe URL (e.g. http://localhost:8080/health/ready)");
      // 1, unhealthy, rather than a usage code: Docker reserves exit code 2 of a health check
      System.exit(1);
    }
    System.exit(check(URI.create(args[0]), TIMEOUT, System.err));
  }

  /**
   * @return 0 when {@code url} answered 200 within {@code timeout}, else 1 with the reason on
   *     {@code err}
   */
  static int check(URI url, Duration timeout, PrintStream err) {
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) url.toURL().openConnection();
      connection.setConnectTimeout((int) timeout.toMillis());
      connection.setReadTimeout((int) timeout.toMillis());
      connection.setInstanceFollowRedirects(false);
      int status = connection.getResponseCode();
      if (status == 200) {
        return 0;
      }
      err.println(url + " answered " + status + ": " + body(connection));
      return 1;
    } catch (IOException | IllegalArgumentException e) {
      err.println(url + " did not answer: " + e);
      return 1;
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  /** The start of the error body on one line, or nothing when there is none. */
  private static String body(HttpURLConnection connection) throws IOException {
    try (InputStream in = connection.getErrorStream()) {
      if (in == null) {
        return "";
      }
      String text = new String(in.readNBytes(MAX_BODY_CHARS * 4), StandardCharsets.UTF_8);
      String line = text.replaceAll("\\s+", " ").strip();
      return line.length() > MAX_BODY_CHARS ? line.substring(0, MAX_BODY_CHARS) + "..." : line;
    }
  }

  private HealthProbe() {}
}
