package io.backstride.ingest.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of a 202 for an uploaded activity, sent once Kafka has acknowledged every batch.
 *
 * @param activityId the deterministic id: the same run uploaded again gets the same one
 * @param batches records written to {@code activity-samples.v1}
 * @param samples timed samples in those records
 * @param start the time of the first sample, ISO-8601 UTC
 * @param warning present when ingest can tell that the trends will not count the run (it lies too
 *     far behind the athlete's newest run); absent promises nothing
 */
public record ActivityAccepted(
    String activityId,
    int batches,
    int samples,
    String start,
    @JsonInclude(JsonInclude.Include.NON_NULL) String warning) {}
