package io.backstride.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.cli.Pipeline;
import io.backstride.ingest.ActivityReaders;
import io.backstride.ingest.ParsedActivity;
import io.backstride.ingest.archive.ActivityArchive;
import io.backstride.ingest.archive.ArchiveEntry;
import io.backstride.localstack.LocalStack;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A runner's whole history (issue 15, target 4): a generated five-year Strava export of 1,000
 * GPX/FIT/TCX files, some gzipped, in a zip ({@link HistoryExport}), measured in one run as
 *
 * <ol>
 *   <li><b>parse-only</b>, the reference: every activity entry of the zip read with ingest's own
 *       {@link ActivityReaders} through {@link ActivityArchive} (the way import opens them), on one
 *       thread and on as many as import uses by default;
 *   <li><b>import</b>: {@code backstride import ZIP} as its own process with its default settings,
 *       into a running local stack (broker, registry, ingest, training-load, alerts in this JVM, as
 *       {@code backstride run} has them): files/s to the process's exit, and the time from its
 *       launch to the last run's trend on the trends API; one cold first import under an athlete of
 *       its own before the measured rounds, its own row;
 *   <li><b>import floor</b> ({@link ImportFloor}): the same files through ingest's readers and
 *       batches, a bare idempotent producer and the exactly_once_v2 Streams floor, its CPU a file
 *       above idle against twice parse-only's (what half of parse-only's rate allows);
 *   <li><b>analyze</b> of the whole history ({@code backstride analyze DIR --json}) and of a 4-file
 *       folder, each its own process: the total and the phases analyze prints at its end.
 * </ol>
 *
 * <p>The commands run through the launcher, {@code ./backstride}, as a user runs them: run the
 * harness from the repository root (or name the launcher with {@code -Dhistory.launcher=PATH}); it
 * stops with the reason when the launcher or its jar is missing.
 *
 * <p>Each import round also accounts for the CPU of the whole stack per file, by component ({@link
 * StackCpu}: the import process's threads, and this JVM's ingest, broker, Streams, registry, GC and
 * JIT threads), and the rows add the rate that CPU allows on two cores beside parse-only: what
 * bounds the import, measured. {@code -Dhistory.compare=PATH} names another checkout's launcher
 * whose import rounds are interleaved with these (A B B A), same service, same export.
 *
 * <p>{@code HistoryImport [FILES [PARSE_ROUNDS [IMPORT_ROUNDS [SMALL_ROUNDS [HISTORY_ANALYZE]]]]]},
 * default {@code 1000 3 1 3 1}.
 */
public final class HistoryImport {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The cores of the machine the targets are for (BENCHMARKS.md, the machine). */
  static final int CORES = 2;

  static final long SEED = 15_4L;

  /** What one run measured. */
  record Result(
      int files,
      double parseOneThread,
      double parseParallel,
      int parallelism,
      List<Double> importFilesPerS,
      List<Double> importToLastTrendS,
      double historyAnalyzeS,
      String historyPhases,
      List<Double> smallAnalyzeS,
      String smallPhases,
      double parseParallelCpuMsPerFile,
      List<Double> stackCpuMsPerFile,
      String largestComponent,
      Optional<Imported> cold,
      Map<String, Long> medianStack,
      Optional<ImportFloor.Result> floor,
      double serviceIdleMsPerS,
      double serviceIdleJitMsPerS,
      double parseParallelCpuMsBest) {
    double importMedian() {
      return Stats.median(importFilesPerS);
    }
  }

  /** The sizes of one run. */
  record Options(
      int files, int parseRounds, int importRounds, int smallRounds, boolean historyAnalyze) {}

  private HistoryImport() {}

  public static void main(String[] args) throws Exception {
    BenchStack.quietLogging();
    Options o =
        new Options(
            arg(args, 0, 1000),
            arg(args, 1, 3),
            arg(args, 2, 1),
            arg(args, 3, 3),
            arg(args, 4, 1) > 0);
    Result r = run(o, System.out);
    printRows(r, System.out);
  }

  private static int arg(String[] args, int i, int otherwise) {
    return args.length > i ? Integer.parseInt(args[i]) : otherwise;
  }

