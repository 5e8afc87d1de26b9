package io.backstride.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.core.Sample;
import io.backstride.core.activity.ActivityMetrics;
import io.backstride.core.activity.ActivityState;
import io.backstride.ingest.ActivityReaders;
import io.backstride.ingest.InvalidActivityException;
import io.backstride.ingest.ParsedActivity;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code backstride inspect FILE [--json]}: reads one GPX, TCX or FIT file (gzipped or not) with
 * the service's own readers and metric code and prints what it amounts to. Nothing is sent
 * anywhere. A file the service would refuse is refused here with the same one-line reason and exit
 * code 1.
 */
@Command(
    name = "inspect",
    description = "Read one GPX, TCX or FIT file (or .gz) and print its summary.")
final class InspectCommand implements Callable<Integer> {
  /** The keys of {@code --json}, in their order; scripts depend on exactly these. */
  static final String[] JSON_KEYS = {
    "format",
    "sport",
    "points",
    "start",
    "durationS",
    "movingTimeS",
    "distanceM",
    "movingDistanceM",
    "ascentM",
    "descentM",
    "downhillDistanceM",
    "avgMovingSpeedMps",
    "hasHeartRate",
    "hasCadence"
  };

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The activity file.")
  Path file;

  @Option(names = "--json", description = "Print one JSON object instead of a summary.")
  boolean json;

  private final ActivityReaders readers = new ActivityReaders();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ParsedActivity activity;
    try (InputStream in = Files.newInputStream(file)) {
      activity = readers.read(in, file.getFileName().toString());
    } catch (InvalidActivityException e) {
      return fail(err, file + ": " + e.getMessage());
    } catch (NoSuchFileException e) {
      return fail(err, file + ": no such file");
    } catch (IOException | UncheckedIOException e) {
      Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
      return fail(err, file + ": cannot read: " + cause.getMessage());
    }
    Map<String, Object> summary = summary(activity);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      try {
        out.println(new ObjectMapper().writeValueAsString(summary));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a map of numbers and strings is always JSON", e);
      }
    } else {
      printReadable(out, summary);
    }
    out.flush();
    return 0;
  }

  /** The summary under the {@code --json} keys, rounded to what the devices can measure. */
  static Map<String, Object> summary(ParsedActivity activity) {
    ActivityMetrics metrics = ActivityState.empty().plus(activity.samples()).metrics();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("format", activity.format());
    summary.put("sport", metrics.sport(activity.sport()).name().toLowerCase(Locale.ROOT));
    summary.put("points", activity.samples().size());
    summary.put("start", activity.start().toString());
    summary.put("durationS", round(metrics.duration().toMillis() / 1000.0, 3));
    summary.put("movingTimeS", round(metrics.movingTimeS(), 1));
    summary.put("distanceM", round(metrics.distanceM(), 1));
    // the distance the moving speed is taken over: without it a slow walk's figures disagree
    summary.put("movingDistanceM", round(metrics.movingDistanceM(), 1));
    summary.put("ascentM", round(metrics.ascentM(), 1));
    summary.put("descentM", round(metrics.descentM(), 1));
    summary.put("downhillDistanceM", round(metrics.downhillDistanceM(), 1));
    summary.put("avgMovingSpeedMps", round(metrics.avgMovingSpeedMps(), 3));
    summary.put(
        "hasHeartRate", activity.samples().stream().anyMatch(s -> s.heartRateBpm() != null));
    summary.put(
        "hasCadence", activity.samples().stream().map(Sample::cadenceSpm).anyMatch(c -> c != null));
    return summary;
  }

  private static void printReadable(PrintWriter out, Map<String, Object> s) {
    double speed = (double) s.get("avgMovingSpeedMps");
    out.printf(
        Locale.ROOT,
        "%s, %s, %d points from %s%n",
        String.valueOf(s.get("format")).toUpperCase(Locale.ROOT),
        s.get("sport"),
        (int) s.get("points"),
        s.get("start"));
    out.printf(
        Locale.ROOT,
        "distance %.2f km in %s (moving %.2f km in %s), avg moving speed %.2f m/s%s%n",
        (double) s.get("distanceM") / 1000,
        clock((double) s.get("durationS")),
        (double) s.get("movingDistanceM") / 1000,
        clock((double) s.get("movingTimeS")),
        speed,
        speed > 0 ? String.format(Locale.ROOT, " (%s /km)", clock(1000 / speed)) : "");
    out.printf(
        Locale.ROOT,
        "ascent %.0f m, descent %.0f m, downhill distance %.2f km%n",
        (double) s.get("ascentM"),
        (double) s.get("descentM"),
        (double) s.get("downhillDistanceM") / 1000);
    out.printf(
        Locale.ROOT,
        "heart rate: %s, cadence: %s%n",
        (boolean) s.get("hasHeartRate") ? "yes" : "no",
        (boolean) s.get("hasCadence") ? "yes" : "no");
  }

  private static String clock(double seconds) {
    long total = Math.round(seconds);
    return total >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
        : String.format(Locale.ROOT, "%d:%02d", total / 60, total % 60);
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  private int fail(PrintWriter err, String reason) {
    // One line, no stack trace: the reason is for the user, not for a developer.
    err.println("backstride inspect: " + reason.strip().replaceAll("\\s+", " "));
    err.flush();
    return 1;
  }
}
