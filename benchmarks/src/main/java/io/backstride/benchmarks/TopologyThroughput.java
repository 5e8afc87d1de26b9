package io.backstride.benchmarks;

import io.backstride.avro.AthleteTrend;
import io.backstride.avro.SampleBatch;
import io.backstride.core.Sport;
import io.backstride.core.activity.ActivityMetrics;
import io.backstride.core.activity.ActivityState;
import io.backstride.ingest.ActivityIds;
import io.backstride.ingest.KafkaActivityPublisher;
import io.backstride.ingest.ParsedActivity;
import io.backstride.ingest.SampleBatches;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.streams.StreamsRunner;
import io.backstride.schemas.ActivityKey;
import io.backstride.schemas.Topics;
import io.backstride.schemas.codec.ActivitySummaryCodec;
import io.backstride.schemas.codec.SampleBatchDeserializer;
import io.backstride.schemas.serde.AvroSerdes;
import io.backstride.schemas.serde.WireFormat;
import io.backstride.streams.StoreNames;
import io.backstride.streams.TrainingLoadConfig;
import io.backstride.streams.TrainingLoadService;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Samples per second through the training-load topology with {@code exactly_once_v2}, beside a
 * plain consumer reading the same {@code activity-samples.v1} records on the same in-process broker
 * in the same run; then the state the application keeps per athlete and the heap it takes.
 *
 * <ol>
 *   <li>Synthetic athletes each run three times a week for {@code weeks} weeks; their sample
 *       batches are produced to {@code activity-samples.v1} before anything reads them, day by day
 *       across athletes, as uploads would arrive.
 *   <li><b>Plain consumer</b>: a new consumer group reads every batch from the beginning and
 *       deserializes it (Avro, through the registry) to count its samples: the least any reader of
 *       this topic does.
 *   <li><b>Topology</b>: the real {@link TrainingLoadService} under a fresh application id; the
 *       clock runs from {@code start} until every athlete's trend for the day of its last run has
 *       been committed to {@code athlete-trends.v1} (read_committed). Activities are in order per
 *       athlete, so that trend comes after everything else of the athlete. The time includes the
 *       start-up of the application (its rebalance); the time after it reached RUNNING is printed
 *       too.
 *   <li><b>State per athlete</b>: the changelog topics of the stores, read to their end with the
 *       latest value per key (what a restore would load), key and value bytes summed per store and
 *       divided by the athletes. Open activities are excluded: after the run none are open.
 *   <li><b>Heap</b>: used heap after {@code System.gc()} before the application started and with it
 *       running after the run (broker and registry share the JVM, so the difference is the
 *       application's). RocksDB keeps its data off the heap, mostly in memtables at this size.
 * </ol>
 *
 * <p>Each round also runs a folding consumer (the plain consumer plus the topology's per-sample
 * domain work, {@link #foldingConsumer}) and, after the topology, three floor applications ({@link
 * StreamsFloor}: exactly-once, at-least-once, and exactly-once with the topology's shape), from
 * which it prints ceilings: the most the topology could reach from the parts measured.
 *
 * <p>Usage: {@code TopologyThroughput [athletes] [weeks] [secondsPerRun] [rounds]}, defaults 20 12
 * 2600 2. A round is a plain-consumer pass and a topology run under a new application id. Other
 * modes: {@code scale} (sizes in one JVM), {@code profile} (where the stream thread's time goes)
 * and {@code decoder} (the A/B of the two sample decoders).
 */
public final class TopologyThroughput {
  private static final LocalDate FIRST_DAY = LocalDate.parse("2026-01-05");
  private static final int[] RUN_DAYS = {0, 2, 5};

  /** The stores whose size the target is about: the per-athlete history, not open activities. */
  static final List<String> HISTORY_STORES = List.of(StoreNames.ATHLETE_LOADS);

  /**
   * @param floors whether each round also runs the floor applications ({@link StreamsFloor}) with
   *     exactly-once and at-least-once on the same samples
   */
  record Options(int athletes, int weeks, int secondsPerRun, int rounds, boolean floors) {
    static Options parse(String[] args) {
      return new Options(
          args.length > 0 ? Integer.parseInt(args[0]) : 20,
          args.length > 1 ? Integer.parseInt(args[1]) : 12,
          args.length > 2 ? Integer.parseInt(args[2]) : SyntheticRun.TYPICAL_SECONDS,
          args.length > 3 ? Integer.parseInt(args[3]) : 2,
          true);
    }

    int activities() {
      return athletes * weeks * RUN_DAYS.length;
    }
  }

  /** Medians over the rounds, and the state and heap of the last round. */
  record Result(
      long samples,
      long batches,
      double plainSamplesPerS,
      double topologySamplesPerS,
      double topologyRunningSamplesPerS,
      double startupS,
      Map<String, Long> stateBytesByStore,
      long heapBeforeBytes,
      long heapAfterBytes,
      double plainCpuS,
      double topologyCpuS,
      double streamThreadCpuS,
      double brokerCpuS,
      Floor floorExactlyOnce,
      Floor floorAtLeastOnce,
      Floor floorShaped,
      double foldSamplesPerS,
      double foldCpuS) {

    /**
     * The plain consumer's CPU over the application's, for the same samples: what the throughput
     * ratio would be if each had the cores to itself, and what survives a loaded machine.
     */
    double cpuRatio() {
      return plainCpuS / topologyCpuS;
    }

    double ratio() {
      return topologySamplesPerS / plainSamplesPerS;
    }

    /**
     * The stream thread's CPU per sample, in microseconds: the work the topology itself does, which
     * the other sessions on a shared machine do not change (they only delay it).
     */
    double streamThreadMicrosPerSample() {
      return streamThreadCpuS * 1e6 / samples;
    }

    /** The stream thread's CPU per activity, in microseconds. */
    double streamThreadMicrosPerActivity(int activities) {
      return streamThreadCpuS * 1e6 / activities;
    }

    long historyBytes() {
      return HISTORY_STORES.stream().mapToLong(s -> stateBytesByStore.getOrDefault(s, 0L)).sum();
    }

    long heapPerAthlete(int athletes) {
      return (heapAfterBytes - heapBeforeBytes) / athletes;
    }

    long allButOpenBytes() {
      return stateBytesByStore.entrySet().stream()
          .filter(e -> !e.getKey().equals(StoreNames.OPEN_ACTIVITIES))
          .mapToLong(Map.Entry::getValue)
          .sum();
    }
  }

  /**
   * Medians of the floor application's rounds ({@link StreamsFloor}) under one processing
   * guarantee: samples/s from its start until its group committed the whole samples topic, and the
   * CPU of its threads and of its stream thread alone.
   */
  record Floor(String guarantee, double samplesPerS, double cpuS, double streamThreadCpuS) {
    static final Floor NOT_RUN = new Floor("-", Double.NaN, Double.NaN, Double.NaN);

    boolean ran() {
      return !Double.isNaN(samplesPerS);
    }
  }

  /** Issue 15, target 5: the topology at 10,000 athletes, and its cost per athlete linear. */
  static final String TARGET = "15.5";

  static final double TARGET_RATIO = 0.5;

  /** Topology runs started in this JVM: each gets an application id of its own. */
  private static final AtomicInteger APPLICATION_RUNS = new AtomicInteger();

  public static void main(String[] args) throws Exception {
    BenchStack.quietLogging();
    if (args.length > 0 && args[0].equals("scale")) {
      scale(args);
      return;
    }
    if (args.length > 0 && args[0].equals("profile")) {
      profile(Options.parse(Arrays.copyOfRange(args, 1, args.length)));
      return;
    }
    if (args.length > 0 && args[0].equals("decoder")) {
      decoderAb(Options.parse(Arrays.copyOfRange(args, 1, args.length)));
      return;
    }
    Options options = Options.parse(args);
    try (BenchStack stack = BenchStack.start()) {
      Result r = run(stack, options, System.out);
      int athletes = options.athletes();
      System.out.println();
      System.out.println(
          Stats.format(
              "| %d athletes x %d weeks, %d activities of %d samples (%,d samples, %,d batches),"
                  + " median of %d rounds | samples/s | vs plain consumer |",
              athletes,
              options.weeks(),
              options.activities(),
              options.secondsPerRun(),
              r.samples(),
              r.batches(),
              options.rounds()));
      System.out.println("|---|---:|---:|");
      System.out.println(
          Stats.format(
              "| plain consumer (Avro-deserialized) | %s | 1.00 |",
              Stats.rate(r.plainSamplesPerS())));
      System.out.println(
          Stats.format(
              "| training-load topology, exactly_once_v2, from start (start-up %.1f s) | %s | %.2f |",
              r.startupS(), Stats.rate(r.topologySamplesPerS()), r.ratio()));
      System.out.println(
          Stats.format(
              "| training-load topology, exactly_once_v2, from RUNNING | %s | %.2f |",
              Stats.rate(r.topologyRunningSamplesPerS()),
              r.topologyRunningSamplesPerS() / r.plainSamplesPerS()));
      System.out.println();
      System.out.println("| store (changelog, latest value per key) | bytes per athlete |");
      System.out.println("|---|---:|");
      new TreeMap<>(r.stateBytesByStore())
          .forEach(
              (store, bytes) ->
                  System.out.println(Stats.format("| %s | %,d |", store, bytes / athletes)));
      System.out.println(
          Stats.format(
              "| **%s** | **%,d** |",
              String.join(" + ", HISTORY_STORES), r.historyBytes() / athletes));
      System.out.println(
          Stats.format(
              "| all stores except %s | %,d |",
              StoreNames.OPEN_ACTIVITIES, r.allButOpenBytes() / athletes));
      System.out.println();
      System.out.println(
          Stats.format(
              "heap used after GC: %.0f MB before the application, %.0f MB with it (+%.0f MB)",
              r.heapBeforeBytes() / 1e6,
              r.heapAfterBytes() / 1e6,
              (r.heapAfterBytes() - r.heapBeforeBytes()) / 1e6));
      System.out.println(
          Stats.format(
              "topology / plain consumer: %.2f (target >= 0.25); history state %,d bytes per"
                  + " athlete (target <= 4096)",
              r.ratio(), r.historyBytes() / athletes));
      System.out.println(
          Stats.format(
              "records/s: plain consumer %s sample batches/s, topology %s sample batches/s;"
                  + " heap +%,d bytes per athlete",
              Stats.rate(r.plainSamplesPerS() * r.batches() / r.samples()),
              Stats.rate(r.topologySamplesPerS() * r.batches() / r.samples()),
              r.heapPerAthlete(athletes)));
      System.out.println(
          Stats.format(
              "CPU (median): plain consumer %.1f s, application threads %.1f s: ratio %.2f;"
                  + " broker and registry %.1f s during the topology; stream thread %.1f s: %.2f us"
                  + " per sample, %.0f us per activity",
              r.plainCpuS(),
              r.topologyCpuS(),
              r.cpuRatio(),
              r.brokerCpuS(),
              r.streamThreadCpuS(),
              r.streamThreadMicrosPerSample(),
              r.streamThreadMicrosPerActivity(options.activities())));
      if (athletes == 10_000) {
        System.out.println(
            Stats.format(
                "ROW | %s | training-load topology vs plain consumer, 10,000 athletes x %d weeks,"
                    + " %d-sample runs, exactly_once_v2 (median of %d) | %s samples/s | %s"
                    + " samples/s | %.2f | >= %.1f | %s",
                TARGET,
                options.weeks(),
                options.secondsPerRun(),
                options.rounds(),
                Stats.rate(r.topologySamplesPerS()),
                Stats.rate(r.plainSamplesPerS()),
                r.ratio(),
                TARGET_RATIO,
                r.ratio() >= TARGET_RATIO ? "yes" : "no"));
      }
      printFloors(r, options);
    }
  }

  /**
   * The floor applications beside the topology: each against the plain consumer (the best any
   * Streams application with these settings and one state read and write per record reaches), and
   * the topology against the exactly-once floor (how much of the rest is the topology's own work).
   */
  private static void printFloors(Result r, Options options) {
    printFloor(
        r,
        r.floorExactlyOnce(),
        options,
        "floor under it: Streams app, same settings, exactly_once_v2, Avro batches, one state read"
            + " + write per batch (persistent, cached, changelog), nothing forwarded");
    printFloor(
        r,
        r.floorAtLeastOnce(),
        options,
        "floor under it: Streams app, same settings, at_least_once, Avro batches, one state read"
            + " + write per batch (persistent, cached, changelog), nothing forwarded");
    printFloor(
        r,
        r.floorShaped(),
        options,
        Stats.format(
            "shaped floor: the topology's stores, hops and records with no domain work"
                + " (exactly_once_v2; per batch one store read + write, per activity a %d B"
                + " record through a topic, the athlete's state read + written, 7 %d B records"
                + " per 3 activities out)",
            StreamsFloor.SUMMARY_BYTES, StreamsFloor.TREND_BYTES));
    Floor exactlyOnce = r.floorExactlyOnce();
    if (exactlyOnce.ran()) {
      double ours = r.topologySamplesPerS() / exactlyOnce.samplesPerS();
      System.out.println(
          Stats.format(
              "topology / exactly-once floor: %.2f by throughput, %.2f by CPU (floor %.1f s,"
                  + " application %.1f s)",
              ours, exactlyOnce.cpuS() / r.topologyCpuS(), exactlyOnce.cpuS(), r.topologyCpuS()));
      if (options.athletes() == 10_000) {
        System.out.println(
            Stats.format(
                "ROW | %s | topology vs its exactly-once floor (the part that is ours), 10,000"
                    + " athletes x %d weeks | %s samples/s | %s samples/s (floor) | %.2f | - | -",
                TARGET,
                options.weeks(),
                Stats.rate(r.topologySamplesPerS()),
                Stats.rate(exactlyOnce.samplesPerS()),
                ours));
      }
      printCeiling(r, exactlyOnce, options);
    }
  }

  /** One floor's line against the plain consumer, and at 10,000 athletes its ROW. */
  private static void printFloor(Result r, Floor floor, Options options, String what) {
    if (!floor.ran()) {
      return;
    }
    System.out.println(
        Stats.format(
            "floor (%s): %s samples/s, %.2f of the plain consumer; CPU application %.1f s,"
                + " stream thread %.1f s (%.2f us per sample); plain consumer / floor CPU %.2f",
            floor.guarantee(),
            Stats.rate(floor.samplesPerS()),
            floor.samplesPerS() / r.plainSamplesPerS(),
            floor.cpuS(),
            floor.streamThreadCpuS(),
            floor.streamThreadCpuS() * 1e6 / r.samples(),
            r.plainCpuS() / floor.cpuS()));
    if (options.athletes() == 10_000) {
      System.out.println(
          Stats.format(
              "ROW | %s | %s (10,000 athletes x %d weeks, median of %d) | %s samples/s | %s"
                  + " samples/s (plain consumer) | %.2f | >= %.1f would leave room for the"
                  + " topology | %s",
              TARGET,
              what,
              options.weeks(),
              options.rounds(),
              Stats.rate(floor.samplesPerS()),
              Stats.rate(r.plainSamplesPerS()),
              floor.samplesPerS() / r.plainSamplesPerS(),
              TARGET_RATIO,
              floor.samplesPerS() / r.plainSamplesPerS() >= TARGET_RATIO ? "yes" : "no"));
    }
  }

  /**
   * The most the topology could reach from what was measured in this run: a sample costs the
   * exactly-once floor's time plus the time the per-sample domain work adds to the plain consumer
   * (the folding consumer's time per sample less the plain consumer's), both in units of the plain
   * consumer's time per sample. The folding consumer leaves out work the topology does, so this is
   * a ceiling: the topology cannot beat it without doing less per sample. The folding consumer
   * decodes straight to the domain's batch, as the topology does, where the plain consumer and the
   * floor build generated Avro records: when that saves more than the fold costs, the difference is
   * negative and the ceiling lies above the floor.
   */
  private static void printCeiling(Result r, Floor exactlyOnce, Options options) {
    if (Double.isNaN(r.foldSamplesPerS())) {
      return;
    }
    double floorUnits = r.plainSamplesPerS() / exactlyOnce.samplesPerS();
    double addedUnits = r.plainSamplesPerS() / r.foldSamplesPerS() - 1;
    double ceiling = 1 / (floorUnits + addedUnits);
    // the room the target leaves above the floor, in the same units
    double room = 1 / TARGET_RATIO - floorUnits;
    System.out.println(
        Stats.format(
            "ceiling: plain consumer + activity fold %s samples/s = %.2f of the plain consumer;"
                + " per sample the floor costs %.2f plain-consumer units and the fold adds %.2f"
                + " (CPU %.3f us per sample more than the plain consumer's %.3f): ceiling"
                + " 1/(%.2f + %.2f) = %.2f; the target leaves %.2f units above the floor",
            Stats.rate(r.foldSamplesPerS()),
            r.foldSamplesPerS() / r.plainSamplesPerS(),
            floorUnits,
            addedUnits,
            (r.foldCpuS() - r.plainCpuS()) * 1e6 / r.samples(),
            r.plainCpuS() * 1e6 / r.samples(),
            floorUnits,
            addedUnits,
            ceiling,
            room));
    Floor shaped = r.floorShaped();
    if (shaped.ran()) {
      double shapedUnits = r.plainSamplesPerS() / shaped.samplesPerS();
      double shapedCeiling = 1 / (shapedUnits + addedUnits);
      System.out.println(
          Stats.format(
              "ceiling on the shaped floor: 1/(%.2f + %.2f) = %.2f of the plain consumer",
              shapedUnits, addedUnits, shapedCeiling));
      if (options.athletes() == 10_000) {
        System.out.println(
            Stats.format(
                "ROW | %s | ceiling on the shaped floor: its stores, hops and records + the"
                    + " per-sample domain work, 1/(plain/shaped + plain/fold - 1) | %.2f | %.2f"
                    + " (topology) | %.2f of the ceiling | >= %.1f reachable only if the ceiling"
                    + " is | %s",
                TARGET,
                shapedCeiling,
                r.ratio(),
                r.ratio() / shapedCeiling,
                TARGET_RATIO,
                shapedCeiling >= TARGET_RATIO ? "yes" : "no"));
      }
    }
    if (options.athletes() == 10_000) {
      System.out.println(
          Stats.format(
              "ROW | %s | ceiling from this run's parts: exactly-once floor + the per-sample domain"
                  + " work (plain consumer + direct decode + activity fold + summary, %s samples/s),"
                  + " 1/(plain/floor + plain/fold - 1) | %.2f | %.2f (topology) | %.2f of the"
                  + " ceiling | >= %.1f reachable only if the ceiling is | %s",
              TARGET,
              Stats.rate(r.foldSamplesPerS()),
              ceiling,
              r.ratio(),
              r.ratio() / ceiling,
              TARGET_RATIO,
              ceiling >= TARGET_RATIO ? "yes" : "no"));
    }
  }

  /**
   * {@code scale <athletes,athletes,...> [weeks] [secondsPerRun]}: one round per size in one JVM,
   * each on a freshly produced samples topic, and a table of what each size costs. The cost is
   * linear when the stream thread's CPU per sample and the state per athlete stay the same as the
   * athletes grow: CPU time per sample survives a shared machine's noise, where samples/s does not
   * (the other sessions only delay the work, they do not add to it).
   */
  private static void scale(String[] args) throws Exception {
    List<Integer> sizes =
        Stream.of(args[1].split(",")).map(String::trim).map(Integer::parseInt).toList();
    int weeks = args.length > 2 ? Integer.parseInt(args[2]) : 12;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    List<Result> results = new ArrayList<>();
    List<Double> wallS = new ArrayList<>();
    try (BenchStack stack = BenchStack.start()) {
      for (int athletes : sizes) {
        long started = System.nanoTime();
        stack.recreate(List.of(Topics.ACTIVITY_SAMPLES.name()));
        results.add(run(stack, new Options(athletes, weeks, seconds, 1, false), System.out));
        wallS.add((System.nanoTime() - started) / 1e9);
        System.out.printf(
            "size %,d done in %.0f s (produce, plain consumer, topology, changelogs)%n",
            athletes, wallS.get(wallS.size() - 1));
      }
    }
    System.out.println();
    System.out.println(
        Stats.format(
            "| athletes (x %d weeks, 3 runs a week, %d-sample runs, 1 round each) | activities |"
                + " topology, samples/s | plain consumer, samples/s | ratio | **stream thread, us"
                + " per sample** | stream thread, us per activity | application CPU, us per sample"
                + " | **state, bytes per athlete** | heap after GC, MB (+ application) | heap, bytes"
                + " per athlete | wall, s |",
            weeks, seconds));
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int i = 0; i < sizes.size(); i++) {
      Result r = results.get(i);
      int athletes = sizes.get(i);
      int activities = athletes * weeks * RUN_DAYS.length;
      System.out.println(
          Stats.format(
              "| %,d | %,d | %s | %s | %.2f | **%.2f** | %.0f | %.2f | **%,d** | %.0f (+%.0f) | %,d"
                  + " | %.0f |",
              athletes,
              activities,
              Stats.rate(r.topologySamplesPerS()),
              Stats.rate(r.plainSamplesPerS()),
              r.ratio(),
              r.streamThreadMicrosPerSample(),
              r.streamThreadMicrosPerActivity(activities),
              r.topologyCpuS() * 1e6 / r.samples(),
              r.historyBytes() / athletes,
              r.heapAfterBytes() / 1e6,
              (r.heapAfterBytes() - r.heapBeforeBytes()) / 1e6,
              r.heapPerAthlete(athletes),
              wallS.get(i)));
    }
    int largest = sizes.size() - 1;
    if (largest == 0) {
      return; // one size: nothing to compare
    }
    Result big = results.get(largest);
    Result small = results.get(0);
    double cpuGrowth = big.streamThreadMicrosPerSample() / small.streamThreadMicrosPerSample();
    long bigState = big.historyBytes() / sizes.get(largest);
    long smallState = small.historyBytes() / sizes.get(0);
    // linear: the stream thread's CPU per sample does not grow by more than a quarter from the
    // smallest size to the largest (the smallest pays start-up and warm-up over fewer samples, so
    // it is the dearer one), and the state per athlete does not grow
    boolean linear = cpuGrowth <= 1.25 && bigState <= smallState * 1.05;
    System.out.println(
        Stats.format(
            "ROW | %s | topology cost per sample and state per athlete at %,d athletes against %,d"
                + " (x %d weeks, %d-sample runs, 1 round each; %s samples/s at %,d) | %.2f us per"
                + " sample, %,d B per athlete | %.2f us per sample, %,d B per athlete at %,d |"
                + " %.2fx | linear: CPU per sample <= 1.25x, state per athlete not growing | %s",
            TARGET,
            sizes.get(largest),
            sizes.get(0),
            weeks,
            seconds,
            Stats.rate(big.topologySamplesPerS()),
            sizes.get(largest),
            big.streamThreadMicrosPerSample(),
            bigState,
            small.streamThreadMicrosPerSample(),
            smallState,
            sizes.get(0),
            cpuGrowth,
            linear ? "yes" : "no"));
  }

  static Result run(BenchStack stack, Options options, PrintStream log) throws Exception {
    AvroSerdes serdes = new AvroSerdes(stack.registryClient());
    long produceStarted = System.nanoTime();
    long[] produced = produce(stack.bootstrap(), serdes, options);
    long samples = produced[0];
    long batches = produced[1];
    log.printf(
        "produced %,d samples in %,d batches (%d athletes x %d weeks) in %.1f s%n",
        samples,
        batches,
        options.athletes(),
        options.weeks(),
        (System.nanoTime() - produceStarted) / 1e9);
    Map<String, LocalDate> lastRun = lastRunDays(options);

    List<Double> plain = new ArrayList<>();
    List<Double> topology = new ArrayList<>();
    List<Double> topologyRunning = new ArrayList<>();
    List<Double> startup = new ArrayList<>();
    List<Double> plainCpu = new ArrayList<>();
    List<Double> topologyCpu = new ArrayList<>();
    List<Double> streamThreadCpu = new ArrayList<>();
    List<Double> brokerCpu = new ArrayList<>();
    Map<String, List<Floor>> floors = new HashMap<>();
    List<Floor> shaped = new ArrayList<>();
    List<Double> fold = new ArrayList<>();
    List<Double> foldCpu = new ArrayList<>();
    Map<String, Long> state = Map.of();
    long heapBefore = 0;
    long heapAfter = 0;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int round = 1; round <= options.rounds(); round++) {
      // the plain consumer fetches, decompresses and deserializes in the polling thread
      long plainCpuBefore = CpuAccount.currentThreadNanos();
      plain.add(Stats.perSecond(samples, plainConsumer(stack, serdes, samples, round)));
      plainCpu.add((CpuAccount.currentThreadNanos() - plainCpuBefore) / 1e9);
      if (options.floors()) {
        // right after the plain consumer, so that both see the same minute of the machine
        long foldCpuBefore = CpuAccount.currentThreadNanos();
        fold.add(Stats.perSecond(samples, foldingConsumer(stack, samples, options, round)));
        foldCpu.add((CpuAccount.currentThreadNanos() - foldCpuBefore) / 1e9);
        log.printf(
            "round %d: plain consumer + the activity fold %s samples/s (plain %s); CPU %.1f s"
                + " (plain %.1f s)%n",
            round,
            Stats.rate(fold.get(round - 1)),
            Stats.rate(plain.get(round - 1)),
            foldCpu.get(round - 1),
            plainCpu.get(round - 1));
      }

      TopologyRound t = topologyRound(stack, serdes, lastRun, samples, memory);
      topology.add(t.samplesPerS());
      topologyRunning.add(t.runningSamplesPerS());
      startup.add(t.startupS());
      topologyCpu.add(t.cpuS());
      streamThreadCpu.add(t.streamThreadCpuS());
      brokerCpu.add(t.brokerCpuS());
      heapBefore = t.heapBeforeBytes();
      heapAfter = t.heapAfterBytes();
      state = t.stateBytesByStore();
      log.printf(
          "round %d: plain consumer %s samples/s; topology %s samples/s (%s from RUNNING, start-up"
              + " %.1f s)%n",
          round,
          Stats.rate(plain.get(round - 1)),
          Stats.rate(topology.get(round - 1)),
          Stats.rate(topologyRunning.get(round - 1)),
          startup.get(round - 1));
      log.printf(
          "round %d: CPU plain consumer %.1f s, application %.1f s (ratio %.2f), broker and"
              + " registry %.1f s during the topology; stream thread %.1f s, %.2f us per sample,"
              + " %.0f us per activity%n",
          round,
          plainCpu.get(round - 1),
          topologyCpu.get(round - 1),
          plainCpu.get(round - 1) / topologyCpu.get(round - 1),
          brokerCpu.get(round - 1),
          streamThreadCpu.get(round - 1),
          streamThreadCpu.get(round - 1) * 1e6 / samples,
          streamThreadCpu.get(round - 1) * 1e6 / options.activities());
      if (options.floors()) {
        // after the topology in every round, so that both see the same minutes of the machine
        for (String guarantee : FLOOR_GUARANTEES) {
          Floor floor = floorRound(stack, guarantee, samples);
          floors.computeIfAbsent(guarantee, g -> new ArrayList<>()).add(floor);
          logFloor(log, round, floor, samples);
        }
        Floor floor = shapedFloorRound(stack, samples, options.activities());
        shaped.add(floor);
        logFloor(log, round, floor, samples);
      }
    }
    return new Result(
        samples,
        batches,
        Stats.median(plain),
        Stats.median(topology),
        Stats.median(topologyRunning),
        Stats.median(startup),
        state,
        heapBefore,
        heapAfter,
        Stats.median(plainCpu),
        Stats.median(topologyCpu),
        Stats.median(streamThreadCpu),
        Stats.median(brokerCpu),
        medianFloor(floors.get(FLOOR_GUARANTEES.get(0))),
        medianFloor(floors.get(FLOOR_GUARANTEES.get(1))),
        shaped.isEmpty() ? Floor.NOT_RUN : medianFloor(shaped),
        fold.isEmpty() ? Double.NaN : Stats.median(fold),
        fold.isEmpty() ? Double.NaN : Stats.median(foldCpu));
  }

  private static void logFloor(PrintStream log, int round, Floor floor, long samples) {
    log.printf(
        "round %d: floor (%s) %s samples/s; CPU application %.1f s, stream thread %.1f s"
            + " (%.2f us per sample)%n",
        round,
        floor.guarantee(),
        Stats.rate(floor.samplesPerS()),
        floor.cpuS(),
        floor.streamThreadCpuS(),
        floor.streamThreadCpuS() * 1e6 / samples);
  }

  /** One topology run's figures (see {@link Result} for what each means). */
  record TopologyRound(
      double samplesPerS,
      double runningSamplesPerS,
      double startupS,
      double cpuS,
      double streamThreadCpuS,
      double brokerCpuS,
      long heapBeforeBytes,
      long heapAfterBytes,
      Map<String, Long> stateBytesByStore) {}

  /**
   * The real training-load application under a new application id over the whole samples topic,
   * until every athlete's last trend is committed.
   */
  private static TopologyRound topologyRound(
      BenchStack stack,
      AvroSerdes serdes,
      Map<String, LocalDate> lastRun,
      long samples,
      MemoryMXBean memory)
      throws Exception {
    // the application's own output topics start empty every round, as on a first deployment
    stack.recreate(List.of(Topics.ACTIVITY_SUMMARIES.name(), Topics.ATHLETE_TRENDS.name()));
    // new for every run in the JVM, also across the sizes of a scale series: under an id used
    // before, the application would restore the last size's athletes from its changelogs, see
    // their runs again as unchanged re-uploads, send no trend for them, and the run never end
    String applicationId = "benchmark-training-load-" + APPLICATION_RUNS.incrementAndGet();
    Path stateDir = Files.createTempDirectory("backstride-bench-state-");
    TrainingLoadConfig config =
        TrainingLoadConfig.fromEnv(
            applicationEnv(stack, applicationId, stateDir, FLOOR_GUARANTEES.get(0)));
    long heapBefore = heapAfterGc(memory);
    // the application's threads (stream thread, its clients' I/O threads) against the harness's
    // main thread, which only watches the trends; the broker and registry are the rest
    CpuAccount cpu = new CpuAccount(name -> name.contains(applicationId), "main"::equals);
    // and the stream threads alone, where the topology's own work is done: named
    // <application id>-<uuid>-StreamThread-<n>, while their clients' threads add a suffix
    CpuAccount streamThread =
        new CpuAccount(
            name -> name.contains(applicationId) && name.matches(".*-StreamThread-\\d+"),
            "main"::equals);
    try (TrendWatcher trends = new TrendWatcher(stack.bootstrap(), serdes, lastRun)) {
      CpuAccount.Snapshot cpuBefore = CpuAccount.take();
      long started = System.nanoTime();
      try (TrainingLoadService service =
          TrainingLoadService.start(config, stack.registryClient())) {
        long running = System.nanoTime();
        long done = trends.awaitAll(Duration.ofMinutes(30));
        CpuAccount.Split split = cpu.since(cpuBefore);
        double streamThreadCpuS = streamThread.since(cpuBefore).serviceNanos() / 1e9;
        return new TopologyRound(
            Stats.perSecond(samples, done - started),
            Stats.perSecond(samples, done - running),
            (running - started) / 1e9,
            split.serviceNanos() / 1e9,
            streamThreadCpuS,
            split.otherJavaNanos() / 1e9,
            heapBefore,
            heapAfterGc(memory),
            changelogBytes(stack, applicationId));
      } finally {
        deleteRecursively(stateDir);
      }
    }
  }

  /**
   * {@code decoder [athletes] [weeks] [secondsPerRun] [rounds]}: the topology with the samples
   * decoded the usual way (generated records, then {@code SampleBatchCodec}) against the direct
   * decoder ({@link SampleBatchDeserializer}), on the same samples topic in one JVM. Every round
   * runs the plain consumer and then both paths, in alternating order, so that neither always runs
   * on the warmer JVM or the quieter minute; no floors.
   */
  private static void decoderAb(Options options) throws Exception {
    Map<Boolean, List<TopologyRound>> byPath = new HashMap<>();
    List<Double> plain = new ArrayList<>();
    try (BenchStack stack = BenchStack.start()) {
      AvroSerdes serdes = new AvroSerdes(stack.registryClient());
      long[] produced = produce(stack.bootstrap(), serdes, options);
      long samples = produced[0];
      int id =
          WireFormat.schemaId(
              serdes
                  .value(Topics.ACTIVITY_SAMPLES)
                  .serializer()
                  .serialize(Topics.ACTIVITY_SAMPLES.name(), anyBatch()));
      if (!new SampleBatchDeserializer(stack.registryClient()).readsDirectly(id)) {
        throw new IllegalStateException(
            "schema id "
                + id
                + " from the registry is not the reader's: no direct path to measure");
      }
      System.out.printf(
          "produced %,d samples in %,d batches; schema id %d takes the direct path%n",
          samples, produced[1], id);
      Map<String, LocalDate> lastRun = lastRunDays(options);
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      // round 0 warms the JIT up on both paths and is not counted: the JVM's first topology run is
      // the slowest, and would otherwise fall on whichever path went first
      for (int round = 0; round <= options.rounds(); round++) {
        double plainRate = Stats.perSecond(samples, plainConsumer(stack, serdes, samples, round));
        if (round > 0) {
          plain.add(plainRate);
        }
        boolean directFirst = round % 2 == 0;
        for (boolean direct : List.of(directFirst, !directFirst)) {
          // read when the topology builds its serdes, inside TrainingLoadService.start
          System.setProperty(SampleBatchDeserializer.USUAL_PATH_ONLY, Boolean.toString(!direct));
          TopologyRound t;
          try {
            t = topologyRound(stack, serdes, lastRun, samples, memory);
          } finally {
            System.clearProperty(SampleBatchDeserializer.USUAL_PATH_ONLY);
          }
          if (round > 0) {
            byPath.computeIfAbsent(direct, d -> new ArrayList<>()).add(t);
          }
          System.out.println(
              Stats.format(
                  "%s: %s path %s samples/s (%s from RUNNING; plain consumer %s); stream"
                      + " thread %.1f s CPU, %.3f us per sample; application %.1f s CPU",
                  round == 0 ? "warm-up" : "round " + round,
                  direct ? "direct" : "usual",
                  Stats.rate(t.samplesPerS()),
                  Stats.rate(t.runningSamplesPerS()),
                  Stats.rate(plainRate),
                  t.streamThreadCpuS(),
                  t.streamThreadCpuS() * 1e6 / samples,
                  t.cpuS()));
        }
      }
      System.out.println();
      System.out.println(
          Stats.format(
              "| path (%d athletes x %d weeks, %d-sample runs, %,d samples, %d rounds) |"
                  + " samples/s, median [range] | vs plain consumer (median %s) | stream thread"
                  + " us per sample, median [range] | application CPU s, median [range] |",
              options.athletes(),
              options.weeks(),
              options.secondsPerRun(),
              samples,
              options.rounds(),
              Stats.rate(Stats.median(plain))));
      System.out.println("|---|---:|---:|---:|---:|");
      for (boolean direct : List.of(false, true)) {
        List<TopologyRound> rounds = byPath.get(direct);
        List<Double> rates = rounds.stream().map(TopologyRound::samplesPerS).toList();
        List<Double> micros =
            rounds.stream().map(r -> r.streamThreadCpuS() * 1e6 / samples).toList();
        List<Double> cpu = rounds.stream().map(TopologyRound::cpuS).toList();
        System.out.println(
            Stats.format(
                "| %s | %s [%s-%s] | %.2f | %.3f [%.3f-%.3f] | %.1f [%.1f-%.1f] |",
                direct ? "direct decoder" : "usual (generated records)",
                Stats.rate(Stats.median(rates)),
                Stats.rate(min(rates)),
                Stats.rate(max(rates)),
                Stats.median(rates) / Stats.median(plain),
                Stats.median(micros),
                min(micros),
                max(micros),
                Stats.median(cpu),
                min(cpu),
                max(cpu)));
      }
    }
  }

  /**
   * {@code profile [athletes] [weeks] [secondsPerRun]}: one topology run after an uncounted one
   * (the JVM's first is the slowest), under a JFR recording of execution samples every 10 ms, and
   * where its stream thread's time went ({@link StreamThreadProfile}). Run with {@code
   * -XX:FlightRecorderOptions:stackdepth=256}.
   */
  private static void profile(Options options) throws Exception {
    Path jfr = Files.createTempFile("backstride-topology-", ".jfr");
    try (BenchStack stack = BenchStack.start()) {
      AvroSerdes serdes = new AvroSerdes(stack.registryClient());
      long samples = produce(stack.bootstrap(), serdes, options)[0];
      Map<String, LocalDate> lastRun = lastRunDays(options);
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      TopologyRound warmUp = topologyRound(stack, serdes, lastRun, samples, memory);
      System.out.println(
          Stats.format(
              "warm-up: %s samples/s, stream thread %.3f us per sample",
              Stats.rate(warmUp.samplesPerS()), warmUp.streamThreadCpuS() * 1e6 / samples));
      TopologyRound t;
      try (Recording recording = new Recording()) {
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        recording.start();
        t = topologyRound(stack, serdes, lastRun, samples, memory);
        recording.stop();
        recording.dump(jfr);
      }
      StreamThreadProfile.Breakdown b =
          StreamThreadProfile.read(
              jfr, name -> name.matches("benchmark-training-load-\\d+-.*-StreamThread-\\d+"));
      double microsPerActivity = t.streamThreadCpuS() * 1e6 / options.activities();
      System.out.println(
          Stats.format(
              "profiled run: %s samples/s; stream thread %.1f s CPU, %.3f us per sample, %.0f us"
                  + " per activity; %,d execution samples of it",
              Stats.rate(t.samplesPerS()),
              t.streamThreadCpuS(),
              t.streamThreadCpuS() * 1e6 / samples,
              microsPerActivity,
              b.samples()));
      printShares("stream thread stage (outermost frame)", b.byStage(), b, microsPerActivity);
      printShares("within a processor", b.byPart(), b, microsPerActivity);
      String athleteStage = StreamThreadProfile.ATHLETE_STAGE.name();
      String assembler = StreamThreadProfile.ASSEMBLER.name();
      String input = StreamThreadProfile.INPUT.name();
      System.out.println(
          Stats.format(
              "ROW | %s | where the topology's stream thread goes (JFR execution samples, %,d"
                  + " athletes x %d weeks, %d-sample runs, %.0f us per activity) | athlete stage"
                  + " %.0f %%, input deserialized %.0f %%, assembler %.0f %%, the rest %.0f %% |"
                  + " - | - | - | -",
              TARGET,
              options.athletes(),
              options.weeks(),
              options.secondsPerRun(),
              microsPerActivity,
              100 * b.share(athleteStage),
              100 * b.share(input),
              100 * b.share(assembler),
              100 * (1 - b.share(athleteStage) - b.share(input) - b.share(assembler))));
    } finally {
      Files.deleteIfExists(jfr);
    }
  }

  /**
   * One table of the profile: each entry's share of the thread's samples and its us per activity.
   */
  private static void printShares(
      String title,
      Map<String, Integer> samplesBy,
      StreamThreadProfile.Breakdown b,
      double microsPerActivity) {
    System.out.println();
    System.out.println("| " + title + " | share of the thread's samples | us per activity |");
    System.out.println("|---|---:|---:|");
    samplesBy.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(
            e ->
                System.out.println(
                    Stats.format(
                        "| %s | %.1f %% | %.0f |",
                        e.getKey(),
                        100.0 * e.getValue() / b.samples(),
                        microsPerActivity * e.getValue() / b.samples())));
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** A one-sample batch, to learn the schema id the harness's serializer writes under. */
  private static SampleBatch anyBatch() {
    return SampleBatch.newBuilder()
        .setAthleteId(athlete(0))
        .setActivityId("probe")
        .setSeq(0)
        .setFinal$(true)
        .setSource("gpx")
        .setSamples(List.of())
        .build();
  }

  /** exactly_once_v2 as the topology runs, and at_least_once to show what exactly-once costs. */
  static final List<String> FLOOR_GUARANTEES = List.of("exactly_once_v2", "at_least_once");

  private static Floor medianFloor(List<Floor> rounds) {
    if (rounds == null) {
      return Floor.NOT_RUN;
    }
    return new Floor(
        rounds.get(0).guarantee(),
        Stats.median(rounds.stream().map(Floor::samplesPerS).toList()),
        Stats.median(rounds.stream().map(Floor::cpuS).toList()),
        Stats.median(rounds.stream().map(Floor::streamThreadCpuS).toList()));
  }

  /**
   * One run of the floor application over the whole samples topic under a fresh application id,
   * with the topology's settings but {@code guarantee}.
   */
  private static Floor floorRound(BenchStack stack, String guarantee, long samples)
      throws Exception {
    String applicationId =
        "benchmark-floor-" + guarantee.replace('_', '-') + "-" + APPLICATION_RUNS.incrementAndGet();
    return timedFloor(
        stack,
        applicationId,
        guarantee,
        guarantee,
        samples,
        (config, seen) -> StreamsFloor.runner(config, stack.registryClient(), seen),
        () -> true);
  }

  /**
   * One run of the shaped floor ({@link StreamsFloor#shapedTopology}) over the whole samples topic,
   * under a fresh application id and with output topics of its own, until its group committed the
   * samples topic's end and its second stage applied every activity (its last transaction, at most
   * a commit interval later, is not waited for).
   */
  private static Floor shapedFloorRound(BenchStack stack, long samples, int activities)
      throws Exception {
    String guarantee = FLOOR_GUARANTEES.get(0);
    String applicationId = "benchmark-shaped-floor-" + APPLICATION_RUNS.incrementAndGet();
    String summaries = applicationId + "-summaries";
    String trends = applicationId + "-trends";
    stack.createTopic(summaries, BenchStack.PARTITIONS);
    stack.createTopic(trends, BenchStack.PARTITIONS);
    AtomicLong applied = new AtomicLong();
    return timedFloor(
        stack,
        applicationId,
        guarantee,
        guarantee + ", shaped",
        samples,
        (config, seen) ->
            StreamsFloor.shapedRunner(
                config, stack.registryClient(), seen, applied, summaries, trends),
        () -> applied.get() >= activities);
  }

  /**
   * Starts a floor application under {@code applicationId} and times it from its start until its
   * group committed the samples topic's end and {@code finished} holds; its CPU and its stream
   * thread's.
   */
  private static Floor timedFloor(
      BenchStack stack,
      String applicationId,
      String guarantee,
      String label,
      long samples,
      BiFunction<TrainingLoadConfig, AtomicLong, StreamsRunner> application,
      BooleanSupplier finished)
      throws Exception {
    Path stateDir = Files.createTempDirectory("backstride-bench-floor-");
    TrainingLoadConfig config =
        TrainingLoadConfig.fromEnv(applicationEnv(stack, applicationId, stateDir, guarantee));
    CpuAccount cpu = new CpuAccount(name -> name.contains(applicationId), "main"::equals);
    CpuAccount streamThread =
        new CpuAccount(
            name -> name.contains(applicationId) && name.matches(".*-StreamThread-\\d+"),
            "main"::equals);
    AtomicLong seen = new AtomicLong();
    try (Admin admin = stack.admin()) {
      CpuAccount.Snapshot cpuBefore = CpuAccount.take();
      long started = System.nanoTime();
      try (StreamsRunner floor = application.apply(config, seen)) {
        floor.start(Duration.ofSeconds(60));
        StreamsFloor.awaitCommitted(admin, applicationId, Duration.ofMinutes(30));
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!finished.getAsBoolean()) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(label + " floor not finished 10 min after its commit");
          }
          LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        long done = System.nanoTime();
        Floor result =
            new Floor(
                label,
                Stats.perSecond(samples, done - started),
                cpu.since(cpuBefore).serviceNanos() / 1e9,
                streamThread.since(cpuBefore).serviceNanos() / 1e9);
        if (seen.get() < samples) {
          throw new IllegalStateException(
              "the "
                  + label
                  + " floor committed the topic's end but saw "
                  + seen.get()
                  + " of "
                  + samples);
        }
        return result;
      }
    } finally {
      deleteRecursively(stateDir);
    }
  }

  /** The training-load application's environment for one run of the harness. */
  private static Map<String, String> applicationEnv(
      BenchStack stack, String applicationId, Path stateDir, String guarantee) {
    return Map.of(
        "BACKSTRIDE_KAFKA_BOOTSTRAP",
        stack.bootstrap(),
        "BACKSTRIDE_SCHEMA_REGISTRY_URL",
        stack.registryUrl(),
        "BACKSTRIDE_STREAMS_APPLICATION_ID",
        applicationId,
        "BACKSTRIDE_STATE_DIR",
        stateDir.toString(),
        "BACKSTRIDE_PROCESSING_GUARANTEE",
        guarantee,
        // the application's default unless the run says otherwise: the commit interval is
        // the latency / throughput trade-off of exactly-once
        "BACKSTRIDE_COMMIT_INTERVAL_MS",
        System.getenv().getOrDefault("BACKSTRIDE_COMMIT_INTERVAL_MS", "100"));
  }

  static String athlete(int i) {
    return "bench-athlete-" + i;
  }

  /**
   * Produces every athlete's runs, day by day, with ingest's own batching and producer settings;
   * returns {samples, batches}.
   */
  private static long[] produce(String bootstrap, AvroSerdes serdes, Options options) {
    Serializer<SampleBatch> serializer = serdes.value(Topics.ACTIVITY_SAMPLES).serializer();
    long samples = 0;
    long batches = 0;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            KafkaActivityPublisher.producerConfig(
                KafkaConnection.plaintext(bootstrap), Duration.ofSeconds(60)),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int week = 0; week < options.weeks(); week++) {
        for (int runDay : RUN_DAYS) {
          LocalDate day = FIRST_DAY.plusDays(7L * week + runDay);
          for (int a = 0; a < options.athletes(); a++) {
            Instant start = day.atTime(7, 0).toInstant(ZoneOffset.UTC).plusSeconds(a % 3600);
            long seed = 31L * a + day.toEpochDay();
            SyntheticRun run = SyntheticRun.hill(start, options.secondsPerRun(), 50, seed);
            ParsedActivity activity =
                new ParsedActivity("gpx", Optional.of(Sport.RUNNING), run.samples());
            String athlete = athlete(a);
            for (SampleBatch batch :
                SampleBatches.of(athlete, ActivityIds.of(athlete, start), activity)) {
              producer.send(
                  new ProducerRecord<>(
                      Topics.ACTIVITY_SAMPLES.name(),
                      athlete,
                      serializer.serialize(Topics.ACTIVITY_SAMPLES.name(), batch)));
              batches++;
            }
            samples += activity.samples().size();
          }
        }
      }
      producer.flush();
    }
    return new long[] {samples, batches};
  }

  /** The (UTC) day of each athlete's last run: its trend is the last one the topology emits. */
  private static Map<String, LocalDate> lastRunDays(Options options) {
    LocalDate last = FIRST_DAY.plusDays(7L * (options.weeks() - 1) + RUN_DAYS[RUN_DAYS.length - 1]);
    Map<String, LocalDate> days = new HashMap<>();
    for (int a = 0; a < options.athletes(); a++) {
      days.put(athlete(a), last);
    }
    return days;
  }

  /** Reads the whole samples topic in a new group; nanoseconds until every sample was seen. */
  private static long plainConsumer(
      BenchStack stack, AvroSerdes serdes, long expectedSamples, int round) {
    Deserializer<SampleBatch> deserializer = serdes.value(Topics.ACTIVITY_SAMPLES).deserializer();
    return readWholeTopic(
        stack,
        "benchmark-plain-consumer-" + round,
        expectedSamples,
        record -> deserializer.deserialize(record.topic(), record.value()).getSamples().size());
  }

  /**
   * Reads the whole samples topic in a new group, {@code samplesIn} handling each record and saying
   * how many samples it held; nanoseconds until {@code expectedSamples} were seen.
   */
  private static long readWholeTopic(
      BenchStack stack,
      String group,
      long expectedSamples,
      ToIntFunction<ConsumerRecord<String, byte[]>> samplesIn) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.bootstrap(),
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    long started = System.nanoTime();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.ACTIVITY_SAMPLES.name()));
      long seen = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (seen < expectedSamples) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(group + " saw " + seen + " samples in 10 min");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          seen += samplesIn.applyAsInt(record);
        }
      }
      consumer.commitSync();
      return System.nanoTime() - started;
    }
  }

  /**
   * The plain consumer plus the per-sample part of the topology's own work, in its polling thread:
   * each batch decoded as the topology decodes it ({@link SampleBatchDeserializer}, straight to the
   * domain's batch), folded into its activity's running totals (the {@link ActivityState} the
   * assembler keeps per open activity, here in a map rather than a store), and at the final batch
   * the metrics and the Avro summary the assembler forwards. What it leaves out is Streams' (the
   * floor measures that) and the per-activity stage after the summary, so the time it adds to the
   * plain consumer is a lower bound of what the topology adds to its floor. Nanoseconds until every
   * sample was folded; throws when it summarised fewer activities than were produced.
   */
  private static long foldingConsumer(
      BenchStack stack, long expectedSamples, Options options, int round) {
    SampleBatchDeserializer deserializer = new SampleBatchDeserializer(stack.registryClient());
    Map<String, ActivityState> open = new HashMap<>();
    AtomicLong summarised = new AtomicLong();
    long took =
        readWholeTopic(
            stack,
            "benchmark-folding-consumer-" + round,
            expectedSamples,
            record -> {
              io.backstride.core.SampleBatch batch =
                  deserializer.deserialize(record.topic(), record.value());
              String key = ActivityKey.of(batch.athleteId(), batch.activityId()).key();
              ActivityState next =
                  open.getOrDefault(key, ActivityState.empty()).plus(batch.samples());
              if (!batch.last()) {
                open.put(key, next);
                return batch.samples().size();
              }
              open.remove(key);
              ActivityMetrics m = next.metrics();
              io.backstride.avro.ActivitySummary summary =
                  ActivitySummaryCodec.toAvro(
                      io.backstride.core.activity.ActivitySummary.of(
                          batch.athleteId(),
                          batch.activityId(),
                          m.sport(batch.sport()),
                          batch.source(),
                          m));
              if (summary.getSampleCount() > 0) {
                summarised.incrementAndGet();
              }
              return batch.samples().size();
            });
    // the topic can hold more than this run produced (the smoke test shares its broker), so only
    // a pass that summarised fewer activities than were produced did not do the work it times
    if (summarised.get() < options.activities()) {
      throw new IllegalStateException(
          "folding consumer summarised "
              + summarised.get()
              + " of "
              + options.activities()
              + " activities, "
              + open.size()
              + " left open");
    }
    return took;
  }

  /**
   * Watches {@code athlete-trends.v1} from its current end, with read_committed so that only trends
   * whose transaction committed count.
   */
  private static final class TrendWatcher implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<AthleteTrend> deserializer;
    private final Map<String, LocalDate> awaited;

    TrendWatcher(String bootstrap, AvroSerdes serdes, Map<String, LocalDate> lastRun) {
      this.deserializer = serdes.value(Topics.ATHLETE_TRENDS).deserializer();
      this.awaited = new HashMap<>(lastRun);
      this.consumer =
          committedReader(bootstrap, new StringDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.ATHLETE_TRENDS.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // fix the start before the application writes
    }

    /** Polls until every awaited athlete's last trend arrived; returns System.nanoTime() then. */
    long awaitAll(Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!awaited.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              awaited.size() + " athletes still without their last trend after " + timeout);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          AthleteTrend trend = deserializer.deserialize(record.topic(), record.value());
          LocalDate wanted = awaited.get(trend.getAthleteId());
          if (wanted != null && !trend.getDate().isBefore(wanted)) {
            awaited.remove(trend.getAthleteId());
          }
        }
      }
      return System.nanoTime();
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  /**
   * A consumer of committed records only (an aborted transaction wrote nothing), without a group:
   * the benchmark assigns its partitions itself.
   */
  private static <K, V> KafkaConsumer<K, V> committedReader(
      String bootstrap, Deserializer<K> keys, Deserializer<V> values) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false),
        keys,
        values);
  }

  /**
   * Bytes of key and latest value per key in each changelog topic of the application, by store
   * name; tombstones remove a key. This is what a restore loads, without RocksDB's overhead.
   */
  static Map<String, Long> changelogBytes(BenchStack stack, String applicationId) throws Exception {
    String prefix = applicationId + "-";
    String suffix = "-changelog";
    Set<String> topics;
    try (var admin = stack.admin()) {
      topics = new HashSet<>(admin.listTopics().names().get());
    }
    Map<String, Long> bytesByStore = new TreeMap<>();
    for (String topic : topics) {
      if (!topic.startsWith(prefix) || !topic.endsWith(suffix)) {
        continue;
      }
      String store = topic.substring(prefix.length(), topic.length() - suffix.length());
      bytesByStore.put(store, latestBytes(stack.bootstrap(), topic));
    }
    return bytesByStore;
  }

  private static long latestBytes(String bootstrap, String topic) {
    Map<String, Integer> sizes = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        committedReader(bootstrap, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          String key = record.partition() + ":" + HexFormat.of().formatHex(record.key());
          if (record.value() == null) {
            sizes.remove(key);
          } else {
            sizes.put(key, record.key().length + record.value().length);
          }
        }
      }
    }
    return sizes.values().stream().mapToLong(Integer::longValue).sum();
  }

  private static long heapAfterGc(MemoryMXBean memory) {
    // twice: the first collection may only promote what the second one frees
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind does not change the figures
    }
  }

  private TopologyThroughput() {}
}
