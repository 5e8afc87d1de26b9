package io.backstride.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the JSON of a {@link ParseBenchmark} run ({@code -rf json -rff FILE}) into the table of
 * BENCHMARKS.md: the median over the measured iterations of points per second, for backstride and
 * its reference on the same file, and their ratio. JMH's own score is the mean, which one noisy
 * iteration on a shared machine drags more than the median.
 *
 * <p>Usage: {@code JmhMedians FILE}.
 */
public final class JmhMedians {
  /** Benchmark-name prefix, reference suffix, and what the row says. */
  private record Pair(String file, String reference, String label) {}

  private static final List<Pair> PAIRS =
      List.of(
          new Pair("gpxPlain", "Jpx", "GPX, generated 2,600 points, no extensions | jpx 3.2.1"),
          new Pair(
              "gpxExtensions",
              "Jpx",
              "GPX, same run, Garmin TrackPointExtension (hr, cad) on every point | jpx 3.2.1"),
          new Pair("gpxReal", "Jpx", "GPX 1.0, real (GPSBabel, 871 points) | jpx 3.2.1"),
          new Pair(
              "fitReal",
              "SdkDecode",
              "FIT, real (Fenix 2, 2,809 records) | FIT SDK Decode, no-op listener"),
          new Pair("tcxReal", null, "TCX, real (Forerunner 410, 384 points) | -"));

  public static void main(String[] args) throws Exception {
    Map<String, Double> medians = new LinkedHashMap<>();
    for (JsonNode result : new ObjectMapper().readTree(new File(args[0]))) {
      String name = result.get("benchmark").asText();
      JsonNode points = result.path("secondaryMetrics").path("points").path("rawData");
      List<Double> values = new ArrayList<>();
      points.forEach(fork -> fork.forEach(v -> values.add(v.asDouble())));
      if (!values.isEmpty()) {
        medians.put(name.substring(name.lastIndexOf('.') + 1), Stats.median(values));
      }
    }
    System.out.println(
        "| file | reference | backstride points/s | reference points/s | backstride / reference |");
    System.out.println("|---|---|---:|---:|---:|");
    for (Pair pair : PAIRS) {
      Double ours = medians.get(pair.file() + "Backstride");
      Double theirs = pair.reference() == null ? null : medians.get(pair.file() + pair.reference());
      if (ours == null) {
        continue;
      }
      System.out.println(
          Stats.format(
              "| %s | %s | %s | %s |",
              pair.label(),
              Stats.rate(ours),
              theirs == null ? "-" : Stats.rate(theirs),
              theirs == null ? "-" : Stats.format("%.2f", ours / theirs)));
    }
  }

  private JmhMedians() {}
}
