package io.backstride.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstride.avro.ActivitySummary;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.Sport;
import io.backstride.core.load.BaselineProgress;
import io.backstride.ingest.ActivityReaders;
import io.backstride.ingest.InvalidActivityException;
import io.backstride.ingest.ParsedActivity;
import io.backstride.schemas.codec.TrendCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code backstride analyze DIR --athlete ID}: an athlete's history of activity files through the
 * real pipeline on the local stack, oldest first, then the history week by week with every alert
 * (with {@code --json}: every day's trend and every alert, one JSON object per line). Progress goes
 * to stderr, so that with {@code --json} stdout is nothing but JSON lines.
 */
@Command(
    name = "analyze",
    description =
        "Run a folder of GPX/TCX/FIT files (a history) through the local pipeline and print the"
            + " history week by week (distance, descent, speed and fast distance against the usual"
            + " week) with every alert under the week it fired in.")
final class AnalyzeCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Folder of .gpx/.tcx/.fit(.gz) files.")
  Path dir;

  @Option(names = "--athlete", required = true, description = "Athlete id to analyse as.")
  String athleteId;

  @Option(
      names = "--tz",
      description = "The athlete's time zone, e.g. Europe/Ljubljana (default: ${DEFAULT-VALUE}).")
  String zone = "UTC";

  @Option(
      names = "--json",
      description = "Instead: one JSON object per line, each day's trend and each alert.")
  boolean json;

  @Option(
      names = "--timeout",
      description = "Seconds to wait for the pipeline (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 300;

  private PrintWriter out;
  private PrintWriter err;

  /**
   * Where the command's time went, from the JVM's start: printed at the end on stderr, so that a
   * slow run says which part was slow.
   */
  static final class Phases {
    private final StringBuilder done = new StringBuilder();
    private final long jvmStartMs =
        ProcessHandle.current()
            .info()
            .startInstant()
            .map(Instant::toEpochMilli)
            .orElse(System.currentTimeMillis());
    private long lastMs = System.currentTimeMillis();

    Phases() {
      add("start-up", lastMs - jvmStartMs);
    }

    /** The phase named {@code what} ended now. */
    void done(String what) {
      long now = System.currentTimeMillis();
      add(what, now - lastMs);
      lastMs = now;
    }

    private void add(String what, long ms) {
      done.append(done.length() == 0 ? "" : ", ")
          .append(what)
          .append(' ')
          .append(String.format(Locale.ROOT, "%.2f s", ms / 1000.0));
    }

    @Override
    public String toString() {
      return String.format(
              Locale.ROOT, "%.2f s from the JVM's start: ", (lastMs - jvmStartMs) / 1000.0)
          + done;
    }
  }

  /**
   * A folder in memory (Linux's tmpfs), where the broker's and Streams' writes cost no disk: their
   * fsyncs (the KRaft metadata log's on every topic and group change, every partition's at the
   * broker's close) are most of the disk work of a short analyze, and its data is thrown away at
   * the end anyway.
   */
  static final Path RAM_DISK = Path.of("/dev/shm");

  /**
   * Up to this much input (the activity files' bytes), the run's data goes into memory: the Kafka
   * logs and state of a history are about the size of its files, and a small one (a week, a month)
   * is what waits on the disk most for its size; a five-year history stays on disk, where its
   * hundreds of megabytes do not take the machine's memory.
   */
  static final long IN_MEMORY_UP_TO_BYTES = 64L * 1024 * 1024;

  /**
   * Where the run's throwaway directory goes: {@code ramDisk} for a history of at most {@link
   * #IN_MEMORY_UP_TO_BYTES} when it is a folder this process may write to, otherwise {@code tmp}.
   */
  static Path workParent(long historyBytes, Path ramDisk, Path tmp) {
    return historyBytes <= IN_MEMORY_UP_TO_BYTES
            && Files.isDirectory(ramDisk)
            && Files.isWritable(ramDisk)
        ? ramDisk
        : tmp;
  }

  private static long historyBytes(List<Path> files) throws IOException {
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    return bytes;
  }

  /** A file and the instant of its first sample, by which the history is ordered. */
  private record ActivityFile(Path path, Instant start) {}

  @Override
  public Integer call() throws Exception {
    Phases phases = new Phases();
    out = spec.commandLine().getOut();
    err = spec.commandLine().getErr();
    ZoneId tz;
    try {
      tz = ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("Unknown time zone " + zone);
    }
    List<Path> candidates = candidates();
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("No readable .gpx, .tcx or .fit files in " + dir);
    }
    // The stack takes seconds to start and reading a long history takes seconds too: side by side.
    // The profile is saved as soon as ingest listens, while the Streams applications start: they
    // read it first thing, and the uploads wait only for that.
    String profile =
        JSON.createObjectNode()
            .put("timeZone", tz.getId())
            .put("units", "km")
            .put("notifications", false)
            .toString();
    CompletableFuture<IngestClient.Response> profileSaved = new CompletableFuture<>();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Path work =
        Files.createTempDirectory(
            workParent(historyBytes(candidates), RAM_DISK, tmp), "backstride-analyze-");
    CompletableFuture<LocalRun> starting =
        CompletableFuture.supplyAsync(
            () ->
                // no athlete pages: analyze sends no email, so nothing links to them
                LocalRun.start(
                    work,
                    Duration.ofSeconds(timeoutSeconds),
                    false,
                    url -> saveProfile(url, profile, profileSaved)),
            r -> {
              Thread t = new Thread(r, "analyze-stack-start");
              t.setDaemon(true);
              t.start();
            });
    List<ActivityFile> files;
    LocalRun started;
    try {
      files = activityFiles(candidates);
      phases.done("reading " + files.size() + " files (beside the stack's start)");
      if (files.isEmpty()) {
        throw new IllegalArgumentException("No readable .gpx, .tcx or .fit files in " + dir);
      }
      LocalDate first = LocalDate.ofInstant(files.get(0).start(), tz);
      LocalDate last = LocalDate.ofInstant(files.get(files.size() - 1).start(), tz);
      err.printf(
          "analyze: %d activities of %s, %s to %s (%s)%n",
          files.size(), athleteId, first, last, tz);
      err.flush();
      started = join(starting);
    } catch (RuntimeException | IOException e) {
      stopOnceStarted(starting, e);
      throw e;
    }
    LocalRun closed = started;
    try (LocalRun run = started) {
      phases.done(
          String.format(
              Locale.ROOT,
              "local stack (broker %.2f s, registry and SMTP sink %.2f s, topics and pipeline"
                  + " %.2f s; the rest of its start after the reading)",
              run.stack().broker().startTime().toMillis() / 1000.0,
              (run.stackStart().toMillis() - run.stack().broker().startTime().toMillis()) / 1000.0,
              run.pipelineStart().toMillis() / 1000.0));
      IngestClient.Response saved = join(profileSaved);
      if (saved.status() != 200) {
        throw new IllegalStateException("Profile rejected: " + saved.status() + " " + saved.body());
      }
      run.awaitProfileRead(athleteId);
      phases.done("profile read by training-load");
      Set<String> activityIds = new LinkedHashSet<>();
      // one client for all: its connection is kept, not opened again for every file
      IngestClient ingest = new IngestClient(run.ingestUrl());
      for (ActivityFile f : files) {
        // one at a time, oldest first: the rules then see the days as a watch would sync them
        IngestClient.Response r =
            ingest.uploadFile(
                athleteId, f.path().getFileName().toString(), Files.readAllBytes(f.path()));
        if (r.status() != 202) {
          throw new IllegalStateException(
              "Upload of " + f.path() + " rejected: " + r.status() + " " + r.body());
        }
        activityIds.add(JSON.readTree(r.body()).path("activityId").asText());
        err.printf("  uploaded %s (%s)%n", f.path().getFileName(), f.start());
        err.flush();
      }
      phases.done("uploads");
      err.printf("waiting for the pipeline: summaries, trends, rules ...%n");
      err.flush();
      NavigableMap<LocalDate, Integer> runs = new TreeMap<>();
      NavigableMap<LocalDate, Integer> days = new TreeMap<>();
      for (ActivitySummary s : run.awaitSummaries(athleteId, activityIds)) {
        LocalDate day = LocalDate.ofInstant(s.getStartTime(), tz);
        days.merge(day, 1, Integer::sum);
        if (s.getSport() == Sport.RUNNING) {
          runs.merge(day, 1, Integer::sum);
        }
      }
      if (runs.isEmpty()) {
        err.printf("no runs among the activities: every day's trend has no run load%n");
      }
      // the history starts at the first activity of any kind, and so do the trends; a day of
      // walks or hikes has its trend with no run load
      LocalDate firstDay = days.firstKey();
      LocalDate lastDay = days.lastKey();
      phases.done("summaries");
      LocalRun.Outcome outcome =
          run.await(athleteId, trends -> complete(trends, firstDay, lastDay, runs), false);
      phases.done("trends and rules");
      print(out, outcome, firstDay, lastDay);
      phases.done("report");
    }
    phases.done(
        String.format(
            Locale.ROOT,
            "shutdown (pipeline %.2f s, local stack %.2f s)",
            closed.pipelineClose().toMillis() / 1000.0,
            closed.stackClose().toMillis() / 1000.0));
    err.println("analyze: " + phases);
    err.flush();
    return 0;
  }

  /**
   * Every day from the first activity to the last has its trend, and each trend counts exactly the
   * runs that the summaries put in its acute and chronic windows: until then some activity is still
   * on its way through the topology, whose repartitions by day do not keep upload order.
   */
  private static boolean complete(
      Map<LocalDate, AthleteTrend> trends,
      LocalDate first,
      LocalDate last,
      NavigableMap<LocalDate, Integer> runs) {
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      AthleteTrend t = trends.get(d);
      if (t == null
          || t.getHistoryDays() != (int) (d.toEpochDay() - first.toEpochDay()) + 1
          || t.getAcuteRuns() != count(runs, d.minusDays(6), d)
          || t.getChronicRuns() != count(runs, d.minusDays(34), d.minusDays(7))) {
        return false;
      }
    }
    return true;
  }

  private static int count(NavigableMap<LocalDate, Integer> runs, LocalDate from, LocalDate to) {
    return runs.subMap(from, true, to, true).values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Saves the profile on a thread of its own (the caller is the stack's start, which goes on with
   * the Streams applications meanwhile); {@code saved} gets the answer or the failure.
   */
  private void saveProfile(
      String ingestUrl, String profile, CompletableFuture<IngestClient.Response> saved) {
    Thread t =
        new Thread(
            () -> {
              try {
                saved.complete(new IngestClient(ingestUrl).putProfile(athleteId, profile));
              } catch (Exception | Error e) {
                saved.completeExceptionally(e);
              }
            },
            "analyze-profile");
    t.setDaemon(true);
    t.start();
  }

  /** The folder's files whose names are those of activity files, in name order. */
  private List<Path> candidates() throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " is not a folder");
    }
    try (Stream<Path> listing = Files.list(dir)) {
      return listing
          .sorted()
          .filter(
              p ->
                  Files.isRegularFile(p)
                      && p.getFileName()
                          .toString()
                          .toLowerCase(Locale.ROOT)
                          .matches(".*\\.(gpx|tcx|fit)(\\.gz)?"))
          .toList();
    }
  }

  /**
   * The readable ones of these files with their first sample's time, oldest first; read as many at
   * a time as there are cores, what is skipped reported in name order.
   */
  private List<ActivityFile> activityFiles(List<Path> candidates) throws IOException {
    ActivityReaders readers = new ActivityReaders();
    int threads =
        Math.max(1, Math.min(candidates.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "analyze-read");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Object>> read = new ArrayList<>();
      for (Path p : candidates) {
        read.add(pool.submit(() -> readOne(readers, p)));
      }
      List<ActivityFile> files = new ArrayList<>();
      for (Future<Object> r : read) {
        Object result = join(r);
        if (result instanceof ActivityFile f) {
          files.add(f);
        } else {
          err.println(result);
        }
      }
      err.flush();
      files.sort(Comparator.comparing(ActivityFile::start));
      return files;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The file with its start, or the line that says why it is skipped. */
  private static Object readOne(ActivityReaders readers, Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      ParsedActivity a = readers.read(in, p.getFileName().toString());
      if (a.samples().isEmpty()) {
        return "  skipping " + p.getFileName() + ": no samples with a time";
      }
      return new ActivityFile(p, a.start());
    } catch (InvalidActivityException e) {
      return "  skipping " + p.getFileName() + ": " + e.getMessage();
    }
  }

  /**
   * After {@code failure} there is nothing to analyse: the stack is stopped once its start is over,
   * so that it leaves nothing behind. When the failure is the start's own (its future holds the
   * same exception), there is nothing to stop, and the failure must not be added to itself: {@link
   * Throwable#addSuppressed} refuses that, and its "Self-suppression not permitted" would replace
   * the start's reason in what the user reads.
   */
  static void stopOnceStarted(Future<? extends AutoCloseable> starting, Exception failure) {
    try {
      join(starting).close();
    } catch (Exception stopFailedToo) {
      if (stopFailedToo != failure) {
        failure.addSuppressed(stopFailedToo);
      }
    }
  }

  /** The value of a finished task; its own exception when it failed. */
  private static <T> T join(Future<T> task) throws IOException {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Prints the outcome as JSON lines or as the weekly table. */
  void print(PrintWriter to, LocalRun.Outcome outcome, LocalDate first, LocalDate last) {
    out = to;
    if (json) {
      printJson(outcome, first, last);
    } else {
      printTable(outcome, first, last);
    }
    out.flush();
  }

  /** Trend lines for every day, alert lines among them on the day they fired. */
  private void printJson(LocalRun.Outcome outcome, LocalDate first, LocalDate last) {
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      AthleteTrend t = outcome.trends().get(d);
      BaselineProgress baseline = baseline(t);
      // until the baseline is ready the usual week is a few days scaled up: null, not a number
      ObjectNode line =
          JSON.createObjectNode()
              .put("type", "trend")
              .put("athleteId", athleteId)
              .put("date", d.toString())
              .put("acuteDistanceM", t.getAcuteDistanceM())
              .put("chronicWeeklyDistanceM", usual(baseline, t.getChronicWeeklyDistanceM()))
              .put("acuteDescentM", t.getAcuteDescentM())
              .put("chronicWeeklyDescentM", usual(baseline, t.getChronicWeeklyDescentM()))
              .put("acuteSpeedMps", t.getAcuteSpeedMps())
              .put("chronicSpeedMps", usual(baseline, t.getChronicSpeedMps()))
              .put("acuteFastDistanceM", t.getAcuteFastDistanceM())
              .put("chronicWeeklyFastDistanceM", usual(baseline, t.getChronicWeeklyFastDistanceM()))
              .put("baselineReady", baseline.ready())
              .put("baseline", baseline.describe());
      out.println(line);
      for (BackPainRiskAlert a : alertsOn(outcome, d)) {
        out.println(
            JSON.createObjectNode()
                .put("type", "alert")
                .put("athleteId", a.getAthleteId())
                .put("rule", a.getRule().name())
                .put("severity", a.getSeverity().name())
                .put("date", a.getDate().toString())
                .put("acute", a.getAcute())
                .put("chronic", a.getChronic())
                .put("ratio", a.getRatio())
                .put("threshold", a.getThreshold()));
      }
    }
  }

  /** One row per week (its last day's trend), the alerts under the week they fired in. */
  private void printTable(LocalRun.Outcome outcome, LocalDate first, LocalDate last) {
    out.printf(
        "%s: trends %s to %s (km and m over the last 7 days; usual per week, - while the baseline builds)%n",
        athleteId, first, last);
    out.printf(
        "%-10s  %8s %8s  %8s %8s  %11s  %8s %8s  %s%n",
        "week to",
        "dist km",
        "usual",
        "desc m",
        "usual",
        "speed m/s",
        "fast km",
        "usual",
        "baseline");
    LocalDate weekStart = first;
    while (!weekStart.isAfter(last)) {
      LocalDate weekEnd = weekStart.with(DayOfWeek.SUNDAY);
      LocalDate row = weekEnd.isAfter(last) ? last : weekEnd;
      AthleteTrend t = outcome.trends().get(row);
      BaselineProgress baseline = baseline(t);
      out.printf(
          Locale.ROOT,
          "%-10s  %8.1f %8s  %8.0f %8s  %5s/%-5s  %8.1f %8s  %s%n",
          row,
          t.getAcuteDistanceM() / 1000,
          usual(baseline, "%.1f", t.getChronicWeeklyDistanceM() / 1000),
          t.getAcuteDescentM(),
          usual(baseline, "%.0f", t.getChronicWeeklyDescentM()),
          speed(t.getAcuteSpeedMps()),
          baseline.ready() ? speed(t.getChronicSpeedMps()) : "-",
          t.getAcuteFastDistanceM() / 1000,
          usual(baseline, "%.1f", t.getChronicWeeklyFastDistanceM() / 1000),
          baseline.describe());
      for (LocalDate d = weekStart; !d.isAfter(row); d = d.plusDays(1)) {
        for (BackPainRiskAlert a : alertsOn(outcome, d)) {
          out.printf(
              Locale.ROOT,
              "            ! %s %s on %s: %s %.0f against %s %.0f (%s; fires at %.2fx)%n",
              a.getRule(),
              a.getSeverity(),
              a.getDate(),
              a.getMetric(),
              a.getAcute(),
              against(a),
              a.getChronic(),
              a.getRatio() == null
                  ? "from none"
                  : String.format(Locale.ROOT, "%.2fx", a.getRatio()),
              a.getThreshold());
        }
      }
      weekStart = row.plusDays(1);
    }
    out.printf("%d alerts%n", outcome.alerts().size());
  }

  /**
   * What an alert's chronic figure is: the usual week, or for a new runner's volume ramp (no
   * baseline yet) the week before.
   */
  static String against(BackPainRiskAlert a) {
    return switch (a.getMetric()) {
      case "distanceMVsPreviousWeek" -> "the week before's";
      case "distanceMVsPrePain" -> "the usual before the pain of";
      default -> "a usual";
    };
  }

  /** The usual-week figure once the baseline is ready; "-" while it is still building. */
  private static String usual(BaselineProgress baseline, String format, double value) {
    return baseline.ready() ? String.format(Locale.ROOT, format, value) : "-";
  }

  private static Double usual(BaselineProgress baseline, Double value) {
    return baseline.ready() ? value : null;
  }

  private static BaselineProgress baseline(AthleteTrend t) {
    return TrendCodec.fromAvro(t).baselineProgress();
  }

  private static String speed(Double mps) {
    return mps == null ? "-" : String.format(Locale.ROOT, "%.2f", mps);
  }

  private static List<BackPainRiskAlert> alertsOn(LocalRun.Outcome outcome, LocalDate day) {
    return outcome.alerts().stream().filter(a -> a.getDate().equals(day)).toList();
  }
}
