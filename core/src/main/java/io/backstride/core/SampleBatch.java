package io.backstride.core;

import java.util.List;
import java.util.Optional;

/**
 * An ordered run of samples of one activity, as ingest cuts a recording into batches and the
 * streams stage puts them back together.
 *
 * @param activityId deterministic from athlete and start time, so that a re-upload is the same
 *     activity
 * @param seq 0-based position of this batch within the activity
 * @param last whether this is the activity's final batch
 * @param sport the sport the recording names; empty when it names none and speed decides
 * @param source gpx, tcx, fit or sync
 * @param uploadId one id for all the batches of one file upload; {@code null} for live sync
 */
public record SampleBatch(
    String athleteId,
    String activityId,
    int seq,
    boolean last,
    Optional<Sport> sport,
    String source,
    List<Sample> samples,
    String uploadId) {

  public SampleBatch {
    samples = List.copyOf(samples);
  }
}
