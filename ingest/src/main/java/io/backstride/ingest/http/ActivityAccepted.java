package io.backstride.ingest.http;

/**
 * The body of a 202 for an uploaded activity, sent once Kafka has acknowledged every batch.
 *
 * @param activityId the deterministic id: the same run uploaded again gets the same one
 * @param batches records written to {@code activity-samples.v1}
 * @param samples timed samples in those records
 * @param start the time of the first sample, ISO-8601 UTC
 */
public record ActivityAccepted(String activityId, int batches, int samples, String start) {}
