package io.backstride.benchmarks;

import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.core.activity.MetricRules;
import io.backstride.core.load.AthleteRuns;
import io.backstride.core.load.RunLoad;
import io.backstride.streams.OpenActivity;
import io.backstride.streams.OpenActivitySerde;
import io.backstride.streams.state.AthleteState;
import io.backstride.streams.state.AthleteStateSerde;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two candidate policies for state-store values, on the two values the training-load
 * application reads and writes for every change: the hand-written compact binary with a version
 * byte (the stores' serdes) and a version byte before Avro binary ({@link AvroStateFormats}). The
 * score is nanoseconds per encode or decode of one value; {@link #main} measures the same in
 * interleaved rounds and prints the table of BENCHMARKS.md, with the bytes per value.
 *
 * <p>The values: an athlete's state after twelve weeks of three runs a week (as the topology
 * benchmark's athletes run), and an open activity 1,000 samples into a 1 Hz run with one batch of
 * 200 samples waiting for a missing one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class StateFormatBenchmark {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  /** Which value. */
  @Param({"athleteState", "openActivity"})
  public String value;

  /** Which policy. */
  @Param({"binary", "avro"})
  public String format;

  private Object decoded;
  private byte[] encoded;
  private Function<Object, byte[]> encoder;
  private Function<byte[], Object> decoder;

  @Setup
  public void setUp() {
    decoded = value(value);
    encoder = encoder(value, format);
    decoder = decoder(value, format);
    encoded = encoder.apply(decoded);
  }

  @Benchmark
  public byte[] encode() {
    return encoder.apply(decoded);
  }

  @Benchmark
  public Object decode() {
    return decoder.apply(encoded);
  }

  static Object value(String value) {
    return switch (value) {
      case "athleteState" -> twelveWeeks();
      case "openActivity" -> halfARun();
      default -> throw new IllegalArgumentException("no value " + value);
    };
  }

  @SuppressWarnings("unchecked")
  static Function<Object, byte[]> encoder(String value, String format) {
    return switch (value + "/" + format) {
      case "athleteState/binary" -> binary((Serde<Object>) (Serde<?>) new AthleteStateSerde());
      case "openActivity/binary" -> binary((Serde<Object>) (Serde<?>) new OpenActivitySerde());
      case "athleteState/avro" -> v -> AvroStateFormats.encode((AthleteState) v);
      case "openActivity/avro" -> v -> AvroStateFormats.encode((OpenActivity) v);
      default -> throw new IllegalArgumentException("no format " + format);
    };
  }

  static Function<byte[], Object> decoder(String value, String format) {
    return switch (value + "/" + format) {
      case "athleteState/binary" -> b -> new AthleteStateSerde().deserializer().deserialize("", b);
      case "openActivity/binary" -> b -> new OpenActivitySerde().deserializer().deserialize("", b);
      case "athleteState/avro" -> AvroStateFormats::decodeAthleteState;
      case "openActivity/avro" -> AvroStateFormats::decodeOpenActivity;
      default -> throw new IllegalArgumentException("no format " + format);
    };
  }

  private static Function<Object, byte[]> binary(Serde<Object> serde) {
    return v -> serde.serializer().serialize("", v);
  }

  /** Twelve weeks of three 8-10 km runs a week, in the precision the state keeps. */
  static AthleteState twelveWeeks() {
    return weeksOfRuns(12, new int[] {0, 2, 4});
  }

  /**
   * The largest state the store keeps for a daily runner: a run every day of the {@value
   * AthleteRuns#RETAINED_DAYS} days it holds.
   */
  static AthleteState dailyRunnerAtTheBound() {
    return weeksOfRuns(AthleteRuns.RETAINED_DAYS / 7, new int[] {0, 1, 2, 3, 4, 5, 6});
  }

  /** {@code weeks} weeks of 8-10 km runs on the given days of each week. */
  private static AthleteState weeksOfRuns(int weeks, int[] days) {
    AthleteRuns runs = AthleteRuns.EMPTY;
    for (int week = 0; week < weeks; week++) {
      for (int day : days) {
        double distance = 8000 + 250 * day + 13.7 * week;
        List<Double> bands = new ArrayList<>();
        for (int b = 0; b < MetricRules.SPEED_BANDS; b++) {
          bands.add(b >= 10 && b < 15 ? distance / 5 + b * 3.1 : 0.0);
        }
        RunLoad run =
            new RunLoad(
                T0.plus(Duration.ofDays(week * 7 + day)).plusSeconds(37L * week),
                distance,
                distance - 120.4,
                distance / 3.05,
                60 + 4.5 * day,
                bands);
        String id = String.format("act-%016x", 0x9e3779b97f4a7c15L * (week * 7 + day + 1));
        runs = runs.with(id, AthleteStateSerde.inStoredPrecision(run), ZoneOffset.UTC);
      }
    }
    return new AthleteState("Europe/Ljubljana", runs);
  }

  /**
   * 1,000 samples of a 1 Hz hill run folded in five batches of 200, and the seventh batch waiting
   * for the sixth.
   */
  static OpenActivity halfARun() {
    List<Sample> samples = SyntheticRun.hill(T0, 1_400, 80, 7).samples();
    OpenActivity a =
        OpenActivity.start("athlete-0042", "act-0123456789abcdef", Sport.RUNNING, "fit", "u-1", 0);
    for (int seq = 0; seq < 5; seq++) {
      a = a.accept(seq, false, samples.subList(seq * 200, seq * 200 + 200), seq);
    }
    return a.accept(6, false, samples.subList(1_200, 1_400), 6);
  }

  /**
   * The table of BENCHMARKS.md, measured without JMH so that the two policies take turns: each
   * round times every value, policy and direction for {@code millis} in turn, so load from
   * elsewhere on a shared machine falls on all of them alike; the figures are the medians over the
   * rounds after two warm-up rounds. JMH's own run ({@code java -jar benchmarks.jar
   * StateFormatBenchmark}) measures one after the other.
   *
   * <p>Usage: {@code StateFormatBenchmark [ROUNDS [MILLIS]]}, default 7 rounds of 200 ms; the
   * figures are CPU time of the measuring thread per value.
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    long millis = args.length > 1 ? Long.parseLong(args[1]) : 200;
    List<String> cases = new ArrayList<>();
    for (String value : List.of("athleteState", "openActivity")) {
      for (String format : List.of("binary", "avro")) {
        for (String op : List.of("encode", "decode")) {
          cases.add(value + "/" + format + "/" + op);
        }
      }
    }
    Map<String, List<Double>> nanos = new TreeMap<>();
    for (int round = -2; round < rounds; round++) {
      for (String c : cases) {
        double perOp = time(c, millis);
        if (round >= 0) {
          nanos.computeIfAbsent(c, k -> new ArrayList<>()).add(perOp);
        }
      }
    }
    System.out.println(
        "| value | policy | bytes | encode CPU ns (median) | decode CPU ns (median) |");
    System.out.println("|---|---|---:|---:|---:|");
    for (String value : List.of("athleteState", "openActivity")) {
      for (String format : List.of("binary", "avro")) {
        String key = value + "/" + format + "/";
        System.out.println(
            Stats.format(
                "| %s | %s | %,d | %,.0f | %,.0f |",
                value,
                format,
                encoder(value, format).apply(value(value)).length,
                Stats.median(nanos.get(key + "encode")),
                Stats.median(nanos.get(key + "decode"))));
      }
    }
    System.out.println();
    rows().forEach(System.out::println);
  }

  /** The earlier issue's target (issue 12): at most 4 KB of state per athlete. */
  static final int STATE_TARGET_BYTES = 4096;

  /**
   * The rows of the results table for the earlier issue's target, state per athlete outside open
   * activities ({@code athlete-loads}, the one store of it): the value after the 12 weeks the
   * target was set for, and at the store's bound for a daily runner, each beside the same value in
   * Avro.
   */
  static List<String> rows() {
    List<String> rows = new ArrayList<>();
    rows.add(stateRow("12 weeks x 3 runs a week (36 runs)", twelveWeeks()));
    rows.add(
        stateRow(
            "its bound: a daily runner, "
                + AthleteRuns.RETAINED_DAYS
                + " days kept ("
                + dailyRunnerAtTheBound().runs().runs().size()
                + " runs)",
            dailyRunnerAtTheBound()));
    return rows;
  }

  private static String stateRow(String when, AthleteState state) {
    int binary = new AthleteStateSerde().serializer().serialize("", state).length;
    int avro = AvroStateFormats.encode(state).length;
    return Stats.format(
        "ROW | earlier | state per athlete (athlete-loads value, key not counted), %s | %,d B"
            + " | %,d B (the same value in Avro) | %.2fx | <= 4 KB | %s",
        when, binary, avro, (double) binary / avro, binary <= STATE_TARGET_BYTES ? "yes" : "no");
  }

  /**
   * CPU nanoseconds of this thread per operation over about {@code millis} of repeating one case:
   * on a machine shared with other builds the wall clock mostly measures their load.
   */
  private static double time(String c, long millis) {
    String[] parts = c.split("/");
    StateFormatBenchmark b = new StateFormatBenchmark();
    b.value = parts[0];
    b.format = parts[1];
    b.setUp();
    boolean encode = parts[2].equals("encode");
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long deadline = System.nanoTime() + millis * 1_000_000;
    long start = cpu.getCurrentThreadCpuTime();
    long ops = 0;
    int sink = 0;
    do {
      for (int i = 0; i < 20; i++) {
        sink += encode ? b.encode().length : b.decode().hashCode() & 1;
      }
      ops += 20;
    } while (System.nanoTime() < deadline);
    long elapsed = cpu.getCurrentThreadCpuTime() - start;
    if (sink == 42) {
      System.out.print(""); // keeps the results alive against dead-code elimination
    }
    return (double) elapsed / ops;
  }
}
