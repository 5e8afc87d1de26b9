package io.backstride.ingest.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A few plain counters in the Prometheus text format (version 0.0.4), enough to graph accepted and
 * rejected uploads and the samples produced without pulling in a metrics library.
 */
public final class Metrics {
  /** Requests by route and status: {@code route|status} to count, sorted for stable output. */
  private final Map<String, LongAdder> requests = new ConcurrentSkipListMap<>();

  private final Map<String, LongAdder> samples = new ConcurrentHashMap<>();

  /** Counts one answered request of {@code route} (the path template, not the athlete's path). */
  public void request(String method, String route, int status) {
    requests.computeIfAbsent(method + " " + route + "|" + status, k -> new LongAdder()).increment();
  }

  /** Counts samples acknowledged by Kafka, by source (gpx, tcx, fit, sync). */
  public void samplesProduced(String source, long count) {
    samples.computeIfAbsent(source, k -> new LongAdder()).add(count);
  }

  /** The counters in the Prometheus text exposition format. */
  public String prometheus() {
    StringBuilder out = new StringBuilder();
    out.append(
        "# HELP backstride_ingest_requests_total HTTP requests answered, by route and status.\n");
    out.append("# TYPE backstride_ingest_requests_total counter\n");
    requests.forEach(
        (key, count) -> {
          int bar = key.lastIndexOf('|');
          String[] methodRoute = key.substring(0, bar).split(" ", 2);
          out.append("backstride_ingest_requests_total{method=\"")
              .append(methodRoute[0])
              .append("\",route=\"")
              .append(escape(methodRoute[1]))
              .append("\",status=\"")
              .append(key.substring(bar + 1))
              .append("\"} ")
              .append(count.sum())
              .append('\n');
        });
    out.append("# HELP backstride_ingest_samples_produced_total Samples acknowledged by Kafka.\n");
    out.append("# TYPE backstride_ingest_samples_produced_total counter\n");
    new ConcurrentSkipListMap<>(samples)
        .forEach(
            (source, count) ->
                out.append("backstride_ingest_samples_produced_total{source=\"")
                    .append(escape(source))
                    .append("\"} ")
                    .append(count.sum())
                    .append('\n'));
    return out.toString();
  }

  private static String escape(String label) {
    return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
