package io.backstride.ingest;

import io.backstride.avro.SampleBatch;
import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.ingest.http.SyncBatchRequest;
import io.backstride.ingest.http.SyncBatchRequest.SyncSample;
import io.backstride.ingest.xml.UtcInstants;
import io.backstride.schemas.codec.SampleBatchCodec;
import java.time.Duration;
import java.time.Instant;
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
    Instant fast = UtcInstants.orNull(text);
    return fast != null ? fast : Instant.parse(text);
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
