package io.backstride.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the JSON of one or more {@link ParseBenchmark} runs ({@code -rf json -rff FILE}) into the
 * table of BENCHMARKS.md: per run, the median over the measured iterations of points per second of
 * backstride's reader (on Aalto, as ingest runs it), the same reader on the JDK's StAX (the reader
 * before Aalto), and the reference on the same file; then the ratios of each run, reported as their
 * median and range over the runs. JMH's own score is the mean, which one noisy iteration on a
 * shared machine drags more than the median; ratios are taken within a run, never across runs.
 *
 * <p>At its end it prints the {@code ROW} lines of issue 15, target 2 (BENCHMARKS.md's top table):
 * each ratio on points per CPU second of the reading thread, the figure that still compares on a
 * shared machine, as the median (and range) over the runs; a target counts as met when the median
 * reaches it.
 *
 * <p>Usage: {@code JmhMedians FILE...}.
 */
public final class JmhMedians {
  /** Benchmark-name prefix, reference suffix, and what the row says. */
  private record Row(String file, String reference, String label) {}

  private static final List<Row> ROWS =
      List.of(
          new Row("gpxPlain", "Jpx", "GPX, generated 2,600 points, no extensions | jpx 3.2.1"),
          new Row(
              "gpxExtensions",
              "Jpx",
              "GPX, same run, Garmin TrackPointExtension (hr, cad) on every point | jpx 3.2.1"),
          new Row("gpxReal", "Jpx", "GPX 1.0, real (GPSBabel, 871 points) | jpx 3.2.1"),
          new Row("tcxReal", null, "TCX, real (Forerunner 410, 384 points) | -"),
          new Row(
              "fitReal",
              "SdkDecode",
              "FIT, real (Fenix 2, 2,809 records) | FIT SDK Decode, no-op listener"));

  /** One row of the results table: a benchmark over another, and the ratio it must reach. */
  private record Target(String what, String over, String under, double atLeast) {}

  private static final List<Target> TARGETS =
      List.of(
          new Target(
              "GPX, no extensions: reader on Aalto vs the same reader on the JDK's StAX",
              "gpxPlainBackstride[AALTO]",
              "gpxPlainBackstride[JDK]",
              1.5),
          new Target(
              "GPX, Garmin extensions: reader on Aalto vs the same reader on the JDK's StAX",
              "gpxExtensionsBackstride[AALTO]",
              "gpxExtensionsBackstride[JDK]",
              1.5),
          new Target(
              "TCX (Forerunner 410): reader on Aalto vs the same reader on the JDK's StAX",
              "tcxRealBackstride[AALTO]",
              "tcxRealBackstride[JDK]",
              1.5),
          new Target(
              "GPX, no extensions: backstride vs jpx 3.2.1",
              "gpxPlainBackstride[AALTO]",
              "gpxPlainJpx",
              5),
          new Target(
              "GPX, Garmin extensions: backstride vs jpx 3.2.1",
              "gpxExtensionsBackstride[AALTO]",
              "gpxExtensionsJpx",
              20),
          new Target(
              "FIT (Fenix 2): backstride vs the FIT SDK's bare decode",
              "fitRealBackstride",
              "fitRealSdkDecode",
              0.7));

  public static void main(String[] args) throws Exception {
    List<Map<String, Double>> cpuRuns = new ArrayList<>();
    for (boolean cpu : new boolean[] {true, false}) {
      List<Map<String, Double>> runs = new ArrayList<>();
      for (String file : args) {
        runs.add(medians(new File(file), cpu));
      }
      if (cpu) {
        cpuRuns = runs;
      }
      System.out.println(
          cpu
              ? "Points per CPU second of the reading thread (the figure to read on a loaded"
                  + " machine):"
              : "Points per wall-clock second (JMH's own rate; falls when other processes take the"
                  + " cores):");
      System.out.println();
      table(runs);
      System.out.println();
    }
    rows(cpuRuns);
  }

  /** The results table's rows: ratio of points per CPU second, median (range) over the runs. */
  private static void rows(List<Map<String, Double>> runs) {
    for (Target target : TARGETS) {
      List<Double> ratios = ratios(runs, target.over(), target.under());
      if (ratios.isEmpty()) {
        continue;
      }
      double median = Stats.median(ratios);
      String range =
          ratios.size() == 1
              ? ""
              : Stats.format(
                  " (%.2f-%.2f, %d runs)",
                  ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                  ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                  ratios.size());
      System.out.println(
          "ROW | 15.2 | %s | %s points/CPU-s | %s points/CPU-s | %s | >= %sx | %s"
              .formatted(
                  target.what(),
                  Stats.rate(Stats.median(values(runs, target.over()))),
                  Stats.rate(Stats.median(values(runs, target.under()))),
                  Stats.format("%.2fx", median) + range,
                  Stats.format(
                      target.atLeast() == Math.rint(target.atLeast()) ? "%.0f" : "%.1f",
                      target.atLeast()),
                  median >= target.atLeast() ? "yes" : "no"));
    }
  }

  private static List<Double> ratios(List<Map<String, Double>> runs, String over, String under) {
    List<Double> ratios = new ArrayList<>();
    for (Map<String, Double> run : runs) {
      if (over != null && under != null && run.containsKey(over) && run.containsKey(under)) {
        ratios.add(run.get(over) / run.get(under));
      }
    }
    return ratios;
  }

  private static void table(List<Map<String, Double>> runs) {
    System.out.println(
        "| file | reference | backstride points/s | on JDK StAX points/s | reference points/s"
            + " | backstride / JDK StAX | backstride / reference | JDK StAX / reference |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    for (Row row : ROWS) {
      String ours = row.file() + "Backstride";
      // FIT has no StAX parameter: its benchmark name carries none
      String aalto = row.file().startsWith("fit") ? ours : ours + "[AALTO]";
      String jdk = row.file().startsWith("fit") ? null : ours + "[JDK]";
      String reference = row.reference() == null ? null : row.file() + row.reference();
      if (runs.stream().noneMatch(run -> run.containsKey(aalto))) {
        continue;
      }
      System.out.println(
          "| %s | %s | %s | %s | %s | %s | %s |"
              .formatted(
                  row.label(),
                  rate(runs, aalto),
                  rate(runs, jdk),
                  rate(runs, reference),
                  ratio(runs, aalto, jdk),
                  ratio(runs, aalto, reference),
                  ratio(runs, jdk, reference)));
    }
    System.out.println();
    System.out.println(
        "Points/s: median over the runs of each run's median iteration. Ratios: median (min-max)"
            + " over "
            + runs.size()
            + " run(s), each taken within one run.");
  }

  /**
   * Benchmark name (with its StAX parameter in brackets) to the median over the iterations of one
   * run of points per wall-clock second or, with {@code cpu}, per CPU second of the reading thread.
   */
  private static Map<String, Double> medians(File file, boolean cpu) throws Exception {
    Map<String, Double> medians = new HashMap<>();
    for (JsonNode result : new ObjectMapper().readTree(file)) {
      String name = result.get("benchmark").asText();
      String key = name.substring(name.lastIndexOf('.') + 1);
      JsonNode stax = result.path("params").path("stax");
      if (!stax.isMissingNode()) {
        key += "[" + stax.asText() + "]";
      }
      JsonNode points = result.path("secondaryMetrics").path("points").path("rawData");
      JsonNode cpuNanos = result.path("secondaryMetrics").path("cpuNanos").path("rawData");
      List<Double> values = new ArrayList<>();
      for (int fork = 0; fork < points.size(); fork++) {
        for (int i = 0; i < points.get(fork).size(); i++) {
          double perSecond = points.get(fork).get(i).asDouble();
          // both are rates over the same iteration: their quotient is points per CPU nanosecond
          values.add(cpu ? perSecond / cpuNanos.get(fork).get(i).asDouble() * 1e9 : perSecond);
        }
      }
      if (!values.isEmpty()) {
        medians.put(key, Stats.median(values));
      }
    }
    return medians;
  }

  private static String rate(List<Map<String, Double>> runs, String key) {
    List<Double> values = values(runs, key);
    return values.isEmpty() ? "-" : Stats.rate(Stats.median(values));
  }

  private static String ratio(List<Map<String, Double>> runs, String over, String under) {
    List<Double> ratios = ratios(runs, over, under);
    if (ratios.isEmpty()) {
      return "-";
    }
    double median = Stats.median(ratios);
    if (ratios.size() == 1) {
      return Stats.format("%.2f", median);
    }
    return Stats.format(
        "%.2f (%.2f-%.2f)",
        median,
        ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
        ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
  }

  private static List<Double> values(List<Map<String, Double>> runs, String key) {
    List<Double> values = new ArrayList<>();
    if (key != null) {
      for (Map<String, Double> run : runs) {
        if (run.containsKey(key)) {
          values.add(run.get(key));
        }
      }
    }
    return values;
  }

  private JmhMedians() {}
}
