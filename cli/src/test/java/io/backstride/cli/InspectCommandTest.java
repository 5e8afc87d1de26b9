package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
            "movingDistanceM",
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
  void aWalkWithStopsShowsTheMovingDistanceThatItsMovingSpeedIsTakenOver() throws Exception {
    // 20 minutes at 1.4 m/s, then 20 minutes shuffling at 0.5 m/s (below the moving speed)
    StringBuilder gpx = new StringBuilder("<gpx version=\"1.1\"><trk><trkseg>");
    double northM = 0;
    for (int t = 0; t <= 2400; t++) {
      double lat = 46.0 + northM / 111_195;
      gpx.append(
          String.format(
              java.util.Locale.ROOT,
              "<trkpt lat=\"%.8f\" lon=\"14.5\"><time>%s</time></trkpt>",
              lat,
              DAY.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(t)));
      northM += t < 1200 ? 1.4 : 0.5;
    }
    gpx.append("</trkseg></trk></gpx>");
    Path walk = Files.writeString(dir.resolve("walk.gpx"), gpx);

    JsonNode json = new ObjectMapper().readTree(inspect("--json", walk.toString()).out());
    Result readable = inspect(walk.toString());

    assertThat(json.get("distanceM").asDouble()).isCloseTo(2280, within(5.0));
    assertThat(json.get("movingDistanceM").asDouble()).isCloseTo(1680, within(5.0));
    assertThat(json.get("movingTimeS").asDouble()).isCloseTo(1200, within(1.0));
    // the figures explain each other: moving speed = moving distance / moving time
    assertThat(json.get("avgMovingSpeedMps").asDouble())
        .isCloseTo(
            json.get("movingDistanceM").asDouble() / json.get("movingTimeS").asDouble(),
            within(0.001));
    assertThat(readable.out())
        .contains("distance 2.28 km in 40:00 (moving 1.68 km in 20:00), avg moving speed 1.40");
  }

  /** The real watch files of ingest's tests (the originals are in shared/samples). */
  private static final Path SAMPLES =
      Path.of("..", "ingest", "src", "test", "resources", "samples");

  @Test
  void realFitFilesReadWithin1PercentOfTheDevicesSessionTotal() throws Exception {
    for (String name : List.of("activity-small-fenix2-run.fit", "2013-02-06-12-11-14.fit")) {
      byte[] file = Files.readAllBytes(SAMPLES.resolve(name));
      List<com.garmin.fit.SessionMesg> sessions = new ArrayList<>();
      com.garmin.fit.Decode decode = new com.garmin.fit.Decode();
      com.garmin.fit.MesgBroadcaster broadcaster = new com.garmin.fit.MesgBroadcaster(decode);
      broadcaster.addListener((com.garmin.fit.SessionMesgListener) sessions::add);
      decode.read(new java.io.ByteArrayInputStream(file), broadcaster, broadcaster);
      double total = sessions.stream().mapToDouble(s -> s.getTotalDistance()).sum();

      JsonNode json =
          new ObjectMapper().readTree(inspect("--json", SAMPLES.resolve(name).toString()).out());

      assertThat(total).as(name).isGreaterThan(1000);
      assertThat(json.get("distanceM").asDouble()).as(name).isCloseTo(total, within(total * 0.01));
    }
  }

  @Test
  void aFitFileWithTimerPausesReadsWithin1PercentOfItsSessionTotal() throws Exception {
    // made with the FIT SDK's encoder: 4 legs of 150 s at 3 m/s due east, three auto-pauses of
    // 40 s in between while the GPS drifts 30 m on and the watch's distance stands
    java.time.Instant t0 = java.time.Instant.parse("2026-03-02T07:00:00Z");
    List<com.garmin.fit.Mesg> messages = new ArrayList<>();
    com.garmin.fit.FileIdMesg id = new com.garmin.fit.FileIdMesg();
    id.setType(com.garmin.fit.File.ACTIVITY);
    id.setManufacturer(com.garmin.fit.Manufacturer.DEVELOPMENT);
    id.setTimeCreated(new com.garmin.fit.DateTime(t0));
    messages.add(id);
    messages.add(timer(t0, com.garmin.fit.EventType.START));
    double eastM = 0;
    double deviceM = 0;
    int second = 0;
    for (int leg = 0; leg < 4; leg++) {
      for (int i = 0; i < 150; i++, second++, eastM += 3, deviceM += 3) {
        com.garmin.fit.RecordMesg r = new com.garmin.fit.RecordMesg();
        r.setTimestamp(new com.garmin.fit.DateTime(t0.plusSeconds(second)));
        r.setPositionLat(semicircles(46.0));
        r.setPositionLong(semicircles(14.5 + eastM / (111_320 * Math.cos(Math.toRadians(46)))));
        r.setEnhancedAltitude(300f);
        r.setDistance((float) deviceM);
        messages.add(r);
      }
      if (leg < 3) {
        messages.add(timer(t0.plusSeconds(second - 1), com.garmin.fit.EventType.STOP_ALL));
        second += 40;
        eastM += 30;
        deviceM -= 3;
        messages.add(timer(t0.plusSeconds(second), com.garmin.fit.EventType.START));
      }
    }
    com.garmin.fit.SessionMesg session = new com.garmin.fit.SessionMesg();
    session.setTimestamp(new com.garmin.fit.DateTime(t0.plusSeconds(second)));
    session.setStartTime(new com.garmin.fit.DateTime(t0));
    session.setSport(com.garmin.fit.Sport.RUNNING);
    session.setTotalDistance(4 * 149 * 3f);
    messages.add(session);
    Path fit = dir.resolve("paused.fit");
    com.garmin.fit.FileEncoder encoder =
        new com.garmin.fit.FileEncoder(fit.toFile(), com.garmin.fit.Fit.ProtocolVersion.V2_0);
    encoder.write(messages);
    encoder.close();

    JsonNode json = new ObjectMapper().readTree(inspect("--json", fit.toString()).out());

    double total = 4 * 149 * 3;
    assertThat(json.get("distanceM").asDouble()).isCloseTo(total, within(total * 0.01));
    assertThat(json.get("movingDistanceM").asDouble()).isCloseTo(total, within(total * 0.01));
    assertThat(json.get("movingTimeS").asDouble()).isCloseTo(4 * 149, within(1.0));
  }

  private static com.garmin.fit.EventMesg timer(
      java.time.Instant at, com.garmin.fit.EventType type) {
    com.garmin.fit.EventMesg event = new com.garmin.fit.EventMesg();
    event.setTimestamp(new com.garmin.fit.DateTime(at));
    event.setEvent(com.garmin.fit.Event.TIMER);
    event.setEventType(type);
    return event;
  }

  private static int semicircles(double degrees) {
    return (int) Math.round(degrees * (1L << 31) / 180.0);
  }

  @Test
  void realTcxFileReadsWithin1PercentOfItsLapsDistance() throws Exception {
    Path file = SAMPLES.resolve("forerunner410-run.tcx");
    java.util.regex.Matcher lap =
        java.util.regex.Pattern.compile(
                "<Lap [^>]*>\\s*<TotalTimeSeconds>[^<]*</TotalTimeSeconds>\\s*"
                    + "<DistanceMeters>([^<]*)</DistanceMeters>")
            .matcher(Files.readString(file));
    double laps = 0;
    while (lap.find()) {
      laps += Double.parseDouble(lap.group(1));
    }

    JsonNode json = new ObjectMapper().readTree(inspect("--json", file.toString()).out());

    assertThat(laps).isGreaterThan(4000);
    assertThat(json.get("distanceM").asDouble()).isCloseTo(laps, within(laps * 0.01));
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
