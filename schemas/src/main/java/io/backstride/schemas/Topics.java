package io.backstride.schemas;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.AthleteProfile;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.DeadLetter;
import io.backstride.avro.NotificationFailure;
import io.backstride.avro.SampleBatch;
import io.backstride.avro.SymptomReport;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Every topic of the pipeline, in one place. Keys are athlete ids unless noted. */
public final class Topics {

  /** Sample batches from uploads and live sync. */
  public static final Topic<SampleBatch> ACTIVITY_SAMPLES =
      new Topic<>("activity-samples.v1", SampleBatch.class, false);

  /** One summary per activity, key {@link ActivityKey}; a re-upload replaces it. */
  public static final Topic<ActivitySummary> ACTIVITY_SUMMARIES =
      new Topic<>("activity-summaries.v1", ActivitySummary.class, true);

  /** Per athlete per local day: acute and chronic loads. */
  public static final Topic<AthleteTrend> ATHLETE_TRENDS =
      new Topic<>("athlete-trends.v1", AthleteTrend.class, false);

  /** Back-pain-risk alerts for athletes and analysts; no PII. */
  public static final Topic<BackPainRiskAlert> BACK_PAIN_ALERTS =
      new Topic<>("back-pain-alerts.v1", BackPainRiskAlert.class, false);

  /** Email, name, time zone, units, notification preference. */
  public static final Topic<AthleteProfile> ATHLETE_PROFILES =
      new Topic<>("athlete-profiles.v1", AthleteProfile.class, true);

  /** Back pain as athletes report it. */
  public static final Topic<SymptomReport> SYMPTOM_REPORTS =
      new Topic<>("symptom-reports.v1", SymptomReport.class, false);

  /** Records that failed after ingest accepted them, with the reason. */
  public static final Topic<DeadLetter> INGEST_DEAD_LETTER =
      new Topic<>("ingest-dead-letter.v1", DeadLetter.class, false);

  /** Alert emails the notifier gave up on after its retries; no address, no PII. */
  public static final Topic<NotificationFailure> NOTIFICATION_FAILURES =
      new Topic<>("notification-failures.v1", NotificationFailure.class, false);

  public static final List<Topic<?>> ALL =
      List.of(
          ACTIVITY_SAMPLES,
          ACTIVITY_SUMMARIES,
          ATHLETE_TRENDS,
          BACK_PAIN_ALERTS,
          ATHLETE_PROFILES,
          SYMPTOM_REPORTS,
          INGEST_DEAD_LETTER,
          NOTIFICATION_FAILURES);

  private static final Set<String> NAMES =
      ALL.stream().map(Topic::name).collect(Collectors.toUnmodifiableSet());

  /** Whether {@code name} is one of {@link #ALL}, rather than e.g. a Streams internal topic. */
  public static boolean isPipelineTopic(String name) {
    return NAMES.contains(name);
  }

  private Topics() {}
}