  static Result run(Options o, PrintStream out) throws Exception {
    Path work = Files.createTempDirectory("backstride-history-");
    try {
      return measure(o, work, out);
    } finally {
      deleteQuietly(work);
    }
  }

  private static Result measure(Options o, Path work, PrintStream out) throws Exception {
    Command cli = Command.find();
    // -Dhistory.compare=PATH: another checkout's launcher, its import rounds interleaved with
    // these (its figures printed, not in the rows)
    Optional<Command> compared =
        Optional.ofNullable(System.getProperty("history.compare"))
            .map(path -> Command.check(Path.of(path).toAbsolutePath().normalize()));
    out.println(Stats.format("load%s", load()));
    long t0 = System.nanoTime();
    HistoryExport.Written export = HistoryExport.write(work, HistoryExport.plan(o.files(), SEED));
    out.println(
        Stats.format(
            "export: %d runs %s to %s, %.1f MB of activity files, zip %.1f MB, made in %.1f s",
            export.runs().size(),
            export.runs().get(0).day(),
            export.runs().get(export.runs().size() - 1).day(),
            export.activityBytes() / 1e6,
            export.zipBytes() / 1e6,
            (System.nanoTime() - t0) / 1e9));
    cli.ready();
    out.println("commands run as: " + cli);
    if (compared.isPresent()) {
      compared.get().ready();
      out.println("import rounds 2, 3, 6, 7, ... compared through: " + compared.get());
    }
    Path small = smallFolder(work, export);
    // as a user's first run: the launcher makes its class-data archive in the first analyze
    // without one (at its exit), which the measured commands after it then use
    Analyzed first = analyze(cli, small, "first");
    out.println(Stats.format("analyze 4 files, first run (unmeasured): %.1f s", first.seconds()));

    int parallelism = importParallelism(cli);
    // unmeasured: the JIT's first passes over the readers; after one pass the first measured
    // round still cost 1.3-1.8x the second's CPU a file (the reference the floor's budget is from)
    parseOnly(export.zip(), parallelism);
    parseOnly(export.zip(), 1);
    List<Double> one = new ArrayList<>();
    List<Double> many = new ArrayList<>();
    List<Double> manyCpuMs = new ArrayList<>();
    for (int round = 0; round < o.parseRounds(); round++) {
      Parse single = parseOnly(export.zip(), 1);
      Parse parallel = parseOnly(export.zip(), parallelism);
      one.add(single.filesPerS());
      many.add(parallel.filesPerS());
      manyCpuMs.add(parallel.cpuSeconds() * 1000 / o.files());
      out.println(
          Stats.format(
              "parse-only round %d: 1 thread %.1f files/s (CPU %.2f ms a file), %d threads %.1f"
                  + " files/s (CPU %.2f ms a file) (%,d samples); load%s",
              round + 1,
              single.filesPerS(),
              single.cpuSeconds() * 1000 / o.files(),
              parallelism,
              parallel.filesPerS(),
              parallel.cpuSeconds() * 1000 / o.files(),
              single.samples(),
              load()));
    }

    List<Double> importRates = new ArrayList<>();
    List<Double> toLastTrend = new ArrayList<>();
    List<Double> stackMs = new ArrayList<>();
    String largest = "-";
    Optional<Imported> cold = Optional.empty();
    double serviceIdleMsPerS = Double.NaN;
    double serviceIdleJitMsPerS = Double.NaN;
    List<Map<String, Long>> stacks = new ArrayList<>();
    try (LocalStack stack = LocalStack.start(work.resolve("data"))) {
      Map<String, String> env = stack.serviceEnv();
      env.put("BACKSTRIDE_INGEST_PORT", "0");
      env.put("BACKSTRIDE_STREAMS_HTTP_PORT", "0");
      env.put("BACKSTRIDE_ALERTS_HTTP_PORT", "0");
      env.put("BACKSTRIDE_STATE_DIR", work.resolve("state").toString());
      try (Pipeline pipeline = Pipeline.start(env)) {
        pipeline.awaitReady(Duration.ofMinutes(3));
        if (o.importRounds() > 0) {
          // the service's first import, JIT cold: its own row, and out of the measured rounds
          // (which a service that has imported before would see)
          long coldStarted = System.nanoTime();
          Imported coldImport =
              importOnce(cli, pipeline, export, "history-cold", work.resolve("history-cold.json"));
          cold = Optional.of(coldImport);
          out.println(
              Stats.format(
                  "cold first import (athlete history-cold, not a measured round): %d files in"
                      + " %.1f s, %.1f files/s; last trend after %.1f s; whole stack %.1f ms a"
                      + " file, largest %s; load%s",
                  o.files(),
                  coldImport.seconds(),
                  o.files() / coldImport.seconds(),
                  coldImport.lastTrendSeconds(),
                  StackCpu.stackNanos(coldImport.stack()) / 1e6 / o.files(),
                  StackCpu.largest(coldImport.stack()).getKey(),
                  load()));
          // what the service JVM spends with nothing to do (Streams polls and commits, the
          // broker), which the rounds' stack CPU includes and the floor's does not
          ImportFloor.Idle idle = ImportFloor.idle();
          serviceIdleMsPerS = idle.nanosPerS() / 1e6;
          serviceIdleJitMsPerS = idle.jitNanosPerS() / 1e6;
          out.println(
              Stats.format(
                  "service JVM idle after it: %.1f ms of CPU a second over %d s (largest: %s);"
                      + " the cold import and this took %.1f s",
                  serviceIdleMsPerS,
                  ImportFloor.IDLE.toSeconds(),
                  idle.largest(),
                  (System.nanoTime() - coldStarted) / 1e9));
        }
        for (int round = 0; round < o.importRounds(); round++) {
          String athlete = "history-" + (round + 1);
          // with a launcher to compare, rounds go A B B A ...: each side as often early as late
          boolean other = compared.isPresent() && (round % 4 == 1 || round % 4 == 2);
          Command launcher = other ? compared.get() : cli;
          Imported imported =
              importOnce(launcher, pipeline, export, athlete, work.resolve(athlete + ".json"));
          if (compared.isPresent()) {
            out.println(
                "import round " + (round + 1) + " through " + (other ? "B " : "A ") + launcher);
          }
          if (!other) {
            importRates.add(o.files() / imported.seconds());
            toLastTrend.add(imported.lastTrendSeconds());
          }
          out.println(
              Stats.format(
                  "import round %d: %d files in %.1f s, %.1f files/s; last trend after %.1f s;"
                      + " load%s%n  CPU s: import process %.1f (%.1f ms a file); service JVM:"
                      + " ingest %.1f, streams apps %.1f, broker/registry/other %.1f, GC/JIT/VM"
                      + " %.1f%n  %s",
                  round + 1,
                  o.files(),
                  imported.seconds(),
                  o.files() / imported.seconds(),
                  imported.lastTrendSeconds(),
                  load(),
                  imported.importCpuS(),
                  imported.importCpuS() * 1000 / o.files(),
                  imported.service().serviceNanos() / 1e9,
                  imported.service().clientNanos() / 1e9,
                  imported.service().otherJavaNanos() / 1e9,
                  imported.service().vmNanos() / 1e9,
                  imported.summary()));
          long stackNanos = StackCpu.stackNanos(imported.stack());
          Map.Entry<String, Long> top = StackCpu.largest(imported.stack());
          if (!other) {
            stackMs.add(stackNanos / 1e6 / o.files());
            stacks.add(imported.stack());
            largest = Stats.format("%s %.0f %%", top.getKey(), 100.0 * top.getValue() / stackNanos);
          }
          out.println(
              Stats.format(
                  "  the whole stack's CPU, from the import's launch to the last trend, by"
                      + " component (round %d, %d files):",
                  round + 1, o.files()));
          StackCpu.print(out, imported.stack(), o.files(), imported.busiestThreads());
        }
      }
    }

    // the least the same export can cost through the same readers, batches, producer settings and
    // processing guarantee, on a broker of its own once the stack above is gone
    Optional<ImportFloor.Result> floor = Optional.empty();
    if (o.importRounds() > 0) {
      floor =
          Optional.of(
              ImportFloor.run(export.zip(), parallelism, Math.max(2, o.importRounds()), out));
    }

    double historyS = Double.NaN;
    String historyPhases = "-";
    if (o.historyAnalyze()) {
      Analyzed a = analyze(cli, export.folder(), "history");
      historyS = a.seconds();
      historyPhases = a.phases();
      out.println(
          Stats.format("analyze %d files: %.1f s; load%s%n  %s", o.files(), historyS, load(), a));
    }
    List<Double> smallS = new ArrayList<>();
    List<String> smallPhases = new ArrayList<>();
    for (int round = 0; round < o.smallRounds(); round++) {
      Analyzed a = analyze(cli, small, "four");
      smallS.add(a.seconds());
      smallPhases.add(a.phases());
      out.println(
          Stats.format(
              "analyze 4 files round %d: %.1f s; load%s%n  %s", round + 1, a.seconds(), load(), a));
    }
    String medianPhases = "-";
    if (!smallS.isEmpty()) {
      double median = Stats.median(smallS);
      int closest = 0;
      for (int i = 0; i < smallS.size(); i++) {
        if (Math.abs(smallS.get(i) - median) < Math.abs(smallS.get(closest) - median)) {
          closest = i;
        }
      }
      medianPhases = smallPhases.get(closest);
    }
    return new Result(
        o.files(),
        Stats.median(one),
        Stats.median(many),
        parallelism,
        importRates,
        toLastTrend,
        historyS,
        historyPhases,
        smallS,
        medianPhases,
        manyCpuMs.isEmpty() ? Double.NaN : Stats.median(manyCpuMs),
        stackMs,
        largest,
        cold,
        stacks.isEmpty() ? Map.of() : closestToMedian(stacks, stackMs),
        floor,
        serviceIdleMsPerS,
        serviceIdleJitMsPerS,
        manyCpuMs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
  }

  /** The stack of the round whose CPU a file is nearest the median's. */
  private static Map<String, Long> closestToMedian(
      List<Map<String, Long>> stacks, List<Double> msPerFile) {
    double median = Stats.median(msPerFile);
    int closest = 0;
    for (int i = 0; i < msPerFile.size(); i++) {
      if (Math.abs(msPerFile.get(i) - median) < Math.abs(msPerFile.get(closest) - median)) {
        closest = i;
      }
    }
    return stacks.get(closest);
  }

  /** One parse-only pass. */
  record Parse(double filesPerS, long samples, double cpuSeconds) {}

  /**
   * Every activity entry of the zip read into samples with ingest's readers, on {@code threads}
   * threads: each takes the next entry, unpacks it (one at a time, as the archive allows) and
   * parses it.
   */
  static Parse parseOnly(Path zip, int threads) throws Exception {
    ActivityReaders readers = new ActivityReaders();
    try (ActivityArchive archive = ActivityArchive.open(zip)) {
      List<ArchiveEntry> entries = archive.entries();
      AtomicInteger next = new AtomicInteger();
      AtomicLong samples = new AtomicLong();
      AtomicLong cpu = new AtomicLong();
      List<Thread> workers = new ArrayList<>();
      Throwable[] failure = new Throwable[1];
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        Thread worker =
            new Thread(
                () -> {
                  try {
                    for (int i = next.getAndIncrement();
                        i < entries.size();
                        i = next.getAndIncrement()) {
                      byte[] bytes = unpacked(archive, entries.get(i));
                      ParsedActivity a =
                          readers.read(new ByteArrayInputStream(bytes), entries.get(i).name());
                      samples.addAndGet(a.samples().size());
                    }
                  } catch (Exception | Error e) {
                    failure[0] = e;
                  } finally {
                    cpu.addAndGet(CpuAccount.currentThreadNanos());
                  }
                },
                "parse-only-" + t);
        worker.start();
        workers.add(worker);
      }
      for (Thread w : workers) {
        w.join();
      }
      if (failure[0] != null) {
        throw new IllegalStateException("parse-only failed", failure[0]);
      }
      long nanos = System.nanoTime() - start;
      return new Parse(Stats.perSecond(entries.size(), nanos), samples.get(), cpu.get() / 1e9);
    }
  }

