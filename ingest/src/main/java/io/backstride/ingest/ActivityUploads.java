package io.backstride.ingest;

import io.backstride.ingest.http.ActivityAccepted;
import io.backstride.ingest.http.Metrics;
import java.io.InputStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload of one activity file: take it in ({@link ActivityIntake}: read, check, identify,
 * batch), publish its batches to {@code activity-samples.v1}, and once Kafka has acknowledged them
 * all, answer what was accepted. Refusals come before anything is published.
 */
public final class ActivityUploads {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityUploads.class);

  private final ActivityIntake intake;
  private final AcknowledgedPublisher publisher;
  private final NewestRuns newestRuns;
  private final Metrics metrics;

  ActivityUploads(
      ActivityIntake intake,
      AcknowledgedPublisher publisher,
      NewestRuns newestRuns,
      Metrics metrics) {
    this.intake = intake;
    this.publisher = publisher;
    this.newestRuns = newestRuns;
    this.metrics = metrics;
  }

  /**
   * Takes, publishes and answers one file of {@code athleteId}; does not close {@code body}.
   *
   * @param declaredGzip whether the sender said the bytes are gzip
   * @throws RefusedException for a file that cannot be taken (nothing is published)
   * @throws NotAcknowledgedException when Kafka did not take the batches in time
   */
  public ActivityAccepted accept(String athleteId, InputStream body, boolean declaredGzip) {
    ActivityIntake.Upload upload = intake.take(athleteId, body, declaredGzip);
    ParsedActivity activity = upload.activity();
    Optional<String> warning = newestRuns.warning(athleteId, activity.start());
    publisher.batches(athleteId, upload.batches(), "activity " + upload.activityId());
    newestRuns.accepted(athleteId, activity.start());
    metrics.samplesProduced(activity.format(), activity.samples().size());
    metrics.uploadAccepted(activity.format(), activity.samples().size());
    LOG.info(
        "accepted {} for {}: {} samples in {} batches, {} points without time skipped",
        upload.activityId(),
        athleteId,
        activity.samples().size(),
        upload.batches().size(),
        activity.pointsWithoutTime());
    return new ActivityAccepted(
        upload.activityId(),
        upload.batches().size(),
        activity.samples().size(),
        activity.start().toString(),
        warning.orElse(null));
  }
}
