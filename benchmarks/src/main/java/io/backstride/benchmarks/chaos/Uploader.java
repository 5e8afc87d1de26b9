package io.backstride.benchmarks.chaos;

import io.backstride.cli.DemoHistory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends an athlete's history to ingest the way a well-behaved client does: a 503 is retried after
 * its {@code Retry-After} (capped, so that a round stays short), anything else but 202 is a
 * failure. It keeps what it saw: which activities were acknowledged, how many answers were 503 and
 * how long they took.
 */
public final class Uploader {
  /**
   * The last day of every generated history: fixed, so that every round's trends are comparable.
   */
  public static final LocalDate LAST_DAY = LocalDate.parse("2026-03-29");

  private static final Pattern ACTIVITY_ID = Pattern.compile("\"activityId\"\\s*:\\s*\"([^\"]+)\"");
  private static final Duration LONGEST_RETRY_WAIT = Duration.ofMillis(500);

  private final String ingestUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Set<String> accepted = new LinkedHashSet<>();
  private final List<Duration> unavailableAnswers = new ArrayList<>();
  private boolean everyUnavailableHadRetryAfter = true;

  public Uploader(String ingestUrl) {
    this.ingestUrl = ingestUrl;
  }

  /** One answer of ingest: its status, its Retry-After header (or null), how long it took. */
  public record Answer(int status, String retryAfter, Duration took, String body) {}

  /** The 21 runs of the generated seven-week history with a downhill ramp in its last week. */
  public static List<String> history() {
    return DemoHistory.runs(LAST_DAY, 7L).stream().map(DemoHistory.DemoRun::gpx).toList();
  }

  /** Saves the athlete's profile (an email address), retrying while ingest answers 503. */
  public void putProfile(String athleteId, Duration within) throws InterruptedException {
    String json = "{\"email\":\"" + athleteId + "@example.org\",\"name\":\"Ana\",\"units\":\"km\"}";
    untilDone(
        () ->
            send(
                HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/athletes/" + athleteId))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json))),
        200,
        within);
  }

  /**
   * Uploads every file in order; {@code beforeUpload} runs before each (with its index), so that a
   * round can inject a fault in the middle. Each file is retried on 503 until 202 or {@code
   * within}.
   */
  public void uploadAll(
      String athleteId, List<String> gpxFiles, IntConsumer beforeUpload, Duration within)
      throws InterruptedException {
    for (int i = 0; i < gpxFiles.size(); i++) {
      beforeUpload.accept(i);
      byte[] file = gpxFiles.get(i).getBytes(StandardCharsets.UTF_8);
      Answer a = untilDone(() -> upload(athleteId, file), 202, within);
      Matcher m = ACTIVITY_ID.matcher(a.body());
      if (!m.find()) {
        throw new IllegalStateException("A 202 without an activity id: " + a.body());
      }
      accepted.add(m.group(1));
    }
  }

  /** One upload attempt, without retry. */
  public Answer upload(String athleteId, byte[] file) {
    return send(
        HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/athletes/" + athleteId + "/activities"))
            .header("Content-Type", "application/gpx+xml")
            .POST(HttpRequest.BodyPublishers.ofByteArray(file)));
  }

  private interface Attempt {
    Answer send();
  }

  private Answer untilDone(Attempt attempt, int expected, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Answer a = attempt.send();
      if (a.status() == expected) {
        return a;
      }
      if (a.status() != 503 && a.status() != -1) {
        throw new IllegalStateException("Ingest answered " + a.status() + ": " + a.body());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Ingest still answers " + a.status() + " after " + within);
      }
      // the client's side of the contract: wait as asked, but a round must stay short
      long askedMs = a.retryAfter() == null ? 200 : Long.parseLong(a.retryAfter()) * 1000;
      Thread.sleep(Math.min(askedMs, LONGEST_RETRY_WAIT.toMillis()));
    }
  }

  private Answer send(HttpRequest.Builder request) {
    long started = System.nanoTime();
    try {
      HttpResponse<String> r =
          http.send(
              request.timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofString());
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      String retryAfter = r.headers().firstValue("Retry-After").orElse(null);
      if (r.statusCode() == 503) {
        synchronized (this) {
          unavailableAnswers.add(took);
          everyUnavailableHadRetryAfter &= retryAfter != null;
        }
      }
      return new Answer(r.statusCode(), retryAfter, took, r.body());
    } catch (IOException e) {
      // ingest itself is unreachable (a process being restarted): the same as a 503 to a client
      return new Answer(-1, null, Duration.ofNanos(System.nanoTime() - started), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while uploading", e);
    }
  }

  /** The activity ids ingest acknowledged with 202, in upload order. */
  public synchronized Set<String> accepted() {
    return Set.copyOf(accepted);
  }

  /** How long each 503 answer took. */
  public synchronized List<Duration> unavailableAnswers() {
    return List.copyOf(unavailableAnswers);
  }

  public synchronized boolean everyUnavailableHadRetryAfter() {
    return everyUnavailableHadRetryAfter;
  }
}
