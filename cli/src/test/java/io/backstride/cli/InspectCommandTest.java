package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InspectCommandTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 2);

  @TempDir Path dir;

  @Test
  void jsonHasExactlyTheDocumentedKeysAndTheRunsFigures() throws Exception {
    Path gpx = Files.writeString(dir.resolve("run.gpx"), hillRun());

    Result result = inspect("--json", gpx.toString());

    assertThat(result.code()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out().strip().lines()).hasSize(1);
    JsonNode json = new ObjectMapper().readTree(result.out());
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly(
            "format",
            "sport",
            "points",
            "start",
            "durationS",
            "movingTimeS",
            "distanceM",
            "ascentM",
            "descentM",
            "downhillDistanceM",
            "avgMovingSpeedMps",
            "hasHeartRate",
            "hasCadence");
    assertThat(json.get("format").asText()).isEqualTo("gpx");
    assertThat(json.get("sport").asText()).isEqualTo("running");
    assertThat(json.get("start").asText()).isEqualTo("2026-03-02T07:00:00Z");
    assertThat(json.get("points").asInt()).isGreaterThan(2000);
    // DemoHistory runs 8 km out and back over a 60 m hill at 3 m/s
    assertThat(json.get("distanceM").asDouble()).isBetween(7900.0, 8100.0);
    assertThat(json.get("ascentM").asDouble()).isBetween(50.0, 70.0);
    assertThat(json.get("descentM").asDouble()).isBetween(50.0, 70.0);
    assertThat(json.get("avgMovingSpeedMps").asDouble()).isBetween(2.9, 3.1);
    assertThat(json.get("hasHeartRate").asBoolean()).isFalse();
    assertThat(json.get("hasCadence").asBoolean()).isFalse();
  }

  @Test
  void readsGzippedTcxAndSaysSoInTheReadableSummary() throws Exception {
    String tcx =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
          <Activities><Activity Sport="Running"><Lap><Track>
            <Trackpoint><Time>2026-03-02T07:00:00Z</Time><DistanceMeters>0</DistanceMeters>
              <HeartRateBpm><Value>120</Value></HeartRateBpm></Trackpoint>
            <Trackpoint><Time>2026-03-02T07:00:10Z</Time><DistanceMeters>30</DistanceMeters>
              <HeartRateBpm><Value>125</Value></HeartRateBpm></Trackpoint>
          </Track></Lap></Activity></Activities>
        </TrainingCenterDatabase>
        """;
    Path file = dir.resolve("treadmill.tcx.gz");
    Files.write(file, gzip(tcx));

    Result result = inspect(file.toString());

    assertThat(result.code()).isZero();
    assertThat(result.out())
        .startsWith("TCX, running, 2 points from 2026-03-02T07:00:00Z")
        .contains("distance 0.03 km")
        .contains("heart rate: yes, cadence: no");
  }

  @Test
  void hostileFileFailsWithOneLineOnStderrAndNoStackTrace() throws Exception {
    Path xxe =
        Files.writeString(
            dir.resolve("evil.gpx"),
            """
            <?xml version="1.0"?>
            <!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <gpx><trk><name>&xxe;</name></trk></gpx>
            """);

    Result result = inspect("--json", xxe.toString());

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err())
        .startsWith("backstride inspect: " + xxe + ": DTDs are not accepted")
        .doesNotContain("Exception")
        .doesNotContain("root:");
  }

  @Test
  void brokenFitAndUnknownFilesFailWithExitCodeOne() throws Exception {
    byte[] fitHeader = {14, 0x20, 0, 0, 100, 0, 0, 0, '.', 'F', 'I', 'T', 0, 0};
    Path fit = Files.write(dir.resolve("broken.fit"), fitHeader);
    Path notes = Files.writeString(dir.resolve("notes.txt"), "hello");

    Result brokenFit = inspect(fit.toString());
    Result unknown = inspect(notes.toString());
    Result missing = inspect(dir.resolve("missing.gpx").toString());

    assertThat(brokenFit.code()).isEqualTo(1);
    assertThat(brokenFit.err()).contains("FIT file is truncated or its CRC does not match");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("not a GPX, TCX or FIT file");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file");
    for (Result r : List.of(brokenFit, unknown, missing)) {
      assertThat(r.err().strip().lines()).hasSize(1);
      assertThat(r.err()).doesNotContain("\tat ");
    }
  }

  private static String hillRun() {
    return DemoHistory.gpx(DAY, 3.0, 60, new Random(7));
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private record Result(int code, String out, String err) {}

  private static Result inspect(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Backstride());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "inspect";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = cli.execute(all);
    return new Result(code, out.toString(), err.toString());
  }
}
