package io.backstride.schemas;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.AthleteProfile;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.DeadLetter;
import io.backstride.avro.NotificationFailure;
import io.backstride.avro.SampleBatch;
import io.backstride.avro.SymptomReport;
import io.backstride.schemas.Topic.Cleanup;
import io.backstride.schemas.Topic.Key;
import io.backstride.schemas.Topic.Partitions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every topic of the pipeline, in one place, with its key, value type, partitions and retention
 * (see {@link Topic}).
 */
public final class Topics {

  /** Sample batches from uploads and live sync. */
  public static final Topic<SampleBatch> ACTIVITY_SAMPLES =
      Topic.events("activity-samples.v1", Key.ATHLETE, SampleBatch.class);

  /** One summary per activity, key {@link ActivityKey}; a re-upload replaces it. */
  public static final Topic<ActivitySummary> ACTIVITY_SUMMARIES =
      Topic.latest("activity-summaries.v1", Key.ATHLETE_ACTIVITY, ActivitySummary.class);

  /** Per athlete per local day: acute and chronic loads. */
  public static final Topic<AthleteTrend> ATHLETE_TRENDS =
      Topic.history("athlete-trends.v1", Key.ATHLETE, AthleteTrend.class);

  /** Back-pain-risk alerts for athletes and analysts; no PII. */
  public static final Topic<BackPainRiskAlert> BACK_PAIN_ALERTS =
      Topic.history("back-pain-alerts.v1", Key.ATHLETE, BackPainRiskAlert.class);

  /** Email, name, time zone, units, notification preference. */
  public static final Topic<AthleteProfile> ATHLETE_PROFILES =
      Topic.latest("athlete-profiles.v1", Key.ATHLETE, AthleteProfile.class);

  /** Back pain as athletes report it. */
  public static final Topic<SymptomReport> SYMPTOM_REPORTS =
      Topic.history("symptom-reports.v1", Key.ATHLETE, SymptomReport.class);

  /** Records that failed after ingest accepted them, with the reason. */
  public static final Topic<DeadLetter> INGEST_DEAD_LETTER =
      Topic.events("ingest-dead-letter.v1", Key.ATHLETE, DeadLetter.class);

  /** Alert emails the notifier gave up on after its retries; no address, no PII. */
  public static final Topic<NotificationFailure> NOTIFICATION_FAILURES =
      Topic.events("notification-failures.v1", Key.ATHLETE, NotificationFailure.class);

  /** How long {@link #NOTIFICATION_SENT_LOG} keeps an alert id. */
  public static final Duration SENT_LOG_RETENTION = Duration.ofDays(30);

  /**
   * The alert ids the notifier has emailed (key alert id, value the time sent, as ISO-8601 text),
   * so that a restarted or second notifier does not email an alert again. One partition: every
   * notifier instance reads all of it. Ids go after {@link #SENT_LOG_RETENTION}, because the
   * notifier never emails an alert older than a few days (freshness), so older ids are never asked.
   * Before it had a version it was called {@value #LEGACY_SENT_LOG}, which the notifier still
   * reads.
   */
  public static final Topic<String> NOTIFICATION_SENT_LOG =
      new Topic<>(
          "notification-sent-log.v1",
          Key.ALERT,
          String.class,
          Partitions.ONE,
          Cleanup.COMPACT_AND_DELETE,
          Optional.of(SENT_LOG_RETENTION));

  /**
   * The unversioned name {@link #NOTIFICATION_SENT_LOG} had: existing clusters and local data
   * directories hold ids under it, which still count as sent.
   */
  public static final String LEGACY_SENT_LOG = "notification-sent-log";

  public static final List<Topic<?>> ALL =
      List.of(
          ACTIVITY_SAMPLES,
          ACTIVITY_SUMMARIES,
          ATHLETE_TRENDS,
          BACK_PAIN_ALERTS,
          ATHLETE_PROFILES,
          SYMPTOM_REPORTS,
          INGEST_DEAD_LETTER,
          NOTIFICATION_FAILURES,
          NOTIFICATION_SENT_LOG);

  private static final Set<String> NAMES =
      ALL.stream().map(Topic::name).collect(Collectors.toUnmodifiableSet());

  /** Whether {@code name} is one of {@link #ALL}, rather than e.g. a Streams internal topic. */
  public static boolean isPipelineTopic(String name) {
    return NAMES.contains(name);
  }

  private Topics() {}
}
