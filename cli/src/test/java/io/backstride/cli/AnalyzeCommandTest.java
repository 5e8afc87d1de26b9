package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.BaselineState;
import io.backstride.avro.Rule;
import io.backstride.avro.Severity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How analyze prints an outcome, without the pipeline. */
class AnalyzeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate FIRST = LocalDate.parse("2026-03-02"); // a Monday
  private static final LocalDate LAST = FIRST.plusDays(9);

  private static LocalRun.Outcome outcome() {
    Map<LocalDate, AthleteTrend> trends = new TreeMap<>();
    for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
      trends.put(
          d,
          AthleteTrend.newBuilder()
              .setAthleteId("ana")
              .setDate(d)
              .setHistoryDays((int) (d.toEpochDay() - FIRST.toEpochDay()) + 1)
              .setBaseline(BaselineState.NONE)
              .setAcuteRuns(1)
              .setChronicRuns(0)
              .setAcuteDistanceM(8000)
              .setPreviousWeekDistanceM(0)
              .setChronicWeeklyDistanceM(0)
              .setAcuteDescentM(50)
              .setChronicWeeklyDescentM(0)
              .setAcuteSpeedMps(3.0)
              .build());
    }
    BackPainRiskAlert alert =
        BackPainRiskAlert.newBuilder()
            .setAlertId("x")
            .setAthleteId("ana")
            .setRule(Rule.VOLUME_RAMP)
            .setSeverity(Severity.MODERATE)
            .setDate(FIRST.plusDays(8))
            .setMetric("distanceM")
            .setAcute(12000)
            .setChronic(8000)
            .setRatio(1.5)
            .setThreshold(1.3)
            .setMinimum(10000)
            .setAcuteFrom(FIRST.plusDays(2))
            .setAcuteTo(FIRST.plusDays(8))
            .setChronicFrom(FIRST)
            .setChronicTo(FIRST.plusDays(1))
            .build();
    return new LocalRun.Outcome(trends, List.of(alert));
  }

  private static String print(boolean json) {
    return print(json, outcome(), FIRST, LAST);
  }

  private static String print(
      boolean json, LocalRun.Outcome outcome, LocalDate from, LocalDate to) {
    AnalyzeCommand command = new AnalyzeCommand();
    command.athleteId = "ana";
    command.json = json;
    StringWriter out = new StringWriter();
    command.print(new PrintWriter(out), outcome, from, to);
    return out.toString();
  }

  /** Day 12 after one 4.7 km run: the chronic window holds 5 days, scaled up to 6.6 km a week. */
  private static LocalRun.Outcome afterOneRun(BaselineState state) {
    return new LocalRun.Outcome(
        Map.of(
            FIRST,
            AthleteTrend.newBuilder()
                .setAthleteId("ana")
                .setDate(FIRST)
                .setHistoryDays(12)
                .setBaseline(state)
                .setAcuteRuns(0)
                .setChronicRuns(1)
                .setAcuteDistanceM(0)
                .setPreviousWeekDistanceM(4700)
                .setChronicWeeklyDistanceM(6580)
                .setAcuteDescentM(0)
                .setChronicWeeklyDescentM(14)
                .setChronicSpeedMps(2.8)
                .setChronicWeeklyFastDistanceM(1400)
                .build()),
        List.of());
  }

  @Test
  void theUsualWeekIsShownAsBuildingUntilTheBaselineIsReady() throws Exception {
    String table = print(false, afterOneRun(BaselineState.NONE), FIRST, FIRST);
    JsonNode json = JSON.readTree(print(true, afterOneRun(BaselineState.NONE), FIRST, FIRST));

    assertThat(table)
        .contains(
            "2026-03-02       0.0        -         0        -      -/-           0.0        -  building")
        .contains("building (5 of 14 days, 1 of 4 runs)")
        .doesNotContain("6.6");
    assertThat(json.path("baseline").asText()).isEqualTo("building (5 of 14 days, 1 of 4 runs)");
    assertThat(json.path("baselineReady").asBoolean()).isFalse();
    for (String usual :
        List.of(
            "chronicWeeklyDistanceM",
            "chronicWeeklyDescentM",
            "chronicSpeedMps",
            "chronicWeeklyFastDistanceM")) {
      assertThat(json.has(usual)).as(usual).isTrue();
      assertThat(json.get(usual).isNull()).as(usual).isTrue();
    }
  }

  @Test
  void aReadyBaselineShowsTheUsualWeek() throws Exception {
    JsonNode json = JSON.readTree(print(true, afterOneRun(BaselineState.READY), FIRST, FIRST));

    assertThat(print(false, afterOneRun(BaselineState.READY), FIRST, FIRST))
        .contains("0.0      6.6         0       14")
        .contains("ready");
    assertThat(json.path("baseline").asText()).isEqualTo("ready");
    assertThat(json.path("chronicWeeklyDistanceM").asDouble()).isEqualTo(6580.0);
  }

  @Test
  void aNewRunnersVolumeAlertSaysItIsAgainstTheWeekBefore() {
    BackPainRiskAlert alert =
        BackPainRiskAlert.newBuilder(outcome().alerts().get(0))
            .setMetric("distanceMVsPreviousWeek")
            .build();

    assertThat(AnalyzeCommand.against(alert)).isEqualTo("the week before's");
    assertThat(AnalyzeCommand.against(outcome().alerts().get(0))).isEqualTo("a usual");
  }

  @Test
  void jsonPutsTheAlertRightAfterTheTrendOfItsDay() throws Exception {
    String[] lines = print(true).split("\n");

    assertThat(lines).hasSize(11);
    JsonNode alert = JSON.readTree(lines[9]);
    assertThat(alert.path("type").asText()).isEqualTo("alert");
    assertThat(alert.path("date").asText()).isEqualTo("2026-03-10");
    assertThat(JSON.readTree(lines[8]).path("date").asText()).isEqualTo("2026-03-10");
    assertThat(JSON.readTree(lines[0]).path("chronicSpeedMps").isNull()).isTrue();
    assertThat(JSON.readTree(lines[0]).path("baselineReady").asBoolean()).isFalse();
  }

  @Test
  void theTableHasOneRowPerWeekAndTheAlertUnderItsWeek() {
    String table = print(false);

    assertThat(table)
        .contains("2026-03-08       8.0        -        50        -")
        .contains("2026-03-11")
        .contains("! VOLUME_RAMP MODERATE on 2026-03-10")
        .endsWith("1 alerts\n");
    assertThat(table.indexOf("2026-03-11")).isLessThan(table.indexOf("! VOLUME_RAMP"));
  }

  @Test
  void helpSaysTheTextIsWeekByWeekAndTheJsonDayByDay() {
    CommandLine cli = Backstride.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));

    assertThat(cli.execute("analyze", "--help")).isZero();
    String help = out.toString().replaceAll("\\s+", " ");
    assertThat(help)
        .contains("print the history week by week")
        .contains("--json Instead: one JSON object per line, each day's trend and each alert.")
        .doesNotContain("print every day's trend");
  }

  @Test
  void aSmallHistorysThrowawayDataGoesToTheRamDisk(@TempDir Path dirs) throws Exception {
    Path ramDisk = Files.createDirectory(dirs.resolve("shm"));
    Path tmp = Files.createDirectory(dirs.resolve("tmp"));

    assertThat(AnalyzeCommand.workParent(800_000, ramDisk, tmp)).isEqualTo(ramDisk);
    assertThat(AnalyzeCommand.workParent(AnalyzeCommand.IN_MEMORY_UP_TO_BYTES, ramDisk, tmp))
        .isEqualTo(ramDisk);
  }

  @Test
  void aLongHistoryOrNoRamDiskStaysInTheTemporaryFolder(@TempDir Path dirs) throws Exception {
    Path ramDisk = Files.createDirectory(dirs.resolve("shm"));
    Path tmp = Files.createDirectory(dirs.resolve("tmp"));

    assertThat(AnalyzeCommand.workParent(AnalyzeCommand.IN_MEMORY_UP_TO_BYTES + 1, ramDisk, tmp))
        .isEqualTo(tmp);
    assertThat(AnalyzeCommand.workParent(800_000, dirs.resolve("no-such-folder"), tmp))
        .isEqualTo(tmp);
  }

  @Test
  void aFailedStackStartIsReportedAsItselfNotAsASelfSuppression() {
    IllegalStateException startFailed = new IllegalStateException("broker did not start");
    CompletableFuture<AutoCloseable> starting = CompletableFuture.failedFuture(startFailed);

    AnalyzeCommand.stopOnceStarted(starting, startFailed);

    assertThat(startFailed).hasMessage("broker did not start");
    assertThat(startFailed.getSuppressed()).isEmpty();
  }

  @Test
  void aStartedStackIsStoppedAfterAnotherFailureAndItsOwnFailureKept() {
    IllegalArgumentException noFiles = new IllegalArgumentException("No readable files");
    AtomicBoolean closed = new AtomicBoolean();
    IllegalStateException closeFailed = new IllegalStateException("close failed");
    CompletableFuture<AutoCloseable> starting =
        CompletableFuture.completedFuture(
            () -> {
              closed.set(true);
              throw closeFailed;
            });

    AnalyzeCommand.stopOnceStarted(starting, noFiles);

    assertThat(closed).isTrue();
    assertThat(noFiles.getSuppressed()).containsExactly(closeFailed);
  }
}
