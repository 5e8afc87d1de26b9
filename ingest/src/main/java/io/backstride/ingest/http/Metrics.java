package io.backstride.ingest.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Ingest's own meters, on the service's Micrometer registry (platform's ServiceMetrics exposes them
 * in the Prometheus format). Every tag is from a bounded set: a route template, a status, a format,
 * an error code; never an athlete or an activity.
 *
 * <ul>
 *   <li>{@code backstride_ingest_requests_total{method,route,status}}
 *   <li>{@code backstride_ingest_samples_produced_total{source}}: gpx, tcx, fit, sync
 *   <li>{@code backstride_uploads_accepted_total{format}}: files by format, live batches as {@code
 *       sync}
 *   <li>{@code backstride_uploads_rejected_total{format,reason}}: {@code reason} is the error code
 *       of the answer ({@code invalid_activity}, {@code too_large}, {@code unavailable}, ...);
 *       {@code format} is {@code file} or {@code sync}, as a file is often refused before its
 *       format is known
 *   <li>{@code backstride_upload_samples{format}}: samples per accepted upload, a histogram
 *   <li>{@code backstride_upload_latency_seconds{format,outcome}}: from the request to the answer,
 *       a histogram
 * </ul>
 */
public final class Metrics {
  /** The kind of a file upload: its format tag when it is refused. */
  public static final String FILE = "file";

  /** The kind and the format of a live-sync batch. */
  public static final String SYNC = "sync";

  private final MeterRegistry registry;

  // Each meter is looked up once per tag set and kept: registering again on every request built
  // and sorted the tags and searched the registry each time, for meters that never change.
  private final ConcurrentMap<List<Object>, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, DistributionSummary> samplesPerUpload =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<List<Object>, Timer> latencies = new ConcurrentHashMap<>();

  /** Meters in a registry of their own, for tests of a use case alone. */
  public Metrics() {
    this(new SimpleMeterRegistry());
  }

  public Metrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Counts one answered request of {@code route} (the path template, not the athlete's path). */
  public void request(String method, String route, int status) {
    counters
        .computeIfAbsent(
            List.of("requests", method, route, status),
            k ->
                Counter.builder("backstride.ingest.requests")
                    .description("HTTP requests answered, by route and status")
                    .tags("method", method, "route", route, "status", String.valueOf(status))
                    .register(registry))
        .increment();
  }

  /** Counts samples acknowledged by Kafka, by source (gpx, tcx, fit, sync). */
  public void samplesProduced(String source, long count) {
    counters
        .computeIfAbsent(
            List.of("samples", source),
            k ->
                Counter.builder("backstride.ingest.samples.produced")
                    .description("Samples acknowledged by Kafka, by source")
                    .tag("source", source)
                    .register(registry))
        .increment(count);
  }

  /** One upload accepted (acknowledged by Kafka): a file of {@code format}, or a sync batch. */
  public void uploadAccepted(String format, int samples) {
    counters
        .computeIfAbsent(
            List.of("accepted", format),
            k ->
                Counter.builder("backstride.uploads.accepted")
                    .description(
                        "Uploads accepted once Kafka acknowledged them: files by format, sync"
                            + " batches")
                    .tag("format", format)
                    .register(registry))
        .increment();
    samplesPerUpload
        .computeIfAbsent(
            format,
            k ->
                DistributionSummary.builder("backstride.upload.samples")
                    .description("Samples per accepted upload")
                    .tag("format", format)
                    .serviceLevelObjectives(
                        10, 100, 600, 1_800, 3_600, 7_200, 14_400, 43_200, 100_000)
                    .register(registry))
        .record(samples);
  }

  /** One upload refused, answered with the error code {@code reason}. */
  public void uploadRejected(String format, String reason) {
    counters
        .computeIfAbsent(
            List.of("rejected", format, reason),
            k ->
                Counter.builder("backstride.uploads.rejected")
                    .description("Uploads refused, by the error code of the answer")
                    .tags("format", format, "reason", reason)
                    .register(registry))
        .increment();
  }

  /** How long an upload took from its request to its answer. */
  public void uploadLatency(String kind, boolean accepted, long nanos) {
    latencies
        .computeIfAbsent(List.of(kind, accepted), k -> latencyTimer(kind, accepted))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer latencyTimer(String kind, boolean accepted) {
    return Timer.builder("backstride.upload.latency")
        .description("Upload requests from the request to the answer")
        .tags("kind", kind, "outcome", accepted ? "accepted" : "rejected")
        .serviceLevelObjectives(
            Duration.ofMillis(10),
            Duration.ofMillis(25),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofMillis(2_500),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30))
        .register(registry);
  }
}
