package io.backstride.ingest.gpx;

import static io.backstride.ingest.TestGpx.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.ingest.InvalidActivityException;
import io.backstride.ingest.ParsedActivity;
import io.backstride.ingest.TestGpx;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

class GpxReaderTest {
  private final GpxReader reader = new GpxReader();

  @Test
  void readsRealGpsBabelFileKeepingOnlyThePointsThatHaveATime() throws Exception {
    ParsedActivity activity;
    try (InputStream in = getClass().getResourceAsStream("/samples/korita-zbevnica.gpx")) {
      activity = reader.read(in);
    }

    assertThat(activity.format()).isEqualTo("gpx");
    assertThat(activity.samples()).hasSize(513);
    assertThat(activity.pointsWithoutTime()).isEqualTo(871 - 513);
    // The timed track says <type>...</type>: no sport, to be inferred from speed later.
    assertThat(activity.sport()).isEmpty();
    assertThat(activity.start()).isEqualTo(Instant.parse("2010-10-03T09:36:30Z"));
    assertThat(activity.samples().get(512).time()).isEqualTo(Instant.parse("2010-10-03T13:19:31Z"));
    assertThat(activity.samples()).isSortedAccordingTo(Comparator.comparing(Sample::time));
    assertThat(activity.samples())
        .allSatisfy(
            s -> {
              assertThat(s.hasPosition()).isTrue();
              assertThat(s.elevationM()).isBetween(0.0, 2000.0);
              assertThat(s.heartRateBpm()).isNull();
            });
  }

  @Test
  void readsGarminHeartRateAndDoublesStrideCadenceToStepsPerMinute() throws Exception {
    ParsedActivity activity = read(TestGpx.run(3));

    assertThat(activity.sport()).contains(Sport.RUNNING);
    assertThat(activity.samples())
        .containsExactly(
            new Sample(T0, 48.2, 16.37, 170.0, null, null, 140, 170.0, null),
            new Sample(T0.plusSeconds(1), 48.20003, 16.37, 171.0, null, null, 141, 170.0, null),
            new Sample(T0.plusSeconds(2), 48.20006, 16.37, 172.0, null, null, 142, 170.0, null));
  }

  @Test
  void keepsCadenceThatIsAlreadyInStepsPerMinute() throws Exception {
    ParsedActivity activity =
        read(
            gpx11(
                cadencePoint("2026-03-02T07:00:00Z", 172),
                cadencePoint("2026-03-02T07:00:01Z", 110),
                cadencePoint("2026-03-02T07:00:02Z", 176)));

    // One unit per file: the slow 110 is a walking break in steps, not strides to double.
    assertThat(activity.samples())
        .extracting(Sample::cadenceSpm)
        .containsExactly(172.0, 110.0, 176.0);
  }

  @Test
  void readsExtensionsWhosePrefixIsNeverDeclared() throws Exception {
    String gpx =
        """
        <gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
          <trkpt lat="1" lon="2"><time>2026-03-02T07:00:00Z</time>
            <extensions><undeclared:TrackPointExtension><undeclared:hr>151</undeclared:hr>
            </undeclared:TrackPointExtension></extensions></trkpt>
        </trkseg></trk></gpx>
        """;

    assertThat(read(gpx).samples().get(0).heartRateBpm()).isEqualTo(151);
  }

  @Test
  void readsTimesWithFractionOffsetOrNoZoneAsUtc() throws Exception {
    ParsedActivity activity =
        read(
            gpx11(
                point("2026-03-02T07:00:00Z", ""),
                point("2026-03-02T07:00:01.250Z", ""),
                point("2026-03-02T08:00:02+01:00", ""),
                point("2026-03-02T07:00:03", "")));

    assertThat(activity.samples())
        .extracting(Sample::time)
        .containsExactly(T0, T0.plusMillis(1250), T0.plusSeconds(2), T0.plusSeconds(3));
  }