  /** One import. */
  record Imported(
      double seconds,
      double lastTrendSeconds,
      double importCpuS,
      CpuAccount.Split service,
      String summary,
      Map<String, Long> stack,
      Map<String, Long> busiestThreads) {}

  private static Imported importOnce(
      Command cli, Pipeline pipeline, HistoryExport.Written export, String athlete, Path journal)
      throws Exception {
    HistoryExport.Run last = export.runs().get(export.runs().size() - 1);
    int acute =
        (int)
            export.runs().stream()
                .filter(
                    r -> !r.day().isAfter(last.day()) && r.day().isAfter(last.day().minusDays(7)))
                .count();
    CpuAccount account = new CpuAccount(CpuAccount.ingestService(), HistoryImport::streamsThread);
    CpuAccount.Snapshot cpu0 = CpuAccount.take();
    StackCpu.Start stack0 = StackCpu.start();
    long start = System.nanoTime();
    Ran ran =
        cli.run(
            journal.getParent(),
            "import",
            export.zip().toString(),
            "--athlete",
            athlete,
            "--url",
            pipeline.ingestUrl(),
            "--journal",
            journal.toString());
    double seconds = (System.nanoTime() - start) / 1e9;
    if (ran.code() != 0) {
      throw new IllegalStateException(
          "import failed (" + ran.code() + "): " + ran.out() + ran.err());
    }
    awaitTrend(pipeline.trendsUrl(), athlete, last.day(), acute, Duration.ofMinutes(10));
    double lastTrend = (System.nanoTime() - start) / 1e9;
    CpuAccount.Split cpu = account.since(cpu0);
    Map<String, Long> busiest = new HashMap<>();
    Map<String, Long> stack = new LinkedHashMap<>(ran.cpuByGroup());
    stack.putAll(StackCpu.serviceSince(stack0, busiest));
    return new Imported(
        seconds,
        lastTrend,
        ran.cpuSeconds(),
        cpu,
        ran.out().lines().findFirst().orElse(""),
        stack,
        busiest);
  }

