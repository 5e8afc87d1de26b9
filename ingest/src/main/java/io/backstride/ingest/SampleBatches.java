package io.backstride.ingest;

import io.backstride.avro.SampleBatch;
import io.backstride.schemas.codec.SampleBatchCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Cuts an activity into the records of {@code activity-samples.v1}. A batch rather than a record
 * per sample keeps a one-hour run at tens of records; a cap keeps each record well below Kafka's
 * default 1 MB message limit (200 samples are about 10 KB of Avro).
 */
public final class SampleBatches {

  /** Samples per batch. */
  public static final int MAX_SAMPLES = 200;

  /**
   * Batches of at most {@link #MAX_SAMPLES}, numbered from 0, the last one marked final, all
   * carrying one new upload id.
   */
  public static List<SampleBatch> of(String athleteId, String activityId, ParsedActivity activity) {
    return of(athleteId, activityId, activity, MAX_SAMPLES);
  }

  /** As {@link #of(String, String, ParsedActivity)} with another batch size (tests, tuning). */
  public static List<SampleBatch> of(
      String athleteId, String activityId, ParsedActivity activity, int maxSamples) {
    return of(athleteId, activityId, activity, maxSamples, UUID.randomUUID().toString());
  }

  /**
   * As {@link #of(String, String, ParsedActivity, int)} with a given upload id. The id is what
   * keeps two uploads of the same file apart: posted at the same moment, their batches interleave
   * in the partition with the same activity id and the same numbers, and only the id tells the
   * streams stage which batches make one complete version.
   */
  public static List<SampleBatch> of(
      String athleteId,
      String activityId,
      ParsedActivity activity,
      int maxSamples,
      String uploadId) {
    if (maxSamples < 1) {
      throw new IllegalArgumentException("maxSamples must be positive, was " + maxSamples);
    }
    List<io.backstride.core.Sample> samples = activity.samples();
    int count = (samples.size() + maxSamples - 1) / maxSamples;
    List<SampleBatch> batches = new ArrayList<>(count);
    for (int seq = 0; seq < count; seq++) {
      List<io.backstride.core.Sample> chunk =
          samples.subList(seq * maxSamples, Math.min(samples.size(), (seq + 1) * maxSamples));
      batches.add(
          SampleBatchCodec.toAvro(
              new io.backstride.core.SampleBatch(
                  athleteId,
                  activityId,
                  seq,
                  seq == count - 1,
                  activity.sport(),
                  activity.format(),
                  chunk,
                  uploadId)));
    }
    return List.copyOf(batches);
  }

  private SampleBatches() {}
}
