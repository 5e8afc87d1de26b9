package io.backstride.ingest.http;

/**
 * The body of a 202 for a live-sync batch, sent once Kafka has acknowledged it.
 *
 * @param activityId the activity, as sent
 * @param seq the batch number, as sent
 * @param samples samples in the batch
 */
public record SyncAccepted(String activityId, int seq, int samples) {}
