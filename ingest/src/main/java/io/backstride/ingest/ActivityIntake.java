package io.backstride.ingest;

import io.backstride.avro.SampleBatch;
import io.backstride.ingest.RefusedException.Reason;
import io.backstride.ingest.limits.ByteCap;
import io.backstride.ingest.limits.Deadline;
import io.backstride.ingest.limits.LimitedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;

/**
 * The steps of an upload before anything is published: read the file under the caps and the
 * deadline, check its samples, identify the activity and cut it into sample batches. No Kafka and
 * no HTTP: {@link ActivityUploads} publishes what this returns, and the ingest benchmark calls it
 * to build the same batches as the service does.
 */
public final class ActivityIntake {
  private final IngestConfig config;
  private final ActivityReaders readers;
  private final Clock clock;

  /**
   * @param config the caps: bytes, parse time, samples, how far ahead of the clock
   * @param clock the server's clock, against which sample times are judged plausible
   */
  public ActivityIntake(IngestConfig config, ActivityReaders readers, Clock clock) {
    this.config = config;
    // a file the service refuses on the wire must not be accepted once unpacked either
    this.readers = readers.atMost(config.maxBodyBytes());
    this.clock = clock;
  }

  /**
   * An activity read, checked and cut into batches, ready to publish.
   *
   * @param activityId deterministic: the same run of the same athlete gets the same one
   */
  public record Upload(
      String athleteId, String activityId, ParsedActivity activity, List<SampleBatch> batches) {}

  /**
   * Reads, checks, identifies and batches one activity file; does not close {@code body}.
   *
   * @param declaredGzip whether the sender said the bytes are gzip (they must be, then)
   * @throws RefusedException for a file that cannot be taken, naming why
   */
  public Upload take(String athleteId, InputStream body, boolean declaredGzip) {
    ParsedActivity activity = read(body, declaredGzip);
    if (activity.samples().size() > config.maxSamples()) {
      throw new RefusedException(
          Reason.TOO_MANY_SAMPLES,
          "activity has "
              + activity.samples().size()
              + " samples; the limit is "
              + config.maxSamples());
    }
    SampleChecks.problem(activity.samples(), clock.instant(), config.maxClockAhead())
        .ifPresent(
            problem -> {
              throw new RefusedException(Reason.IMPLAUSIBLE_SAMPLES, problem);
            });
    String activityId = ActivityIds.of(athleteId, activity.start());
    return new Upload(
        athleteId, activityId, activity, SampleBatches.of(athleteId, activityId, activity));
  }

  /** Refuses a file whose declared size is over the cap already, before a byte is read. */
  public void checkDeclaredSize(long bytes) {
    if (bytes > config.maxBodyBytes()) {
      throw tooLarge();
    }
  }

  /**
   * Reads the body under the cap on bytes as sent and within the configured parse time. Gzip,
   * whether declared or a {@code .gpx.gz} file sent as is, is recognised by its magic number and
   * unpacked by the readers under their caps on unpacked size and on the packing ratio, so a small
   * bomb is refused before it grows.
   */
  private ParsedActivity read(InputStream source, boolean declaredGzip) {
    ByteCap sent = ByteCap.of(config.maxBodyBytes());
    Deadline deadline = new Deadline(config.maxParseTime());
    try {
      PushbackInputStream body =
          new PushbackInputStream(new LimitedInputStream(source, sent, deadline), 2);
      byte[] magic = body.readNBytes(2);
      body.unread(magic);
      if (declaredGzip && !ActivityReaders.isGzip(magic)) {
        throw new RefusedException(
            Reason.INVALID_ACTIVITY,
            "the body is not valid gzip, though Content-Encoding says it is");
      }
      return readers.read(body);
    } catch (IOException e) {
      throw blame(
          sent, deadline, Reason.UNREADABLE_BODY, "could not read the body: " + e.getMessage());
    } catch (InvalidActivityException e) {
      throw blame(
          sent,
          deadline,
          e.isTooLarge() ? Reason.TOO_LARGE : Reason.INVALID_ACTIVITY,
          e.getMessage());
    } catch (UncheckedIOException e) {
      throw blame(
          sent,
          deadline,
          Reason.UNREADABLE_BODY,
          "could not read the body: " + e.getCause().getMessage());
    }
  }

  /**
   * What a failed read is refused for: a cap or the deadline when one of them cut it short,
   * whatever the reader made of that; otherwise what the reader said.
   */
  private RefusedException blame(ByteCap sent, Deadline deadline, Reason reason, String detail) {
    if (sent.exceeded()) {
      return tooLarge();
    }
    if (deadline.expired() && deadline.mostlyWaited()) {
      return RefusedException.bodyTimeout(deadline.budget());
    }
    if (deadline.expired()) {
      return new RefusedException(
          Reason.PARSE_TIMEOUT,
          "reading the file took longer than "
              + deadline.budget().toMillis()
              + " ms; split it or simplify it");
    }
    return new RefusedException(reason, detail);
  }

  private RefusedException tooLarge() {
    return new RefusedException(
        Reason.TOO_LARGE,
        "the file exceeds " + config.maxBodyBytes() + " bytes (compressed or uncompressed)");
  }
}
