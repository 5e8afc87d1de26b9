package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code backstride analyze DIR --json} on generated GPX files, through the real local stack. */
class AnalyzeCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate LAST_DAY = LocalDate.parse("2026-04-19");
  private static final Set<String> TREND_KEYS =
      Set.of(
          "type",
          "athleteId",
          "date",
          "acuteDistanceM",
          "chronicWeeklyDistanceM",
          "acuteDescentM",
          "chronicWeeklyDescentM",
          "acuteSpeedMps",
          "chronicSpeedMps",
          "acuteFastDistanceM",
          "chronicWeeklyFastDistanceM",
          "baselineReady",
          "baseline");
  private static final Set<String> ALERT_KEYS =
      Set.of(
          "type",
          "athleteId",
          "rule",
          "severity",
          "date",
          "acute",
          "chronic",
          "ratio",
          "threshold");

  @TempDir Path history;

  @Test
  void printsATrendForEveryDayAndTheDownhillAlertOnItsDay() throws Exception {
    List<DemoHistory.DemoRun> runs = DemoHistory.runs(LAST_DAY, 11L);
    // named so that the folder's order is not the order in time: analyze sorts by first sample
    for (int i = 0; i < runs.size(); i++) {
      Files.writeString(
          history.resolve(String.format("%02d-run.gpx", (i * 5) % runs.size())),
          runs.get(i).gpx(),
          StandardCharsets.UTF_8);
    }
    Files.writeString(history.resolve("notes.txt"), "not an activity");
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Backstride());
    cli.setOut(new PrintWriter(out));

    int code =
        cli.execute(
            "analyze",
            history.toString(),
            "--athlete",
            "analyzed-runner",
            "--tz",
            "Europe/Ljubljana",
            "--json");

    assertThat(code).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      lines.add(JSON.readTree(line));
    }
    LocalDate first = runs.get(0).date();
    List<LocalDate> trendDays = new ArrayList<>();
    List<JsonNode> alerts = new ArrayList<>();
    LocalDate previous = null;
    for (JsonNode line : lines) {
      assertThat(line.path("athleteId").asText()).isEqualTo("analyzed-runner");
      LocalDate date = LocalDate.parse(line.path("date").asText());
      assertThat(previous == null || !date.isBefore(previous)).as("lines in date order").isTrue();
      previous = date;
      if (line.path("type").asText().equals("trend")) {
        assertThat(keys(line)).isEqualTo(TREND_KEYS);
        trendDays.add(date);
      } else {
        assertThat(line.path("type").asText()).isEqualTo("alert");
        assertThat(keys(line)).isEqualTo(ALERT_KEYS);
        assertThat(trendDays).as("an alert follows its day's trend").contains(date);
        alerts.add(line);
      }
    }
    assertThat(trendDays).hasSize((int) (LAST_DAY.toEpochDay() - first.toEpochDay()) + 1);
    assertThat(trendDays.get(0)).isEqualTo(first);
    assertThat(trendDays.get(trendDays.size() - 1)).isEqualTo(LAST_DAY);
    // the last week triples the downhill: other rules may fire too, DOWNHILL_RAMP must
    JsonNode downhill =
        alerts.stream()
            .filter(a -> a.path("rule").asText().equals("DOWNHILL_RAMP"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no DOWNHILL_RAMP line in " + alerts));
    assertThat(LocalDate.parse(downhill.path("date").asText())).isAfter(LAST_DAY.minusDays(7));
    assertThat(downhill.path("ratio").asDouble())
        .isGreaterThanOrEqualTo(downhill.path("threshold").asDouble());
    JsonNode lastTrend =
        lines.stream()
            .filter(l -> l.path("type").asText().equals("trend"))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(lastTrend.path("baselineReady").asBoolean()).isTrue();
    assertThat(lastTrend.path("baseline").asText()).isEqualTo("ready");
    assertThat(lastTrend.path("chronicWeeklyDistanceM").asDouble()).isPositive();
  }

  @Test
  void aHistoryOfHikesOnlyHasATrendForEveryDayWithNoRunLoad() throws Exception {
    // three hikes over ten days, no run: the history is still ten days long
    LocalDate first = LocalDate.parse("2026-05-01");
    for (int day : new int[] {0, 4, 9}) {
      String hike =
          DemoHistory.gpx(first.plusDays(day), 1.2, 300, new java.util.Random(day))
              .replace("<type>running</type>", "<type>hiking</type>");
      Files.writeString(history.resolve("hike-" + day + ".gpx"), hike, StandardCharsets.UTF_8);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Backstride());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("analyze", history.toString(), "--athlete", "hiker", "--json");

    assertThat(code).as(err.toString()).isZero();
    List<JsonNode> trends = new ArrayList<>();
    for (String line : out.toString().strip().split("\n")) {
      trends.add(JSON.readTree(line));
    }
    assertThat(trends).hasSize(10);
    for (int i = 0; i < trends.size(); i++) {
      JsonNode t = trends.get(i);
      assertThat(t.path("type").asText()).isEqualTo("trend");
      assertThat(keys(t)).isEqualTo(TREND_KEYS);
      assertThat(t.path("date").asText()).isEqualTo(first.plusDays(i).toString());
      assertThat(t.path("acuteDistanceM").asDouble()).isZero();
      assertThat(t.path("acuteDescentM").asDouble()).isZero();
      assertThat(t.path("baselineReady").asBoolean()).isFalse();
      assertThat(t.path("baseline").asText()).startsWith("building (");
      assertThat(t.path("chronicWeeklyDistanceM").isNull()).isTrue();
    }
  }

  @Test
  void theRunsLandOnTheDaysOfTheGivenZoneAndThePhasesAreExplained() throws Exception {
    // 07:00 UTC is 21:00 the evening before in Honolulu (UTC-10, no summer time): the profile,
    // saved while the stack starts, must be read before the first upload for the days to shift
    LocalDate first = LocalDate.parse("2026-05-04");
    for (int day : new int[] {0, 2}) {
      Files.writeString(
          history.resolve("run-" + day + ".gpx"),
          DemoHistory.gpx(first.plusDays(day), 3.0, 80, new java.util.Random(day)),
          StandardCharsets.UTF_8);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Backstride());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int code =
        cli.execute(
            "analyze",
            history.toString(),
            "--athlete",
            "islander",
            "--tz",
            "Pacific/Honolulu",
            "--json");

    assertThat(code).as(err.toString()).isZero();
    List<JsonNode> trends = new ArrayList<>();
    for (String line : out.toString().strip().split("\n")) {
      trends.add(JSON.readTree(line));
    }
    assertThat(trends)
        .extracting(t -> t.path("date").asText())
        .containsExactly("2026-05-03", "2026-05-04", "2026-05-05");
    assertThat(trends.get(0).path("acuteDistanceM").asDouble()).isPositive();
    assertThat(trends.get(2).path("acuteDistanceM").asDouble())
        .isGreaterThan(trends.get(0).path("acuteDistanceM").asDouble());
    // where the time went, phase by phase, with the stack's start and the shutdown split
    assertThat(err.toString())
        .containsPattern("analyze: [0-9.]+ s from the JVM's start: start-up [0-9.]+ s")
        .containsPattern("local stack \\(broker [0-9.]+ s, registry and SMTP sink [0-9.]+ s")
        .containsPattern("profile read by training-load [0-9.]+ s")
        .containsPattern("shutdown \\(pipeline [0-9.]+ s, local stack [0-9.]+ s\\)");
  }

  private static Set<String> keys(JsonNode node) {
    Set<String> keys = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    return keys;
  }
}
