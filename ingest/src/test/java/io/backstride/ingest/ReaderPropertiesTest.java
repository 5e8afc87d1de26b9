package io.backstride.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.core.Sample;
import io.backstride.ingest.fit.FitReader;
import io.backstride.ingest.gpx.GpxReader;
import io.backstride.ingest.tcx.TcxReader;
import io.backstride.ingest.tcx.TestTcx;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the readers over generated input: whatever the bytes, the only failure is an {@link
 * InvalidActivityException}; and what a valid GPX or TCX file holds comes back unchanged.
 */
class ReaderPropertiesTest {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final byte[] FIT_HEADER = {
    14, 0x20, (byte) 0xd4, 0x52, 0, 0x10, 0, 0, '.', 'F', 'I', 'T', 0, 0
  };

  private final ActivityReaders readers = new ActivityReaders();

  /** A reader failing on arbitrary input in any other way than the checked exception. */
  interface Reader {
    ParsedActivity read(byte[] bytes) throws InvalidActivityException;
  }

  @Property(tries = 300)
  void arbitraryBytesFailOnlyAsInvalidActivity(@ForAll("hostileBytes") byte[] bytes) {
    Reader[] all = {
      b -> readers.read(new ByteArrayInputStream(b)),
      b -> new GpxReader().read(new ByteArrayInputStream(b)),
      b -> new TcxReader().read(new ByteArrayInputStream(b)),
      b -> new FitReader().read(b)
    };
    for (Reader reader : all) {
      try {
        ParsedActivity activity = reader.read(bytes);
        assertThat(activity.samples()).isNotEmpty(); // unlikely, but a valid file is fine
      } catch (InvalidActivityException expected) {
        assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
      }
    }
  }

  /** Random bytes, and random bytes behind the starts of real files so that parsing goes deep. */
  @Provide
  Arbitrary<byte[]> hostileBytes() {
    Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
    Arbitrary<byte[]> prefix =
        Arbitraries.of(
            new byte[0],
            FIT_HEADER,
            bytes("<?xml version=\"1.0\"?><gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"><time>"),
            bytes("<TrainingCenterDatabase><Activities><Activity><Lap><Track><Trackpoint>"),
            new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
    return Combinators.combine(prefix, noise).as(ReaderPropertiesTest::concat);
  }

  @Property(tries = 100)
  void gpxRoundTripsItsPoints(@ForAll("points") List<Sample> points) throws Exception {
    StringBuilder gpx =
        new StringBuilder(
            "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"jqwik\""
                + " xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\">"
                + "<trk><type>running</type><trkseg>\n");
    for (Sample p : points) {
      gpx.append(
          String.format(
              Locale.ROOT,
              "<trkpt lat=\"%s\" lon=\"%s\"><ele>%s</ele><time>%s</time><extensions>"
                  + "<gpxtpx:TrackPointExtension><gpxtpx:hr>%d</gpxtpx:hr>"
                  + "</gpxtpx:TrackPointExtension></extensions></trkpt>\n",
              p.lat(),
              p.lon(),
              p.elevationM(),
              p.time(),
              p.heartRateBpm()));
    }
    gpx.append("</trkseg></trk></gpx>\n");

    ParsedActivity activity = readers.read(new ByteArrayInputStream(bytes(gpx.toString())));

    assertThat(activity.format()).isEqualTo("gpx");
    assertThat(activity.samples())
        .containsExactlyElementsOf(
            points.stream()
                .map(
                    p ->
                        new Sample(
                            p.time(),
                            p.lat(),
                            p.lon(),
                            p.elevationM(),
                            null,
                            null,
                            p.heartRateBpm(),
                            null,
                            null))
                .toList());
  }

  @Property(tries = 100)
  void tcxRoundTripsItsPoints(@ForAll("points") List<Sample> points) throws Exception {
    List<TestTcx.Point> tcxPoints = new ArrayList<>();
    for (Sample p : points) {
      tcxPoints.add(
          new TestTcx.Point(
              p.time(),
              p.lat(),
              p.lon(),
              p.elevationM(),
              p.distanceM(),
              p.heartRateBpm(),
              p.speedMps(),
              (int) (p.cadenceSpm() / 2)));
    }
    String tcx = TestTcx.activity("Running", List.of(tcxPoints));

    ParsedActivity activity = readers.read(new ByteArrayInputStream(bytes(tcx)));

    assertThat(activity.format()).isEqualTo("tcx");
    assertThat(activity.samples()).containsExactlyElementsOf(points);
  }

  /** Points one or more seconds apart with values as a watch writes them (fixed decimals). */
  @Provide
  Arbitrary<List<Sample>> points() {
    Arbitrary<Sample> point =
        Combinators.combine(
                Arbitraries.integers().between(-89_999_999, 89_999_999),
                Arbitraries.integers().between(-179_999_999, 179_999_999),
                Arbitraries.integers().between(-4_000, 60_000),
                Arbitraries.integers().between(30, 230),
                Arbitraries.integers().between(0, 8_000),
                Arbitraries.integers().between(40, 110))
            .as(
                (lat, lon, decimetres, hr, cms, strides) ->
                    new Sample(
                        T0,
                        lat / 1e6,
                        lon / 1e6,
                        decimetres / 10.0,
                        cms / 1000.0,
                        null,
                        hr,
                        strides * 2.0,
                        null));
    return Combinators.combine(
            point.list().ofMinSize(1).ofMaxSize(40),
            Arbitraries.integers().between(1, 30).list().ofSize(40))
        .as(
            (samples, gaps) -> {
              List<Sample> timed = new ArrayList<>();
              Instant time = T0;
              double distance = 0;
              for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                time = time.plusSeconds(gaps.get(i));
                distance += gaps.get(i) * 3.5;
                timed.add(
                    new Sample(
                        time,
                        s.lat(),
                        s.lon(),
                        s.elevationM(),
                        s.speedMps(),
                        distance,
                        s.heartRateBpm(),
                        s.cadenceSpm(),
                        null));
              }
              return timed;
            });
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
