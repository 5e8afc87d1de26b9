package io.backstride.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Talks to the ingest HTTP API the way a wearable sync service would, with a bearer token when the
 * service requires one.
 */
public final class IngestClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String token;

  /** A response: its status and body. */
  public record Response(int status, String body) {}

  /** A client without a token: for a service with auth off (the local demo). */
  public IngestClient(String baseUrl) {
    this(baseUrl, null);
  }

  /**
   * @param token sent as {@code Authorization: Bearer token}; {@code null} or blank for none
   */
  public IngestClient(String baseUrl, String token) {
    baseUrl = baseUrl.strip();
    // A trailing slash would double up with the paths below.
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token == null || token.isBlank() ? null : token.strip();
  }

  /**
   * Uploads an activity file of any format; the content type follows the file name ({@code .gpx},
   * {@code .tcx}, {@code .fit}, each possibly {@code .gz}), though the service also recognises the
   * format by its content.
   */
  public Response uploadFile(String athleteId, String fileName, byte[] file)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/athletes/" + athleteId + "/activities"))
            .header("Content-Type", contentType(fileName))
            .POST(HttpRequest.BodyPublishers.ofByteArray(file)));
  }

  static String contentType(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      return "application/gzip";
    } else if (name.endsWith(".gpx")) {
      return "application/gpx+xml";
    } else if (name.endsWith(".tcx")) {
      return "application/vnd.garmin.tcx+xml";
    } else if (name.endsWith(".fit")) {
      return "application/vnd.ant.fit";
    }
    return "application/octet-stream";
  }

  public Response uploadActivity(String athleteId, byte[] file)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/athletes/" + athleteId + "/activities"))
            .header("Content-Type", "application/gpx+xml")
            .POST(HttpRequest.BodyPublishers.ofByteArray(file)));
  }

  public Response putProfile(String athleteId, String json)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/athletes/" + athleteId))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
  }

  /**
   * The Kafka cluster id the service says it writes to ({@code kafkaClusterId} of {@code GET
   * /health}), or empty when it does not say (an older service, DOWN, no answer).
   */
  public Optional<String> kafkaClusterId() throws InterruptedException {
    try {
      Response health = send(HttpRequest.newBuilder(URI.create(baseUrl + "/health")).GET());
      if (health.status() != 200) {
        return Optional.empty();
      }
      String id = JSON.readTree(health.body()).path("kafkaClusterId").asText("");
      return id.isBlank() ? Optional.empty() : Optional.of(id);
    } catch (IOException e) {
      // no answer here: the uploads that follow will say so file by file
      return Optional.empty();
    }
  }

  /** The base URL requests go to. */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * Why a request got no answer, in words a user can act on: the URL it tried and what to check. A
   * refused or unresolvable connection almost always means no service at that URL.
   */
  public String noAnswer(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "no answer from " + baseUrl + " within 5 s: is the service running there?";
    }
    if (e instanceof ConnectException) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String how =
          cause instanceof UnresolvedAddressException
              ? "unknown host"
              : cause.getMessage() == null ? "connection refused" : cause.getMessage();
      return "cannot connect to "
          + baseUrl
          + " ("
          + how
          + "): is the service running at "
          + baseUrl
          + "?";
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return "no answer from the service at " + baseUrl + ": " + reason;
  }

  private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r =
        http.send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.body());
  }
}
