package io.backstride.platform.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One service's metrics: a Prometheus registry whose every meter carries {@code service=<name>},
 * with the JVM and process binders (memory, GC, threads, class loading, uptime, CPU, file
 * descriptors) bound from the start, and the service's Kafka clients and Streams applications bound
 * as it creates them. {@link #scrape()} is the body of {@code GET /metrics}; the HTTP route itself
 * is the service's, as platform has no HTTP.
 *
 * <p>The services' own meters are named {@code backstride.*} in Micrometer's dotted form, which the
 * registry writes as {@code backstride_*} (counters with {@code _total}, timers in seconds). Their
 * tags are bounded sets (a format, a reason, a rule): never an athlete or activity id.
 */
public final class ServiceMetrics implements AutoCloseable {
  /** The Prometheus text format's content type, version 0.0.4, which {@link #scrape()} writes. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final List<AutoCloseable> binders = new ArrayList<>();

  /**
   * Where the Kafka binders look for metrics a client added since (a new partition, a new node):
   * one daemon thread for all of them, rather than one each; made with the first binder, so that a
   * registry without Kafka clients (a test's API) starts no thread.
   */
  private ScheduledExecutorService kafkaRefresh;

  private ServiceMetrics(String service) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("service", service);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    binders.add(gc);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** A registry for {@code service} (ingest, training-load, alerts, pages) with the JVM bound. */
  public static ServiceMetrics of(String service) {
    return new ServiceMetrics(service);
  }

  /** Where the service registers its own meters. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Exposes a producer's own metrics ({@code kafka_producer_*}) until this is closed. */
  public ServiceMetrics bind(Producer<?, ?> producer) {
    return bound(new KafkaClientMetrics(producer, List.of(), kafkaRefresh()));
  }

  /** Exposes a consumer's own metrics ({@code kafka_consumer_*}) until this is closed. */
  public ServiceMetrics bind(Consumer<?, ?> consumer) {
    return bound(new KafkaClientMetrics(consumer, List.of(), kafkaRefresh()));
  }

  /** Exposes an admin client's own metrics ({@code kafka_admin_client_*}). */
  public ServiceMetrics bind(AdminClient admin) {
    return bound(new KafkaClientMetrics(admin, List.of(), kafkaRefresh()));
  }

  /**
   * Exposes a Streams application's metrics ({@code kafka_stream_*}) and those of the clients it
   * runs (its consumers, producers and admin client).
   */
  public ServiceMetrics bind(KafkaStreams streams) {
    return bound(new KafkaStreamsMetrics(streams, List.of(), kafkaRefresh()));
  }

  private synchronized ScheduledExecutorService kafkaRefresh() {
    if (kafkaRefresh == null) {
      kafkaRefresh =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "metrics-kafka-refresh");
                thread.setDaemon(true);
                return thread;
              });
    }
    return kafkaRefresh;
  }

  private <B extends MeterBinder & AutoCloseable> ServiceMetrics bound(B binder) {
    binder.bindTo(registry);
    synchronized (binders) {
      binders.add(binder);
    }
    return this;
  }

  /** Every meter, in the Prometheus text format ({@link #CONTENT_TYPE}). */
  public String scrape() {
    return registry.scrape();
  }

  /** Stops the binders' refreshes and listeners, then the registry. */
  @Override
  public void close() {
    synchronized (binders) {
      for (AutoCloseable binder : binders) {
        try {
          binder.close();
        } catch (Exception e) {
          // a binder that cannot stop its refresh only leaves a daemon thread behind
        }
      }
      binders.clear();
    }
    synchronized (this) {
      if (kafkaRefresh != null) {
        kafkaRefresh.shutdownNow();
      }
    }
    registry.close();
  }
}
