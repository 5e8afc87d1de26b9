package io.backstride.pages;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The trends API (reads) and the ingest API (writes) over HTTP: the pages hold no Streams state and
 * no validation of their own, so several trends instances and ingest's checks apply as they do to
 * every other caller.
 */
final class ApiClients {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String ingestUrl;
  private final String trendsUrl;
  private final String bearer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /**
   * @param bearer the token for both APIs when their auth is on (bound to every athlete), or null
   */
  ApiClients(String ingestUrl, String trendsUrl, String bearer) {
    this.ingestUrl = strip(ingestUrl);
    this.trendsUrl = strip(trendsUrl);
    this.bearer = bearer;
  }

  /** The trends API's days, oldest first; empty for an athlete it has no runs of (404). */
  List<TrendDay> trends(String athleteId, int days) {
    HttpResponse<String> r =
        send(
            request(trendsUrl + "/v1/athletes/" + path(athleteId) + "/trends?days=" + days).GET(),
            "the trends API");
    if (r.statusCode() == 404) {
      return List.of();
    }
    if (r.statusCode() != 200) {
      throw new PagesException(
          "The trends API answered " + r.statusCode() + ": your load cannot be shown.", null);
    }
    return readTrends(r.body());
  }

  /** The trends API's JSON body as days. */
  static List<TrendDay> readTrends(String body) {
    try {
      return JSON.readValue(body, new TypeReference<List<TrendDay>>() {});
    } catch (IOException e) {
      throw new PagesException("The trends API's answer did not read as trends.", e);
    }
  }

  /** Days as the trends API writes them (for the warm-up, which reads them back). */
  static String writeTrends(List<TrendDay> days) {
    try {
      return JSON.writeValueAsString(days);
    } catch (IOException e) {
      throw new IllegalStateException("trend days always write as JSON", e);
    }
  }

  AthleteWrites.Outcome reportPain(
      String athleteId, String date, int severity, String when, String note) {
    ObjectNode body = JSON.createObjectNode();
    body.put("date", date);
    body.put("severity", severity);
    body.put("when", when);
    if (note != null && !note.isBlank()) {
      body.put("note", note);
    }
    return outcome(
        send(
            request(ingestUrl + "/v1/athletes/" + path(athleteId) + "/symptoms")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
            "the ingest API"));
  }

  AthleteWrites.Outcome updatePreferences(
      String athleteId, String units, String timeZone, Boolean emailsOn) {
    ObjectNode patch = JSON.createObjectNode();
    if (units != null) {
      patch.put("units", units);
    }
    if (timeZone != null) {
      patch.put("timeZone", timeZone);
    }
    if (emailsOn != null) {
      patch.put("notifications", emailsOn);
    }
    return outcome(
        send(
            request(ingestUrl + "/v1/athletes/" + path(athleteId))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch.toString())),
            "the ingest API"));
  }

  /** 2xx, or ingest's own one-line reason ({@code detail} of its error body). */
  private static AthleteWrites.Outcome outcome(HttpResponse<String> r) {
    if (r.statusCode() / 100 == 2) {
      return new AthleteWrites.Outcome(r.statusCode(), null);
    }
    String reason = "refused (" + r.statusCode() + ")";
    try {
      JsonNode error = JSON.readTree(r.body());
      if (error.hasNonNull("detail")) {
        reason = error.get("detail").asText();
      }
    } catch (IOException e) {
      // not ingest's error body: the status says enough
    }
    return new AthleteWrites.Outcome(r.statusCode(), reason);
  }

  private HttpRequest.Builder request(String url) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String what) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new PagesException("We cannot reach " + what + " right now.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PagesException("Interrupted while asking " + what + ".", e);
    }
  }

  private static String path(String athleteId) {
    return URLEncoder.encode(athleteId, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
