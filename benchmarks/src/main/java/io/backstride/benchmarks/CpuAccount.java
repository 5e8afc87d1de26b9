package io.backstride.benchmarks;

import io.backstride.ingest.IngestApi;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Where the CPU time of a stretch of the run went, by who spent it. The harnesses run the service,
 * its clients and the broker in one JVM on two cores, so a wall-clock rate mixes their costs; the
 * per-thread CPU clocks tell them apart: the service's own threads, the load-generating clients,
 * every other Java thread (the broker, the schema registry), and what no Java thread accounts for
 * (the JIT compilers, the garbage collector and the VM, read as the process's CPU minus the Java
 * threads').
 *
 * <p>Threads are told apart by name, so a rename in Jetty or Kafka moves time between groups. The
 * process's CPU comes from the OS in clock ticks (10 ms on Linux), so the last group is only as
 * exact as that, per stretch measured; thread CPU is exact to the microsecond.
 */
final class CpuAccount {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  /** The CPU of one stretch, in nanoseconds, and the JIT's own count of its compile time. */
  record Split(
      long serviceNanos,
      long clientNanos,
      long otherJavaNanos,
      long vmNanos,
      long jitMillis,
      long serviceAllocatedBytes,
      Map<String, Long> serviceNanosByThread) {

    long totalNanos() {
      return serviceNanos + clientNanos + otherJavaNanos + vmNanos;
    }
  }

  /** The CPU clocks at one moment. */
  record Snapshot(
      Map<Long, Long> cpuByThread,
      Map<Long, Long> allocatedByThread,
      Map<Long, String> names,
      long process,
      long jit) {}

  private final Predicate<String> service;
  private final Predicate<String> client;

  /** Groups threads by name: those {@code service} accepts, then those {@code client} accepts. */
  CpuAccount(Predicate<String> service, Predicate<String> client) {
    this.service = service;
    this.client = client;
  }

  /**
   * The threads that run ingest: its HTTP server's pool, its producer's I/O thread, its profile
   * cache, its health probe. The schema registry's HTTP server keeps Javalin's default name ({@code
   * JettyServerThreadPool}), so it counts with the other Java threads.
   */
  static Predicate<String> ingestService() {
    List<String> prefixes =
        List.of(
            IngestApi.HTTP_THREADS + "-",
            "kafka-producer-network-thread | backstride-ingest",
            "cache-athlete-profiles",
            "ingest-health-probe",
            "ingest-body-deadlines",
            "ingest-cluster-id",
            "ingest-kafka-probe",
            "metrics-kafka-refresh",
            "kafka-admin-client-thread | ingest-health");
    return name -> prefixes.stream().anyMatch(name::startsWith);
  }

  static Snapshot take() {
    if (!THREADS.isThreadCpuTimeSupported() || !THREADS.isThreadCpuTimeEnabled()) {
      throw new IllegalStateException("this JVM does not measure the CPU time of its threads");
    }
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, Long> allocated = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue; // ended between the two calls
      }
      long nanos = THREADS.getThreadCpuTime(info.getThreadId());
      if (nanos >= 0) {
        cpu.put(info.getThreadId(), nanos);
        names.put(info.getThreadId(), info.getThreadName());
        allocated.put(info.getThreadId(), allocatedBytes(info.getThreadId()));
      }
    }
    return new Snapshot(cpu, allocated, names, processCpuNanos(), JIT.getTotalCompilationTime());
  }

  /**
   * The CPU spent since {@code before}. A thread that ended in between is lost to its group and
   * counted as the VM's, so the stretch's own threads must outlive it.
   */
  Split since(Snapshot before) {
    Snapshot after = take();
    long serviceNanos = 0;
    long clientNanos = 0;
    long otherNanos = 0;
    long serviceAllocated = 0;
    Map<String, Long> byThread = new TreeMap<>();
    for (Map.Entry<Long, Long> thread : after.cpuByThread().entrySet()) {
      long spent = thread.getValue() - before.cpuByThread().getOrDefault(thread.getKey(), 0L);
      String name = after.names().get(thread.getKey());
      if (service.test(name)) {
        serviceNanos += spent;
        serviceAllocated +=
            after.allocatedByThread().getOrDefault(thread.getKey(), 0L)
                - before.allocatedByThread().getOrDefault(thread.getKey(), 0L);
        // numbered pool threads as one: ingest-http-12 and ingest-http-40-acceptor as ingest-http-N
        byThread.merge(name.replaceAll("-\\d+.*$", "-N"), spent, Long::sum);
      } else if (client.test(name)) {
        clientNanos += spent;
      } else {
        otherNanos += spent;
      }
    }
    long javaNanos = serviceNanos + clientNanos + otherNanos;
    long vmNanos = Math.max(0, after.process() - before.process() - javaNanos);
    return new Split(
        serviceNanos,
        clientNanos,
        otherNanos,
        vmNanos,
        after.jit() - before.jit(),
        serviceAllocated,
        byThread);
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    throw new IllegalStateException("this JVM does not report its process CPU time");
  }

  /** Bytes a thread has allocated on the heap so far, or 0 where the JVM does not count them. */
  private static long allocatedBytes(long threadId) {
    if (THREADS instanceof com.sun.management.ThreadMXBean counting) {
      return Math.max(0, counting.getThreadAllocatedBytes(threadId));
    }
    return 0;
  }

  /** Bytes the calling thread has allocated so far. */
  static long currentThreadAllocatedBytes() {
    return allocatedBytes(Thread.currentThread().getId());
  }

  /** CPU time of the calling thread so far, in nanoseconds. */
  static long currentThreadNanos() {
    return THREADS.getCurrentThreadCpuTime();
  }
}
