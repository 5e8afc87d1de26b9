package io.backstride.ingest.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of a 202 for a live-sync batch, sent once Kafka has acknowledged it.
 *
 * @param activityId the activity, as sent
 * @param seq the batch number, as sent
 * @param samples samples in the batch
 * @param warning present when ingest can tell that the trends will not count the run; absent
 *     promises nothing
 */
public record SyncAccepted(
    String activityId,
    int seq,
    int samples,
    @JsonInclude(JsonInclude.Include.NON_NULL) String warning) {}