  @Test
  void sortsSamplesByTimeAndDropsExactDuplicateTimes() throws Exception {
    String duplicate = "<ele>1</ele>";
    ParsedActivity activity =
        read(
            gpx11(
                point("2026-03-02T07:00:02Z", ""),
                point("2026-03-02T07:00:00Z", duplicate),
                point("2026-03-02T07:00:01Z", ""),
                point("2026-03-02T07:00:00Z", "")));

    assertThat(activity.samples())
        .extracting(Sample::time)
        .containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(2));
    // Of two points with one time, the first in the file stays.
    assertThat(activity.samples().get(0).elevationM()).isEqualTo(1.0);
  }

  @Test
  void skipsAndCountsPointsWithoutTime() throws Exception {
    String gpx =
        """
        <gpx version="1.0"><trk><trkseg>
          <trkpt lat="1" lon="2"><ele>3</ele></trkpt>
          <trkpt lat="1" lon="2"><time>2026-03-02T07:00:00Z</time></trkpt>
          <trkpt lat="1" lon="2"/>
        </trkseg></trk></gpx>
        """;

    ParsedActivity activity = read(gpx);

    assertThat(activity.samples()).hasSize(1);
    assertThat(activity.pointsWithoutTime()).isEqualTo(2);
  }

  @Test
  void acceptsByteOrderMarkAndWhitespaceBeforeTheDeclaration() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
    bytes.write("\n  \n".getBytes(StandardCharsets.US_ASCII));
    bytes.write(TestGpx.runBytes(2));

    assertThat(reader.read(new ByteArrayInputStream(bytes.toByteArray())).samples()).hasSize(2);
  }

  @Test
  void rejectsDoctypeWithExternalEntityWithoutEverReadingTheFile() throws Exception {
    String gpx =
        """
        <?xml version="1.0"?>
        <!DOCTYPE gpx [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
        <gpx version="1.1"><trk><name>&secret;</name><trkseg>
          <trkpt lat="1" lon="2"><time>2026-03-02T07:00:00Z</time></trkpt>
        </trkseg></trk></gpx>
        """;

    InvalidActivityException e = rejected(gpx);

    assertThat(e.getMessage()).startsWith("DTDs are not accepted").contains("line 2");
    Path hostname = Path.of("/etc/hostname");
    if (Files.isReadable(hostname) && !Files.readString(hostname).isBlank()) {
      assertThat(e.getMessage()).doesNotContain(Files.readString(hostname).strip());
    }
  }

  @Test
  void rejectsBillionLaughsBeforeExpandingAnything() {
    StringBuilder dtd = new StringBuilder("<!ENTITY lol0 \"lol\">");
    for (int i = 1; i <= 10; i++) {
      dtd.append("<!ENTITY lol%d \"%s\">".formatted(i, ("&lol" + (i - 1) + ";").repeat(10)));
    }
    String gpx = "<?xml version=\"1.0\"?>\n<!DOCTYPE gpx [" + dtd + "]>\n<gpx>&lol10;</gpx>";

    assertThat(rejected(gpx).getMessage()).startsWith("DTDs are not accepted");
  }

  @Test
  void reportsLineAndColumnOfMalformedXml() {
    String gpx = "<gpx version=\"1.1\">\n<trk>\n  <trkseg></trk>\n</gpx>";

    InvalidActivityException e = rejected(gpx);

    assertThat(e.line()).isEqualTo(3);
    assertThat(e.column()).isPositive();
    assertThat(e.getMessage())
        .startsWith("malformed XML at line 3, column " + e.column() + ": ")
        .doesNotContain("\n");
  }

  @Test
  void reportsPositionsOfTheOriginalFileWhenLeadingLinesWereSkipped() {
    InvalidActivityException e = rejected("\n\n<gpx>\n<trk></gpx>");

    assertThat(e.line()).isEqualTo(4);
  }

  @Test
  void rejectsAFileWhoseRootIsNotGpx() {
    String tcx = "<TrainingCenterDatabase xmlns=\"x\"><Activities/></TrainingCenterDatabase>";

    assertThat(rejected(tcx).getMessage())
        .isEqualTo("not a GPX file: root element is <TrainingCenterDatabase>");
  }

  @Test
  void rejectsAFileWithoutTimedTrackPoints() {
    String gpx = "<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"/></trkseg></trk></gpx>";

    assertThat(rejected(gpx).getMessage()).startsWith("no track points with a time");
  }

  @Test
  void rejectsAnInvalidNumberNamingWhereItIs() {
    String gpx = "<gpx>\n<trk><trkseg>\n<trkpt lat=\"north\" lon=\"2\"/></trkseg></trk></gpx>";

    InvalidActivityException e = rejected(gpx);

    assertThat(e.getMessage()).startsWith("invalid latitude 'north' at line 3, column ");
    assertThat(e.line()).isEqualTo(3);
  }

  @Test
  void rejectsAnEmptyBody() {
    assertThat(rejected("  \n").getMessage()).isEqualTo("not a GPX file: the body is empty");
  }

  @Test
  void rejectsBytesThatAreNotUtf8AsMalformed() {
    byte[] gpx = {'<', 'g', 'p', 'x', '>', (byte) 0xc3, (byte) 0x28, '<', '/', 'g', 'p', 'x', '>'};

    assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(gpx)))
        .isInstanceOf(InvalidActivityException.class)
        .hasMessageStartingWith("malformed XML");
  }

  @Test
  void theWayBetweenTrackSegmentsIsNotCounted() throws Exception {
    // two segments of 100 s due east at 3 m/s; the recording stopped for 20 s and the second
    // segment begins 30 m further on
    StringBuilder gpx =
        new StringBuilder("<gpx version=\"1.1\" creator=\"test\"><trk><type>running</type>");
    double eastM = 0;
    int second = 0;
    for (int segment = 0; segment < 2; segment++) {
      gpx.append("<trkseg>");
      for (int i = 0; i <= 100; i++, second++, eastM += 3) {
        double lon = 16.37 + eastM / (111_320 * Math.cos(Math.toRadians(48.2)));
        gpx.append(
            "<trkpt lat=\"48.2\" lon=\"%.8f\"><ele>200</ele><time>%s</time></trkpt>"
                .formatted(lon, T0.plusSeconds(second)));
      }
      gpx.append("</trkseg>");
      second += 19;
      eastM += 27;
    }
    gpx.append("</trk></gpx>");

    ParsedActivity activity = read(gpx.toString());
    io.backstride.core.activity.ActivityMetrics metrics =
        io.backstride.core.activity.ActivityState.empty().plus(activity.samples()).metrics();

    assertThat(activity.samples()).filteredOn(Sample::pauseBefore).hasSize(1);
    assertThat(activity.samples().get(101).pauseBefore()).isTrue();
    assertThat(metrics.distanceM()).isCloseTo(600, org.assertj.core.api.Assertions.within(3.0));
  }

  private ParsedActivity read(String gpx) throws InvalidActivityException {
    return reader.read(new ByteArrayInputStream(gpx.getBytes(StandardCharsets.UTF_8)));
  }

  private InvalidActivityException rejected(String gpx) {
    return catchThrowableOfType(InvalidActivityException.class, () -> read(gpx));
  }

  private static String gpx11(String... points) {
    return """
    <?xml version="1.0" encoding="UTF-8"?>
    <gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"
         xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
      <trk><trkseg>
    %s
      </trkseg></trk>
    </gpx>
    """
        .formatted(String.join("\n", points));
  }

  private static String cadencePoint(String time, int cadence) {
    return point(
        time,
        "<ns3:TrackPointExtension><ns3:cad>%d</ns3:cad></ns3:TrackPointExtension>"
            .formatted(cadence));
  }

  private static String point(String time, String extra) {
    String extensions = extra.startsWith("<ns3") ? "<extensions>" + extra + "</extensions>" : extra;
    return "<trkpt lat=\"48.2\" lon=\"16.37\"><time>%s</time>%s</trkpt>"
        .formatted(time, extensions);
  }
}
