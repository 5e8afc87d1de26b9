package io.backstride.platform.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

  @Test
  void scrapesTheJvmAndTheServicesOwnMetersTaggedWithTheService() {
    try (ServiceMetrics metrics = ServiceMetrics.of("ingest")) {
      Counter.builder("backstride.uploads.accepted")
          .tag("format", "gpx")
          .register(metrics.registry())
          .increment();

      String page = metrics.scrape();

      assertThat(page)
          .contains(
              "# TYPE backstride_uploads_accepted_total counter\n",
              "backstride_uploads_accepted_total{format=\"gpx\",service=\"ingest\"} 1.0\n",
              "# TYPE jvm_memory_used_bytes gauge\n",
              "# TYPE jvm_threads_live_threads gauge\n",
              "# TYPE jvm_classes_loaded_classes gauge\n",
              "# TYPE process_uptime_seconds gauge\n",
              "# TYPE system_cpu_count gauge\n");
      page.lines()
          .filter(l -> !l.startsWith("#"))
          .forEach(l -> assertThat(l).contains("service=\"ingest\""));
    }
  }

  @Test
  void aRegistryWithoutKafkaClientsStartsNoThread() {
    try (ServiceMetrics metrics = ServiceMetrics.of("pages")) {
      assertThat(Thread.getAllStackTraces().keySet())
          .noneMatch(t -> t.getName().equals("metrics-kafka-refresh"));
      assertThat(metrics.scrape()).contains("service=\"pages\"");
    }
  }
}
