package io.backstride.ingest;

import static io.backstride.ingest.TestFiles.gzip;
import static io.backstride.ingest.TestFiles.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.ingest.ActivityReaders.Format;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ActivityReadersTest {
  private final ActivityReaders readers = new ActivityReaders();

  @Test
  void picksTheReaderByContentWhateverTheName() throws Exception {
    assertThat(read(sample("korita-zbevnica.gpx"), "upload.bin").format()).isEqualTo("gpx");
    assertThat(read(sample("forerunner410-run.tcx"), "upload.gpx").format()).isEqualTo("tcx");
    assertThat(read(sample("2013-02-06-12-11-14.fit"), null).format()).isEqualTo("fit");
  }

  @Test
  void unpacksGzipOfEveryFormat() throws Exception {
    assertThat(read(gzip(sample("korita-zbevnica.gpx")), null).samples()).hasSize(513);
    assertThat(read(gzip(sample("forerunner410-run.tcx")), null).samples()).hasSize(384);
    assertThat(read(gzip(sample("activity-small-fenix2-run.fit")), null).samples()).hasSize(2809);
  }

  @Test
  void realGpxAndTcxInUtf16ReadToTheSameSamplesPlainAndGzipped() throws Exception {
    for (String name : new String[] {"korita-zbevnica.gpx", "forerunner410-run.tcx"}) {
      ParsedActivity original = read(sample(name), name);
      assertThat(original.samples()).as(name).isNotEmpty();

      for (Utf16Variants.Variant utf16 :
          Utf16Variants.of(new String(sample(name), StandardCharsets.UTF_8))) {
        for (boolean gzipped : new boolean[] {false, true}) {
          byte[] file = gzipped ? gzip(utf16.bytes()) : utf16.bytes();
          String what = name + " in " + utf16 + (gzipped ? ", gzipped" : "");

          ParsedActivity read = read(file, name);

          assertThat(read.format()).as(what).isEqualTo(original.format());
          assertThat(read.samples()).as(what).isEqualTo(original.samples());
          assertThat(readers.firstTime(new ByteArrayInputStream(file), name))
              .as(what)
              .isEqualTo(original.start());
        }
      }
    }
  }

  @Test
  void detectsTheRootPastBomDeclarationCommentsAndPrefixes() {
    String xml =
        "\uFEFF  \n<?xml version=\"1.0\"?>\n<!-- exported <gpx> -->\n"
            + "<tcx:TrainingCenterDatabase xmlns:tcx=\"x\">";

    assertThat(ActivityReaders.detect(xml.getBytes(StandardCharsets.UTF_8))).contains(Format.TCX);
    assertThat(ActivityReaders.detect("<gpx version=\"1.1\">".getBytes(StandardCharsets.UTF_16)))
        .contains(Format.GPX);
  }

  @Test
  void anotherXmlDocumentIsNamedInTheRejection() {
    assertThatThrownBy(() -> read("<kml><Document/></kml>".getBytes(StandardCharsets.UTF_8), null))
        .isInstanceOf(InvalidActivityException.class)
        .hasMessage("not a GPX, TCX or FIT file (XML with root element <kml>)");
  }

  @Test
  void aFileThatIsNoneOfTheFormatsIsRejectedSayingWhatTheNameClaimed() {
    byte[] text = "just some notes".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> read(text, "run.fit"))
        .isInstanceOf(InvalidActivityException.class)
        .hasMessage("not a GPX, TCX or FIT file; the name says FIT");
    assertThatThrownBy(() -> read(text, null))
        .isInstanceOf(InvalidActivityException.class)
        .hasMessage("not a GPX, TCX or FIT file");
  }

  @Test
  void anEmptyBodyIsRejected() {
    assertThatThrownBy(() -> read(new byte[0], null))
        .isInstanceOf(InvalidActivityException.class)
        .hasMessage("not a GPX, TCX or FIT file: the body is empty");
    assertThatThrownBy(() -> read(gzip(new byte[0]), null))
        .isInstanceOf(InvalidActivityException.class)
        .hasMessage("not a GPX, TCX or FIT file: the body is empty");
  }

  @Test
  void gzipInsideGzipIsRejected() {
    assertThatThrownBy(() -> read(gzip(gzip(sample("korita-zbevnica.gpx"))), null))
        .isInstanceOf(InvalidActivityException.class)
        .hasMessage("gzip inside gzip is not accepted");
  }

  @Test
  void truncatedGzipIsRejectedAsInvalidGzip() {
    byte[] gz = gzip(sample("forerunner410-run.tcx"));
    byte[] truncated = Arrays.copyOf(gz, gz.length / 2);

    assertThatThrownBy(() -> read(truncated, null))
        .isInstanceOf(InvalidActivityException.class)
        .hasMessageStartingWith("not valid gzip");
  }

  @Test
  void aFileAboveTheCapIsRejected() {
    ActivityReaders small = new ActivityReaders(new ActivityReaders.Limits(10_000, 100));

    assertThatThrownBy(() -> small.read(new ByteArrayInputStream(sample("forerunner410-run.tcx"))))
        .isInstanceOf(InvalidActivityException.class)
        .hasMessage("the file exceeds 10000 bytes");
  }

  @Test
  void aFailingStreamIsTheStreamsFaultNotTheFiles() {
    InputStream broken = TestFiles.failing("connection reset");

    assertThatThrownBy(() -> readers.read(broken))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("connection reset");
  }

  @Test
  void theStartTimeReadGivesTheFullReadsStartForEveryFormatPlainAndGzipped() throws Exception {
    for (String name :
        new String[] {
          "korita-zbevnica.gpx",
          "forerunner410-run.tcx",
          "2013-02-06-12-11-14.fit",
          "activity-small-fenix2-run.fit"
        }) {
      byte[] file = sample(name);
      Instant start = read(file, name).start();

      assertThat(readers.firstTime(new ByteArrayInputStream(file), name)).as(name).isEqualTo(start);
      assertThat(readers.firstTime(new ByteArrayInputStream(gzip(file)), name))
          .as(name + ".gz")
          .isEqualTo(start);
    }
  }

  @Test
  void theStartTimeReadStopsAtTheFirstTimedPoint() throws Exception {
    // a point past the first that the full read refuses: the start-time read never gets there
    String gpx =
        TestGpx.run(3)
            .replaceFirst("<gpxtpx:hr>142</gpxtpx:hr>", "<gpxtpx:hr>not a number</gpxtpx:hr>");
    byte[] file = gpx.getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> read(file, null))
        .isInstanceOf(InvalidActivityException.class)
        .hasMessageContaining("invalid heart rate 'not a number'");
    assertThat(readers.firstTime(new ByteArrayInputStream(file), null)).isEqualTo(TestGpx.T0);
  }

  @Test
  void theStartTimeReadSkipsPointsWithoutTimeAsTheFullReadDoes() throws Exception {
    String tcx =
        """
        <?xml version="1.0"?>
        <TrainingCenterDatabase><Activities><Activity Sport="Running"><Lap><Track>
        <Trackpoint><AltitudeMeters>10</AltitudeMeters></Trackpoint>
        <Trackpoint><Time>2026-03-02T07:00:05Z</Time></Trackpoint>
        <Trackpoint><Time>2026-03-02T07:00:06Z</Time></Trackpoint>
        </Track></Lap></Activity></Activities></TrainingCenterDatabase>
        """;
    byte[] file = tcx.getBytes(StandardCharsets.UTF_8);

    assertThat(readers.firstTime(new ByteArrayInputStream(file), null))
        .isEqualTo(Instant.parse("2026-03-02T07:00:05Z"))
        .isEqualTo(read(file, null).start());
  }

  @Test
  void theStartTimeReadOfPointsOutOfOrderIsTheFirstInTheFilesOrder() throws Exception {
    // a clock corrected after the GPS fix: the full read sorts, the start-time read does not look
    String gpx =
        TestGpx.run(3)
            .replaceFirst(
                "<time>" + TestGpx.T0 + "</time>",
                "<time>" + TestGpx.T0.plusSeconds(30) + "</time>");
    byte[] file = gpx.getBytes(StandardCharsets.UTF_8);

    assertThat(read(file, null).start()).isEqualTo(TestGpx.T0.plusSeconds(1));
    assertThat(readers.firstTime(new ByteArrayInputStream(file), null))
        .isEqualTo(TestGpx.T0.plusSeconds(30));
  }

  private ParsedActivity read(byte[] file, String name) throws InvalidActivityException {
    return readers.read(new ByteArrayInputStream(file), name);
  }
}
