package io.backstride.platform.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether something outside the service (Kafka, an SMTP server) answered recently: the rule behind
 * the readiness checks that depend on one. Fine only when the last attempt succeeded and did so
 * within {@code maxAge}; otherwise the problem says which of three it is, in one line: never
 * answered yet, the last attempt failed (and why), or no answer for too long (the probe itself may
 * be stuck). Thread-safe: the probes record from their own threads, the health route reads.
 */
public final class RecentSuccess {
  private final String what;
  private final Duration maxAge;
  private Instant lastSuccess;
  private Instant lastFailure;
  private String lastError;

  /**
   * @param what what is asked, as the problem names it ({@code "Kafka (describeCluster)"})
   * @param maxAge how old the last success may be
   */
  public RecentSuccess(String what, Duration maxAge) {
    this.what = what;
    this.maxAge = maxAge;
  }

  public synchronized void success(Instant at) {
    if (lastSuccess == null || at.isAfter(lastSuccess)) {
      lastSuccess = at;
    }
  }

  /** A failed attempt; {@code error} is one line saying why (it is shown to operators as it is). */
  public synchronized void failure(Instant at, String error) {
    if (lastFailure == null || !at.isBefore(lastFailure)) {
      lastFailure = at;
      lastError = error == null || error.isBlank() ? "no reason given" : oneLine(error);
    }
  }

  public synchronized Optional<Instant> lastSuccess() {
    return Optional.ofNullable(lastSuccess);
  }

  /** Empty when fine at {@code now}; else why not, in one line. */
  public synchronized Optional<String> problem(Instant now) {
    if (lastFailure != null && (lastSuccess == null || lastFailure.isAfter(lastSuccess))) {
      return Optional.of(
          what
              + " failed: "
              + lastError
              + (lastSuccess == null
                  ? "; never answered since start"
                  : "; last answered " + ago(lastSuccess, now) + " ago"));
    }
    if (lastSuccess == null) {
      return Optional.of(what + " has not answered yet");
    }
    Duration age = Duration.between(lastSuccess, now);
    if (age.compareTo(maxAge) > 0) {
      return Optional.of(
          what
              + " last answered "
              + ago(lastSuccess, now)
              + " ago (more than "
              + seconds(maxAge)
              + ")");
    }
    return Optional.empty();
  }

  private static String ago(Instant then, Instant now) {
    return seconds(Duration.between(then, now));
  }

  private static String seconds(Duration d) {
    return Math.max(0, d.toSeconds()) + " s";
  }

  private static String oneLine(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= 300 ? line : line.substring(0, 300) + "...";
  }
}