  /** The threads of the two Streams applications (training-load, alerts) and their clients. */
  static boolean streamsThread(String name) {
    return name.contains("StreamThread")
        || name.contains("training-load")
        || name.contains("alerts")
        || name.contains("notifier");
  }

  /**
   * Waits until the trends API shows {@code day} as the athlete's latest day with {@code acuteRuns}
   * runs in its week: the last run has gone through the whole topology.
   */
  static void awaitTrend(
      String trendsUrl, String athlete, LocalDate day, int acuteRuns, Duration timeout)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create(trendsUrl + "/v1/athletes/" + athlete + "/trends?days=1");
    long deadline = System.nanoTime() + timeout.toNanos();
    String seen = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        JsonNode latest = JSON.readTree(r.body()).path(0);
        if (latest.path("date").asText().equals(day.toString())
            && latest.path("acuteRuns").asInt() == acuteRuns) {
          return;
        }
        seen = latest.toString();
      } else {
        seen = r.statusCode() + " " + r.body();
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    throw new IllegalStateException(
        "no trend of "
            + day
            + " with "
            + acuteRuns
            + " acute runs for "
            + athlete
            + "; last: "
            + seen);
  }

  /** One analyze: its wall time from launch to exit, and the phases it printed. */
  record Analyzed(double seconds, String phases) {
    @Override
    public String toString() {
      return phases;
    }
  }

  private static final Pattern PHASES =
      Pattern.compile("(?m)^analyze: ([0-9.]+ s from the JVM.*)$");

  private static Analyzed analyze(Command cli, Path folder, String athlete) throws Exception {
    long start = System.nanoTime();
    Ran ran =
        cli.run(folder.getParent(), "analyze", folder.toString(), "--athlete", athlete, "--json");
    double seconds = (System.nanoTime() - start) / 1e9;
    if (ran.code() != 0) {
      throw new IllegalStateException("analyze failed (" + ran.code() + "): " + ran.err());
    }
    Matcher m = PHASES.matcher(ran.err());
    return new Analyzed(seconds, m.find() ? m.group(1) : "(no phases printed)");
  }

  /** A folder of four runs of one week from the middle of the history, one of each kind. */
  private static Path smallFolder(Path work, HistoryExport.Written export) throws IOException {
    Path small = Files.createDirectories(work.resolve("four"));
    List<HistoryExport.Run> runs = export.runs();
    List<HistoryExport.Run> chosen = new ArrayList<>();
    for (HistoryExport.Kind kind : HistoryExport.Kind.values()) {
      runs.stream()
          .skip(runs.size() / 2)
          .filter(
              r -> r.kind() == kind && chosen.stream().noneMatch(c -> c.name().equals(r.name())))
          .findFirst()
          .ifPresent(chosen::add);
    }
    for (HistoryExport.Run r : chosen) {
      Path from = export.folder().getParent().resolve(r.name());
      Files.copy(from, small.resolve(from.getFileName()));
    }
    return small;
  }

  /** How many files import sends at a time by default: it says so on stderr. */
  private static int importParallelism(Command cli) throws Exception {
    Ran help = cli.run(Path.of("."), "import", "--help");
    Matcher m = Pattern.compile("--parallel[^(]*\\(default:\\s+(\\d+)\\)").matcher(help.out());
    return m.find() ? Integer.parseInt(m.group(1)) : 1;
  }

  /**
   * A finished command: exit code, stdout, stderr, the CPU the process used (exact), and that CPU
   * by thread group in nanoseconds.
   */
  record Ran(int code, String out, String err, double cpuSeconds, Map<String, Long> cpuByGroup) {}

  /**
   * How the harness launches the command line: through the launcher, {@code ./backstride} of the
   * repository root, exactly as a user does (its class-data archive, its JIT flags for short
   * commands, {@code BACKSTRIDE_JAVA_OPTS} from the environment). No fallback: a harness that
   * silently ran the commands some other way would measure something no user runs.
   */
  record Command(Path launcher) {
    /** Names the launcher: {@code -Dhistory.launcher}, else {@code ./backstride} here. */
    static Command find() {
      Path launcher =
          Path.of(System.getProperty("history.launcher", "backstride"))
              .toAbsolutePath()
              .normalize();
      return check(launcher);
    }

    /**
     * The launcher, if it is there and its jar is built.
     *
     * @throws IllegalStateException saying what is missing and how to get it
     */
    static Command check(Path launcher) {
      if (!Files.isRegularFile(launcher) || !Files.isExecutable(launcher)) {
        throw new IllegalStateException(
            "no launcher at "
                + launcher
                + ": HistoryImport runs analyze and import through ./backstride, as a user does;"
                + " run it from the repository root or set -Dhistory.launcher=PATH");
      }
      Path jar = launcher.resolveSibling(Path.of("cli", "target", "backstride.jar"));
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            "no "
                + jar
                + " beside the launcher: build it first (mvn -pl benchmarks -am package"
                + " -DskipTests builds it too)");
      }
      return new Command(launcher);
    }

    /**
     * Runs the launcher once unmeasured: it rebuilds the jar here, not inside a measured run, if a
     * source is newer than it.
     */
    void ready() throws Exception {
      Ran version = run(launcher.getParent(), "--version");
      if (version.code() != 0) {
        throw new IllegalStateException(
            "the launcher failed (" + version.code() + "): " + version.out() + version.err());
      }
    }

    Ran run(Path dir, String... args) throws Exception {
      List<String> command = new ArrayList<>();
      command.add(launcher.toString());
      command.addAll(List.of(args));
      Path out = Files.createTempFile("history-cli-", ".out");
      Path err = Files.createTempFile("history-cli-", ".err");
      try {
        Process p =
            new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        // per thread, the CPU of a process is readable only while it lives: sampled until it
        // exits; its exact total is this JVM's reaped children's CPU after the wait
        long reaped0 = TaskCpu.reapedChildrenNanos();
        TaskCpu threads = TaskCpu.of(p.pid());
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
          threads.sample();
        }
        long total = TaskCpu.reapedChildrenNanos() - reaped0;
        return new Ran(
            p.exitValue(),
            Files.readString(out),
            Files.readString(err),
            total / 1e9,
            StackCpu.clientWithTotal(threads.nanosBy(StackCpu::clientGroup), total));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    }

    @Override
    public String toString() {
      String opts = Optional.ofNullable(System.getenv("BACKSTRIDE_JAVA_OPTS")).orElse("").strip();
      return launcher + (opts.isEmpty() ? "" : " (BACKSTRIDE_JAVA_OPTS=" + opts + ")");
    }
  }

  static void printRows(Result r, PrintStream out) {
    out.println();
    // no import row when no import round ran (e.g. only analyze of the 4-file folder was asked for)
    if (!r.importFilesPerS().isEmpty()) {
      double ratio = r.importMedian() / r.parseParallel();
      out.println(
          Stats.format(
              "ROW | 15.4 | import of a %d-file history vs parse-only (%d threads, import's"
                  + " default) | %.1f files/s | %.1f files/s | %.2f | >= 0.5 | %s",
              r.files(),
              r.parallelism(),
              r.importMedian(),
              r.parseParallel(),
              ratio,
              ratio >= 0.5 ? "yes" : "no"));
      // the measured reason when it is not met: what the whole stack spends per file bounds the
      // rate on this machine's two cores, parse or no parse
      double stackMs = Stats.median(r.stackCpuMsPerFile());
      double bound = CORES * 1000 / stackMs;
      double boundRatio = bound / r.parseParallel();
      out.println(
          Stats.format(
              "ROW | 15.4 | import's CPU bound on %d cores (%d CPU-s/s / the whole stack's CPU a"
                  + " file, client and service; largest: %s) | %.1f files/s (%.1f ms a file) |"
                  + " parse-only %d threads %.1f files/s (%.2f ms a file) | %.2f | >= 0.5 | %s",
              CORES,
              CORES,
              r.largestComponent(),
              bound,
              stackMs,
              r.parallelism(),
              r.parseParallel(),
              r.parseParallelCpuMsPerFile(),
              boundRatio,
              boundRatio >= 0.5 ? "yes" : "no"));
      // the same reason in a form the load does not move: with the same CPU to share, half of
      // parse-only's rate needs the stack to spend at most twice parse-only's CPU a file
      double cpuRatio = stackMs / r.parseParallelCpuMsPerFile();
      out.println(
          Stats.format(
              "ROW | 15.4 | the whole stack's CPU a file during import vs parse-only's (%d"
                  + " threads) | %.1f ms | %.2f ms | %.1f | <= 2 (for 0.5 of parse-only) | %s",
              r.parallelism(),
              stackMs,
              r.parseParallelCpuMsPerFile(),
              cpuRatio,
              cpuRatio <= 2 ? "yes" : "no"));
      r.cold()
          .ifPresent(
              c ->
                  out.println(
                      Stats.format(
                          "ROW | 15.4 | cold first import of the %d-file history (the service's"
                              + " first, before the measured rounds; JIT cold; no target) | %.1f"
                              + " files/s, last trend after %.1f s | parse-only %d threads %.1f"
                              + " files/s | %.2f | - | -",
                          r.files(),
                          r.files() / c.seconds(),
                          c.lastTrendSeconds(),
                          r.parallelism(),
                          r.parseParallel(),
                          r.files() / c.seconds() / r.parseParallel())));
      r.floor().ifPresent(f -> printFloorRows(r, f, stackMs, out));
    }
    if (!Double.isNaN(r.historyAnalyzeS())) {
      out.println(
          Stats.format(
              "ROW | 15.4 | analyze of a %d-file history | %.1f s | - | - | < 60 s | %s",
              r.files(), r.historyAnalyzeS(), r.historyAnalyzeS() < 60 ? "yes" : "no"));
    }
    if (!r.smallAnalyzeS().isEmpty()) {
      double median = Stats.median(r.smallAnalyzeS());
      out.println(
          Stats.format(
              "ROW | 15.4 | analyze of a 4-file folder (median of %d) | %.1f s | - | - | < 8 s | %s",
              r.smallAnalyzeS().size(), median, median < 8 ? "yes" : "no"));
    }
  }

  /**
   * The import floor's rows: its CPU a file against the budget that half of parse-only's rate
   * leaves on the same cores, the verdict for 15.4, and the stack's CPU above the floor with its
   * five largest components.
   */
  private static void printFloorRows(
      Result r, ImportFloor.Result f, double stackMs, PrintStream out) {
    double floorMs = Stats.median(f.cpuMsPerFile());
    double parseMs = r.parseParallelCpuMsPerFile();
    double budget = 2 * parseMs;
    double floorRatio = floorMs / parseMs;
    String verdict =
        floorMs <= budget
            ? "within reach"
            : Stats.format("out of reach: floor alone %.1fx > 2x", floorRatio);
    out.println(
        Stats.format(
            "15.4 verdict: %s (import floor %.2f ms of CPU a file above idle, budget 2 x"
                + " parse-only's %.2f ms = %.2f ms; against the cheapest parse-only round's %.2f"
                + " ms the floor is %.1fx; without the JIT's threads the floor is %.2f ms, %.1fx;"
                + " the whole stack %.1f ms, %.1f ms above the floor)",
            verdict,
            floorMs,
            parseMs,
            budget,
            r.parseParallelCpuMsBest(),
            floorMs / r.parseParallelCpuMsBest(),
            Stats.median(f.cpuMsPerFileWithoutJit()),
            Stats.median(f.cpuMsPerFileWithoutJit()) / parseMs,
            stackMs,
            stackMs - floorMs));
    out.println(
        Stats.format(
            "ROW | 15.4 | import floor: ActivityReaders and ingest's batches, a bare idempotent"
                + " acks=all producer, the exactly_once_v2 Streams floor (%d threads; %d rounds,"
                + " %.1f files/s, range %.1f-%.1f); process CPU a file above idle (%.1f ms/s) vs"
                + " parse-only's: %s | %.2f ms (range %.2f-%.2f) | parse-only %.2f ms (budget"
                + " %.2f ms) | %.1f | <= 2 (15.4 reachable) | %s",
            r.parallelism(),
            f.rounds().size(),
            Stats.median(f.filesPerS()),
            min(f.filesPerS()),
            max(f.filesPerS()),
            f.idleCpuMsPerS(),
            verdict,
            floorMs,
            min(f.cpuMsPerFile()),
            max(f.cpuMsPerFile()),
            parseMs,
            budget,
            floorRatio,
            floorMs <= budget ? "yes" : "no"));
    StringBuilder top = new StringBuilder();
    r.medianStack().entrySet().stream()
        .filter(e -> !e.getKey().equals(StackCpu.HARNESS))
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(5)
        .forEach(
            e ->
                top.append(top.length() == 0 ? "" : "; ")
                    .append(
                        Stats.format("%s %.1f ms", e.getKey(), e.getValue() / 1e6 / r.files())));
    out.println(
        Stats.format(
            "ROW | 15.4 | the whole stack's CPU a file during import above the import floor's"
                + " (top 5 of the stack: %s; the service JVM's rate after the cold import, JIT"
                + " catching up, would be %.1f ms a file over the round, %.1f of it JIT) | %.1f ms"
                + " above (%.1f ms in all) | floor %.2f ms | %.1f | - | -",
            top,
            r.serviceIdleMsPerS() * Stats.median(r.importToLastTrendS()) / r.files(),
            r.serviceIdleJitMsPerS() * Stats.median(r.importToLastTrendS()) / r.files(),
            stackMs - floorMs,
            stackMs,
            floorMs,
            stackMs / floorMs));
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  static String load() {
    try {
      String[] avg = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return " average " + avg[0] + ", " + avg[1] + ", " + avg[2];
    } catch (IOException e) {
      return " average unknown";
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a leftover temporary directory is not worth failing a finished measurement for
    }
  }

  /**
   * One entry's bytes, as import opens it. The archive unpacks one entry at a time, so the reading
   * threads take turns here and parse outside the lock.
   */
  static byte[] unpacked(ActivityArchive archive, ArchiveEntry entry) throws IOException {
    synchronized (archive) {
      try (InputStream in = archive.open(entry)) {
        return in.readAllBytes();
      }
    }
  }
}
