package io.backstride.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The CPU of a process's threads as Linux counts them ({@code /proc/PID/task/TID/stat}, user and
 * system time in clock ticks), named by their {@code comm}: the only view of another JVM's threads,
 * and of this JVM's threads that Java does not list (the garbage collector's, the JIT compilers').
 * HotSpot gives each Java thread its name as {@code comm}, cut to 15 characters.
 *
 * <p>A thread's ticks are readable only while it lives: {@link #sample} keeps the last reading of
 * every thread seen, so a thread that ended between two samples loses what it spent after the
 * earlier one; a caller that knows the process's exact total (a reaped child's, from {@code
 * cutime}) shows the difference as not sampled.
 */
final class TaskCpu {
  /** Linux's USER_HZ, the unit of the times in {@code stat}: 100 on every Linux this runs on. */
  static final long NANOS_PER_TICK = 10_000_000L;

  private final Path tasks;
  private final Map<String, Long> lastTicks = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();

  private TaskCpu(Path tasks) {
    this.tasks = tasks;
  }

  static TaskCpu of(long pid) {
    return new TaskCpu(Path.of("/proc", Long.toString(pid), "task"));
  }

  static TaskCpu self() {
    return of(ProcessHandle.current().pid());
  }

  /** Reads every live thread's ticks now; a thread seen before keeps its newest reading. */
  TaskCpu sample() {
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path thread : threads) {
        String tid = thread.getFileName().toString();
        try {
          long ticks = ticks(Files.readString(thread.resolve("stat")));
          String comm = Files.readString(thread.resolve("comm")).strip();
          lastTicks.put(tid, ticks);
          names.put(tid, comm);
        } catch (IOException ended) {
          // the thread ended between the listing and the read: its last sample stands
        }
      }
    } catch (IOException gone) {
      // the process has ended: the last samples stand
    }
    return this;
  }

  /** The ticks of every thread seen, as nanoseconds, grouped by what {@code group} names them. */
  Map<String, Long> nanosBy(Function<String, String> group) {
    Map<String, Long> grouped = new TreeMap<>();
    lastTicks.forEach(
        (tid, ticks) ->
            grouped.merge(group.apply(names.get(tid)), ticks * NANOS_PER_TICK, Long::sum));
    return grouped;
  }

  /**
   * The time spent per group between {@code before} and this one (threads new since: all of it).
   */
  Map<String, Long> nanosSince(TaskCpu before, Function<String, String> group) {
    Map<String, Long> grouped = new TreeMap<>();
    lastTicks.forEach(
        (tid, ticks) ->
            grouped.merge(
                group.apply(names.get(tid)),
                (ticks - before.lastTicks.getOrDefault(tid, 0L)) * NANOS_PER_TICK,
                Long::sum));
    return grouped;
  }

  /**
   * User plus system ticks from a {@code stat} line: fields 14 and 15, counted after the command
   * name, which is in parentheses and may itself hold spaces and parentheses.
   */
  static long ticks(String stat) {
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // after[0] is field 3 (the state): utime is field 14, stime field 15
    return Long.parseLong(after[11]) + Long.parseLong(after[12]);
  }

  /**
   * The CPU of this process's reaped children so far (fields 16 and 17 of {@code /proc/self/stat},
   * cutime and cstime), in nanoseconds: exact for a child once it has been waited for.
   */
  static long reapedChildrenNanos() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(after[13]) + Long.parseLong(after[14])) * NANOS_PER_TICK;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/stat", e);
    }
  }

  /** The JVM's own native threads by their {@code comm}: collector, JIT, or the VM's others. */
  static String jvmNativeGroup(String comm) {
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("ZGC")) {
      return "GC";
    }
    if (comm.contains("CompilerThre")) {
      return "JIT";
    }
    return "VM";
  }
}
