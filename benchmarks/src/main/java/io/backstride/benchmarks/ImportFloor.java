package io.backstride.benchmarks;

import io.backstride.avro.SampleBatch;
import io.backstride.ingest.ActivityIntake;
import io.backstride.ingest.ActivityReaders;
import io.backstride.ingest.IngestConfig;
import io.backstride.ingest.SampleBatchSerializer;
import io.backstride.ingest.archive.ActivityArchive;
import io.backstride.ingest.archive.ArchiveEntry;
import io.backstride.platform.streams.StreamsRunner;
import io.backstride.schemas.Topics;
import io.backstride.streams.TrainingLoadConfig;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * The least an import of a history can cost with this design (issue 15, target 4): every file of
 * the export read with the service's own readers and cut into the same {@link SampleBatch} records
 * ingest publishes ({@link ActivityIntake}, ingest's own steps after the HTTP body), sent by a bare
 * idempotent {@code acks=all} producer with ingest's settings ({@link PublishFloor}), one file at a
 * time per thread and waiting for its acknowledgement as an upload does, and consumed by the
 * exactly_once_v2 Streams floor ({@link StreamsFloor}: one state read and write per batch). No
 * client process, no HTTP, no journal, no topology past the first hop.
 *
 * <p>It runs on a broker and registry of its own ({@link BenchStack}), so that no other application
 * reads its records and it reads no one else's. Its cost is the whole JVM's CPU (the worker
 * threads, the producer, the Streams floor, the broker, the registry, GC and JIT) from the first
 * file read until the floor has committed the last record, less what the same JVM spends idle with
 * the floor application running, measured before the rounds.
 */
final class ImportFloor {
  static final String APPLICATION_ID = "import-floor-eos";
  static final String WORKERS = "import-floor-worker";
  static final String WORKER_GROUP = "floor: read, batch, send (worker threads)";
  static final String PRODUCER_GROUP = "floor: bare producer I/O";
  static final String STREAMS_GROUP = "floor: Streams floor (exactly_once_v2)";
  static final String OTHER_GROUP = "floor JVM: broker, registry, other Java threads";

  /** How long the JVM is watched idle, with the floor application running, for the baseline. */
  static final Duration IDLE = Duration.ofSeconds(3);

  /** One measured pass of the whole export through the floor. */
  record Round(
      double seconds,
      double filesPerS,
      double cpuMsPerFile,
      double cpuMsPerFileWithoutJit,
      Map<String, Long> byComponent) {}

  /** The floor's rounds and the idle baseline subtracted from each. */
  record Result(double idleCpuMsPerS, List<Round> rounds) {
    List<Double> filesPerS() {
      return rounds.stream().map(Round::filesPerS).toList();
    }

    List<Double> cpuMsPerFile() {
      return rounds.stream().map(Round::cpuMsPerFile).toList();
    }

    /**
     * The same with the JIT's threads left out of the rounds and of the baseline: what the floor
     * would cost once compiled, which even the third pass over the export is not.
     */
    List<Double> cpuMsPerFileWithoutJit() {
      return rounds.stream().map(Round::cpuMsPerFileWithoutJit).toList();
    }
  }

  private ImportFloor() {}

  /**
   * One unmeasured pass, then {@code rounds} measured ones, each under an athlete of its own, on
   * {@code threads} threads (import's default parallelism).
   */
  static Result run(Path zip, int threads, int rounds, PrintStream out) throws Exception {
    long started = System.nanoTime();
    Path stateDir = Files.createTempDirectory("backstride-import-floor-");
    ExecutorService workers =
        Executors.newFixedThreadPool(
            threads,
            new java.util.concurrent.ThreadFactory() {
              private final AtomicInteger made = new AtomicInteger();

              @Override
              public Thread newThread(Runnable r) {
                return new Thread(r, WORKERS + "-" + made.incrementAndGet());
              }
            });
    try (BenchStack stack = BenchStack.start();
        Admin admin = stack.admin()) {
      IngestConfig config = IngestConfig.defaults().withKafkaBootstrap(stack.bootstrap());
      // ingest's steps after the body is in, with its caps and its clock check
      ActivityIntake intake = new ActivityIntake(config, new ActivityReaders(), Clock.systemUTC());
      SampleBatchSerializer serializer = new SampleBatchSerializer(stack.registryClient());
      TrainingLoadConfig streams =
          TrainingLoadConfig.fromEnv(
              Map.of(
                  "BACKSTRIDE_KAFKA_BOOTSTRAP", stack.bootstrap(),
                  "BACKSTRIDE_SCHEMA_REGISTRY_URL", stack.registryUrl(),
                  "BACKSTRIDE_STREAMS_APPLICATION_ID", APPLICATION_ID,
                  "BACKSTRIDE_STATE_DIR", stateDir.toString(),
                  "BACKSTRIDE_PROCESSING_GUARANTEE", "exactly_once_v2"));
      AtomicLong seen = new AtomicLong();
      try (PublishFloor publish = PublishFloor.start(config);
          StreamsRunner floor = StreamsFloor.runner(streams, stack.registryClient(), seen)) {
        floor.start(Duration.ofSeconds(60));
        Pass pass = new Pass(zip, workers, threads, intake, serializer, publish, admin);
        pass.once("floor-warm-up"); // unmeasured: the producer's and the floor's first records
        Idle idle = idle();
        double idleNanosPerS = idle.nanosPerS();
        out.println(
            Stats.format(
                "import floor: idle baseline %.1f ms of CPU a second over %d s (largest: %s)",
                idleNanosPerS / 1e6, IDLE.toSeconds(), idle.largest()));
        List<Round> measured = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
          Round r = pass.measured("floor-" + round, idle);
          measured.add(r);
          out.println(
              Stats.format(
                  "import floor round %d: %d files in %.1f s, %.1f files/s, CPU %.2f ms a file"
                      + " above idle (%.2f ms without the JIT's threads); %s; load%s",
                  round,
                  pass.files(),
                  r.seconds(),
                  r.filesPerS(),
                  r.cpuMsPerFile(),
                  r.cpuMsPerFileWithoutJit(),
                  breakdown(r.byComponent(), pass.files()),
                  HistoryImport.load()));
        }
        out.println(
            Stats.format(
                "import floor: %.1f s in all (its broker and registry, the floor's start, one"
                    + " unmeasured pass, the idle baseline, %d rounds)",
                (System.nanoTime() - started) / 1e9, rounds));
        return new Result(idleNanosPerS / 1e6, measured);
      }
    } finally {
      workers.shutdownNow();
      try (Stream<Path> paths = Files.walk(stateDir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The export through the floor, file by file, on the pool's threads. */
  private record Pass(
      Path zip,
      ExecutorService workers,
      int threads,
      ActivityIntake intake,
      SampleBatchSerializer serializer,
      PublishFloor publish,
      Admin admin) {
    int files() throws Exception {
      try (ActivityArchive archive = ActivityArchive.open(zip)) {
        return archive.entries().size();
      }
    }

    /** One pass, unmeasured; returns the wall time and the number of files. */
    long[] once(String athlete) throws Exception {
      long start = System.nanoTime();
      int files;
      try (ActivityArchive archive = ActivityArchive.open(zip)) {
        List<ArchiveEntry> entries = archive.entries();
        files = entries.size();
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          running.add(
              workers.submit(
                  () -> {
                    for (int i = next.getAndIncrement();
                        i < entries.size();
                        i = next.getAndIncrement()) {
                      byte[] bytes = HistoryImport.unpacked(archive, entries.get(i));
                      List<SampleBatch> batches =
                          intake.take(athlete, new ByteArrayInputStream(bytes), false).batches();
                      List<byte[]> values = new ArrayList<>(batches.size());
                      for (SampleBatch batch : batches) {
                        values.add(serializer.serialize(Topics.ACTIVITY_SAMPLES.name(), batch));
                      }
                      publish.send(athlete, values);
                    }
                    return null;
                  }));
        }
        for (Future<?> f : running) {
          f.get(10, TimeUnit.MINUTES);
        }
      }
      StreamsFloor.awaitCommitted(admin, APPLICATION_ID, Duration.ofMinutes(5));
      return new long[] {System.nanoTime() - start, files};
    }

    Round measured(String athlete, Idle idle) throws Exception {
      StackCpu.Start cpu0 = StackCpu.start();
      long[] ran = once(athlete);
      Map<String, Long> busiest = new LinkedHashMap<>();
      Map<String, Long> jvm = StackCpu.serviceSince(cpu0, busiest);
      long nanos = ran[0];
      int files = (int) ran[1];
      Map<String, Long> by = new LinkedHashMap<>();
      for (String group : List.of(WORKER_GROUP, PRODUCER_GROUP, STREAMS_GROUP, OTHER_GROUP)) {
        by.put(group, 0L);
      }
      busiest.forEach((name, spent) -> by.merge(group(name), spent, Long::sum));
      jvm.forEach(
          (component, spent) -> {
            if (component.startsWith("service JVM: ")) {
              by.put(component.replace("service JVM: ", "floor JVM: "), spent);
            }
          });
      double above = total(by) - idle.nanosPerS() * nanos / 1e9;
      double jit = jvm.getOrDefault(StackCpu.JIT, 0L) - idle.jitNanosPerS() * nanos / 1e9;
      return new Round(
          nanos / 1e9,
          Stats.perSecond(files, nanos),
          above / 1e6 / files,
          (above - jit) / 1e6 / files,
          by);
    }
  }

  /** This JVM's CPU while nothing is sent: in all, and its largest parts, per second. */
  record Idle(double nanosPerS, double jitNanosPerS, String largest) {}

  /** This JVM's CPU a second while nothing is sent, over {@link #IDLE}. */
  static Idle idle() {
    StackCpu.Start idle0 = StackCpu.start();
    long idleStart = System.nanoTime();
    LockSupport.parkNanos(IDLE.toNanos());
    Map<String, Long> threads = new LinkedHashMap<>();
    Map<String, Long> by = StackCpu.serviceSince(idle0, threads);
    double seconds = (System.nanoTime() - idleStart) / 1e9;
    // the JIT and GC from the components, the Java threads by name: what keeps an idle JVM busy
    Map<String, Long> parts = new LinkedHashMap<>(threads);
    by.forEach(
        (component, spent) -> {
          if (component.startsWith("service JVM: ")) {
            parts.put(component.substring("service JVM: ".length()), spent);
          }
        });
    StringBuilder largest = new StringBuilder();
    parts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(3)
        .forEach(
            e ->
                largest
                    .append(largest.length() == 0 ? "" : "; ")
                    .append(
                        Stats.format("%s %.1f ms/s", e.getKey(), e.getValue() / 1e6 / seconds)));
    return new Idle(
        total(by) / seconds, by.getOrDefault(StackCpu.JIT, 0L) / seconds, largest.toString());
  }

  private static String group(String thread) {
    if (thread.startsWith(WORKERS)) {
      return WORKER_GROUP;
    }
    if (thread.equals(PublishFloor.IO_THREAD)) {
      return PRODUCER_GROUP;
    }
    if (thread.contains(APPLICATION_ID)) {
      return STREAMS_GROUP;
    }
    return OTHER_GROUP;
  }

  private static long total(Map<String, Long> by) {
    return by.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The components of one round in ms a file, largest first (idle not subtracted). */
  static String breakdown(Map<String, Long> by, int files) {
    StringBuilder s = new StringBuilder("ms a file by component (idle included):");
    by.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> s.append(Stats.format(" %s %.2f;", e.getKey(), e.getValue() / 1e6 / files)));
    return s.toString();
  }
}
