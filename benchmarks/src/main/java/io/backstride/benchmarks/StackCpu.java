package io.backstride.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where the CPU of one import went, across both processes: the import client (another JVM, read
 * from {@code /proc} while it lives, its exact total from {@code cutime} once reaped) and the
 * service JVM, this one: its Java threads by their full names ({@link CpuAccount}), its collector
 * and JIT threads from {@code /proc/self/task} (Java does not list them), and the rest of the
 * process's CPU as the VM's.
 *
 * <p>The harness's own threads (the trend polls, the process watch) are shown apart and left out of
 * the stack's total: a user's import has no harness.
 */
final class StackCpu {
  static final String HARNESS = "harness (trend polls, process watch)";
  static final String JIT = "service JVM: JIT compiler threads";
  static final String CLIENT_NOT_SAMPLED = "client: not sampled (threads' last 100 ms)";

  /** The components in the order the table shows them, each with who counts for it. */
  private static final List<Map.Entry<String, Predicate<String>>> SERVICE_JAVA =
      List.of(
          Map.entry("service: ingest HTTP threads", n -> n.startsWith("ingest-http-")),
          Map.entry(
              "service: ingest producer I/O",
              n -> n.startsWith("kafka-producer-network-thread | backstride-ingest")),
          Map.entry("service: ingest, other threads", CpuAccount.ingestService()),
          Map.entry(
              "service: training-load (Streams threads, their clients)",
              n -> n.contains("training-load")),
          Map.entry(
              "service: alerts (Streams threads, clients, notifier)",
              n -> n.contains("alerts") || n.contains("notifier")),
          Map.entry(
              "service: schema registry",
              n -> n.startsWith("JettyServerThreadPool") || n.contains("registry")),
          Map.entry(
              "broker: network (acceptors, processors)",
              n -> n.contains("network-thread") || n.contains("acceptor")),
          Map.entry("broker: request handlers", n -> n.contains("request-handler")),
          Map.entry(
              HARNESS,
              n ->
                  n.equals("main")
                      || n.startsWith("HttpClient-")
                      || n.equals("process reaper")
                      || n.startsWith("history-cli")),
          Map.entry("broker: log, coordinators, raft, other Java threads", n -> true));

  /** The CPU at the start of a stretch. */
  record Start(CpuAccount.Snapshot java, TaskCpu tasks) {}

  static Start start() {
    return new Start(CpuAccount.take(), TaskCpu.self().sample());
  }

  /**
   * The service JVM's CPU since {@code start}, by component, in nanoseconds; also the busiest Java
   * threads by name (numbers folded), for what the groups hide.
   */
  static Map<String, Long> serviceSince(Start start, Map<String, Long> busiestThreads) {
    CpuAccount.Snapshot java = CpuAccount.take();
    TaskCpu tasks = TaskCpu.self().sample();
    Map<String, Long> by = new LinkedHashMap<>();
    SERVICE_JAVA.forEach(e -> by.put(e.getKey(), 0L));
    long javaNanos = 0;
    for (Map.Entry<Long, Long> thread : java.cpuByThread().entrySet()) {
      String name = java.names().get(thread.getKey());
      long spent = thread.getValue() - start.java().cpuByThread().getOrDefault(thread.getKey(), 0L);
      javaNanos += spent;
      busiestThreads.merge(name.replaceAll("\\d+", "N"), spent, Long::sum);
      for (Map.Entry<String, Predicate<String>> group : SERVICE_JAVA) {
        if (group.getValue().test(name)) {
          by.merge(group.getKey(), spent, Long::sum);
          break;
        }
      }
    }
    Map<String, Long> natives = tasks.nanosSince(start.tasks(), TaskCpu::jvmNativeGroup);
    long gc = natives.getOrDefault("GC", 0L);
    long jit = natives.getOrDefault("JIT", 0L);
    by.put("service JVM: GC threads", gc);
    by.put(JIT, jit);
    long process = java.process() - start.java().process();
    by.put("service JVM: VM, other native threads", Math.max(0, process - javaNanos - gc - jit));
    return by;
  }

  /**
   * The import client's threads by their {@code comm}: what the client's own threads are called.
   */
  static String clientGroup(String comm) {
    if (comm.startsWith("import-read")) {
      return "client: ordering reads";
    }
    if (comm.startsWith("import-send") || comm.startsWith("HttpClient")) {
      return "client: uploads (HTTP)";
    }
    if (comm.equals("import")) {
      return "client: reads and uploads (one pool)";
    }
    if (comm.equals("main") || comm.equals("java")) {
      return "client: main thread";
    }
    String jvm = TaskCpu.jvmNativeGroup(comm);
    return jvm.equals("VM") ? "client: VM, other threads" : "client: " + jvm;
  }

  /**
   * The client's CPU by group, the part its samples missed (threads that ended after their last
   * sample, the JVM's exit) added to reach its exact total.
   */
  static Map<String, Long> clientWithTotal(Map<String, Long> sampled, long exactTotal) {
    Map<String, Long> by = new LinkedHashMap<>(sampled);
    long seen = sampled.values().stream().mapToLong(Long::longValue).sum();
    by.put(CLIENT_NOT_SAMPLED, Math.max(0, exactTotal - seen));
    return by;
  }

  /** A table of ms of CPU per file and shares of the stack's total, largest first. */
  static void print(
      PrintStream out, Map<String, Long> byComponent, int files, Map<String, Long> busiest) {
    long stack =
        byComponent.entrySet().stream()
            .filter(e -> !e.getKey().equals(HARNESS))
            .mapToLong(Map.Entry::getValue)
            .sum();
    List<Map.Entry<String, Long>> rows = new ArrayList<>(byComponent.entrySet());
    rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    out.println("  | component | CPU s | ms a file | share of the stack |");
    out.println("  |---|---:|---:|---:|");
    for (Map.Entry<String, Long> row : rows) {
      boolean harness = row.getKey().equals(HARNESS);
      out.println(
          Stats.format(
              "  | %s | %.2f | %.2f | %s |",
              row.getKey(),
              row.getValue() / 1e9,
              row.getValue() / 1e6 / files,
              harness ? "(not counted)" : Stats.format("%.1f %%", 100.0 * row.getValue() / stack)));
    }
    out.println(
        Stats.format(
            "  | **whole stack** | %.2f | %.2f | 100 %% |", stack / 1e9, stack / 1e6 / files));
    List<Map.Entry<String, Long>> threads = new ArrayList<>(busiest.entrySet());
    threads.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    StringBuilder top = new StringBuilder("  busiest service Java threads (ms a file):");
    threads.stream()
        .limit(12)
        .forEach(
            t -> top.append(Stats.format(" %s %.2f;", t.getKey(), t.getValue() / 1e6 / files)));
    out.println(top);
  }

  /** The stack's total, the harness left out. */
  static long stackNanos(Map<String, Long> byComponent) {
    return byComponent.entrySet().stream()
        .filter(e -> !e.getKey().equals(HARNESS))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** The largest component of the stack, the harness left out. */
  static Map.Entry<String, Long> largest(Map<String, Long> byComponent) {
    return byComponent.entrySet().stream()
        .filter(e -> !e.getKey().equals(HARNESS))
        .max(Map.Entry.comparingByValue())
        .orElseThrow();
  }

  private StackCpu() {}
}
