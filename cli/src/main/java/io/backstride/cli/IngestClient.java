package io.backstride.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Talks to the ingest HTTP API the way a wearable sync service would. */
public final class IngestClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  /** A response: its status and body. */
  public record Response(int status, String body) {}

  public IngestClient(String baseUrl) {
    this.baseUrl = baseUrl;
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

  private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.body());
  }
}
