package io.backstride.ingest;

import io.backstride.avro.SampleBatch;
import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.ingest.http.SyncBatchRequest;
import io.backstride.ingest.http.SyncBatchRequest.SyncSample;
import io.backstride.schemas.codec.SampleBatchCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a live-sync request into the one {@link SampleBatch} it stands for (source {@code sync}).
 * The batch carries the client's activity id and seq unchanged: a retried post produces the same
 * record again, and the streams stage, which ignores a seq below the one it expects, counts it
 * once.
 */
public final class SyncBatches {
  /** The client's activity ids share the alphabet of athlete ids: safe in keys, paths and logs. */
  private static final Pattern ACTIVITY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /**
   * Samples per sync batch: one Kafka record, so well below the default 1 MB message limit (about
   * 50 bytes of Avro per sample).
   */
  public static final int MAX_SAMPLES = 1_000;

  /** A request that cannot become a batch; {@code status} is 400 (shape) or 422 (content). */
  public static final class InvalidBatchException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    InvalidBatchException(int status, String reason) {
      super(reason);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /**
   * Checks the request and builds its batch.
   *
   * @param now the server's clock, for the plausibility of the times
   * @param maxAhead how far ahead of {@code now} a sample may lie
   */
  public static SampleBatch of(
      String athleteId, SyncBatchRequest request, Instant now, Duration maxAhead)
      throws InvalidBatchException {
    if (request.activityId() == null || !ACTIVITY_ID.matcher(request.activityId()).matches()) {
      throw new InvalidBatchException(
          400, "activityId must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'");
    }
    if (request.seq() == null || request.seq() < 0) {
      throw new InvalidBatchException(400, "seq must be a whole number >= 0");
    }
    boolean last = Boolean.TRUE.equals(request.isFinal());
    List<SyncSample> raw = request.samples() == null ? List.of() : request.samples();
    if (raw.isEmpty() && !last) {
      // Only a closing batch may be empty: it says "the activity ended" with nothing new.
      throw new InvalidBatchException(400, "samples must not be empty unless final is true");
    }
    if (raw.size() > MAX_SAMPLES) {
      throw new InvalidBatchException(
          422, "batch has " + raw.size() + " samples; the limit is " + MAX_SAMPLES);
    }
    Optional<Sport> sport = sport(request.sport());
    List<Sample> samples = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      SyncSample s = raw.get(i);
      if (s == null || s.time() == null) {
        throw new InvalidBatchException(400, "sample " + (i + 1) + " has no time");
      }
      Instant time;
      try {
        time = instant(s.time());
      } catch (DateTimeParseException e) {
        throw new InvalidBatchException(
            400, "sample " + (i + 1) + ": time '" + s.time() + "' is not an ISO-8601 instant (…Z)");
      }
      if (!samples.isEmpty() && !time.isAfter(samples.get(samples.size() - 1).time())) {
        throw new InvalidBatchException(
            422, "samples must be sorted by time without repeats; sample " + (i + 1) + " is not");
      }
      samples.add(
          new Sample(
              time,
              s.lat(),
              s.lon(),
              s.elevation(),
              s.speed(),
              s.distance(),
              s.heartRate(),
              s.cadence(),
              s.verticalOscillation()));
    }
    Optional<String> problem = SampleChecks.problem(samples, now, maxAhead);
    if (problem.isPresent()) {
      throw new InvalidBatchException(422, problem.get());
    }
    return SampleBatchCodec.toAvro(
        new io.backstride.core.SampleBatch(
            athleteId, request.activityId(), request.seq(), last, sport, "sync", samples, null));
  }

  /**
   * {@link Instant#parse}, with the form every companion app sends ({@code 2026-03-02T07:00:00Z},
   * with or without a fraction) read digit by digit: the general parser cost more than the rest of
   * the batch (a third of a 200-sample batch's CPU outside the JSON parse). Anything else, and
   * anything out of range, goes to the general parser, which reads it or says what is wrong.
   *
   * @throws DateTimeParseException as {@link Instant#parse} does
   */
  static Instant instant(String text) {
    int n = text.length();
    if (n < 20
        || n > 30
        || text.charAt(n - 1) != 'Z'
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || (n > 20 && (text.charAt(19) != '.' || n == 21))) {
      return Instant.parse(text);
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int fraction = n > 20 ? digits(text, 20, n - 1) : 0;
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 28 && day > YearMonth.of(year, month).lengthOfMonth()
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || fraction < 0) {
      return Instant.parse(text);
    }
    long nanos = n > 20 ? fraction * NANOS_PER_DIGITS[n - 22] : 0;
    long epochSecond =
        LocalDate.of(year, month, day).toEpochDay() * 86_400
            + hour * 3_600L
            + minute * 60L
            + second;
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  /** What one unit of an {@code i + 1}-digit fraction of a second is in nanoseconds. */
  private static final long[] NANOS_PER_DIGITS = {
    100_000_000L, 10_000_000L, 1_000_000L, 100_000L, 10_000L, 1_000L, 100L, 10L, 1L
  };

  /** The decimal number in {@code text[from, to)}, or -1 if any of it is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static Optional<Sport> sport(String name) throws InvalidBatchException {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Sport.valueOf(name.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new InvalidBatchException(
          400, "sport must be running, walking, hiking, cycling or other, was '" + name + "'");
    }
  }

  private SyncBatches() {}
}
