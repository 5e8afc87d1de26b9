package io.backstride.ingest.http;

import java.util.List;

/**
 * The body of {@code POST /v1/athletes/{athleteId}/samples} as sent by a live-sync client: one
 * batch of an activity in progress. Checked by {@code SyncBatches}.
 *
 * @param activityId the client's id for the activity, the same for all of its batches
 * @param seq 0-based batch number; a retried batch is sent again with the same number
 * @param isFinal whether this is the activity's last batch (JSON {@code final})
 * @param sport running, walking, hiking, cycling or other; absent to infer from speed
 * @param samples the batch's samples, in time order
 */
public record SyncBatchRequest(
    String activityId,
    Integer seq,
    @com.fasterxml.jackson.annotation.JsonProperty("final") Boolean isFinal,
    String sport,
    List<SyncSample> samples) {

  /**
   * One sample of a sync batch; every field but {@code time} (ISO-8601) may be absent.
   *
   * @param elevation metres
   * @param speed metres per second
   * @param distance cumulative metres
   * @param cadence steps per minute
   * @param verticalOscillation millimetres
   */
  public record SyncSample(
      String time,
      Double lat,
      Double lon,
      Double elevation,
      Double speed,
      Double distance,
      Integer heartRate,
      Double cadence,
      Double verticalOscillation) {}
}
