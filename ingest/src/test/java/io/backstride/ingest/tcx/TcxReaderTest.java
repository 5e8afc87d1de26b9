package io.backstride.ingest.tcx;

import static io.backstride.ingest.tcx.TestTcx.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.core.activity.ActivityMetrics;
import io.backstride.core.activity.ActivityState;
import io.backstride.ingest.InvalidActivityException;
import io.backstride.ingest.ParsedActivity;
import io.backstride.ingest.tcx.TestTcx.Point;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcxReaderTest {
  private final TcxReader reader = new TcxReader();

  @Test
  void readsRealForerunner410RunOfThirtyThreeMinutesWithHeartRate() throws Exception {
    ParsedActivity activity;
    try (InputStream in = getClass().getResourceAsStream("/samples/forerunner410-run.tcx")) {
      activity = reader.read(in);
    }
    ActivityMetrics metrics = ActivityState.empty().plus(activity.samples()).metrics();

    assertThat(activity.format()).isEqualTo("tcx");
    assertThat(activity.sport()).contains(Sport.RUNNING);
    assertThat(activity.samples()).hasSize(384);
    assertThat(activity.start()).isEqualTo(Instant.parse("2012-12-26T21:29:53Z"));
    assertThat(metrics.duration()).isBetween(Duration.ofMinutes(33), Duration.ofMinutes(34));
    // 383 of the 384 trackpoints carry a heart rate and a position; all of them a distance.
    assertThat(activity.samples()).filteredOn(s -> s.heartRateBpm() != null).hasSize(383);
    assertThat(activity.samples()).filteredOn(Sample::hasPosition).hasSize(383);
    assertThat(activity.samples().get(0).heartRateBpm()).isEqualTo(62);
    assertThat(activity.samples().get(0).distanceM()).isEqualTo(0.0);
    // three laps of about a mile each, the last one shorter: 4.7 km
    assertThat(metrics.distanceM()).isCloseTo(4690, within(100.0));
  }

  @Test
  void realForerunner410RunReadsWithin1PercentOfItsLapsDistance() throws Exception {
    String tcx;
    try (InputStream in = getClass().getResourceAsStream("/samples/forerunner410-run.tcx")) {
      tcx = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    double laps = 0;
    java.util.regex.Matcher lap =
        java.util.regex.Pattern.compile(
                "<Lap [^>]*>\\s*<TotalTimeSeconds>[^<]*</TotalTimeSeconds>\\s*"
                    + "<DistanceMeters>([^<]*)</DistanceMeters>")
            .matcher(tcx);
    while (lap.find()) {
      laps += Double.parseDouble(lap.group(1));
    }

    ActivityMetrics metrics = ActivityState.empty().plus(read(tcx).samples()).metrics();

    assertThat(laps).isCloseTo(4689.2, within(0.1));
    assertThat(metrics.distanceM()).isCloseTo(laps, within(laps * 0.01));
  }

  @Test
  void aNewTrackWithinALapIsAPauseAndTheWayToItIsNotCounted() throws Exception {
    // Garmin starts a new Track where the watch was paused: 100 s at 3 m/s, 20 s paused while
    // the GPS moved 30 m on, 100 s more; once without the device's distance, once with it
    for (boolean device : new boolean[] {false, true}) {
      StringBuilder tcx =
          new StringBuilder(
              "<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/"
                  + "TrainingCenterDatabase/v2\"><Activities><Activity Sport=\"Running\"><Lap>");
      double eastM = 0;
      double deviceM = 0;
      int second = 0;
      for (int track = 0; track < 2; track++) {
        tcx.append("<Track>");
        for (int i = 0; i <= 100; i++, second++, eastM += 3, deviceM += 3) {
          double lon = 16.37 + eastM / (111_320 * Math.cos(Math.toRadians(48.2)));
          tcx.append(
              ("<Trackpoint><Time>%s</Time><Position><LatitudeDegrees>48.2</LatitudeDegrees>"
                      + "<LongitudeDegrees>%.8f</LongitudeDegrees></Position>%s</Trackpoint>")
                  .formatted(
                      T0.plusSeconds(second),
                      lon,
                      device ? "<DistanceMeters>" + deviceM + "</DistanceMeters>" : ""));
        }
        tcx.append("</Track>");
        second += 19;
        eastM += 27;
        deviceM -= 3;
      }
      tcx.append("</Lap></Activity></Activities></TrainingCenterDatabase>");

      ParsedActivity activity = read(tcx.toString());
      ActivityMetrics metrics = ActivityState.empty().plus(activity.samples()).metrics();

      assertThat(activity.samples()).filteredOn(Sample::pauseBefore).hasSize(1);
      assertThat(metrics.distanceM()).as("device distance " + device).isCloseTo(600, within(3.0));
    }
  }

  @Test
  void readsEveryTrackpointValueAndDoublesRunCadenceToSteps() throws Exception {
    Point point = new Point(T0, 48.2, 16.37, 170.5, 12.5, 150, 3.25, 86);

    ParsedActivity activity = read(TestTcx.activity("Running", List.of(List.of(point))));

    assertThat(activity.samples())
        .containsExactly(new Sample(T0, 48.2, 16.37, 170.5, 3.25, 12.5, 150, 172.0, null));
  }

  @Test
  void treadmillTrackpointsWithoutPositionKeepTheirDistance() throws Exception {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i <= 300; i++) {
      points.add(new Point(T0.plusSeconds(i), null, null, null, 3.0 * i, 140, null, 85));
    }

    ParsedActivity activity = read(TestTcx.activity("Running", List.of(points)));
    ActivityMetrics metrics = ActivityState.empty().plus(activity.samples()).metrics();

    assertThat(activity.samples()).hasSize(301).noneMatch(Sample::hasPosition);
    assertThat(activity.samples().get(300).distanceM()).isEqualTo(900.0);
    assertThat(metrics.distanceM()).isCloseTo(900, within(1.0));
  }

  @Test
  void pointsOfEveryLapAreReadAndLapTotalsAreNotTakenForPoints() throws Exception {
    List<Point> lap1 = List.of(point(0), point(1));
    List<Point> lap2 = List.of(point(1), point(2), point(3)); // a lap repeats its first point

    ParsedActivity activity = read(TestTcx.activity("Running", List.of(lap1, lap2)));

    assertThat(activity.samples())
        .extracting(Sample::time)
        .containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3));
    assertThat(activity.samples()).noneMatch(s -> Integer.valueOf(222).equals(s.heartRateBpm()));
    assertThat(activity.samples()).noneMatch(s -> Double.valueOf(99999).equals(s.distanceM()));
  }

  @Test
  void sportComesFromTheActivitySportAttribute() throws Exception {
    assertThat(read(TestTcx.activity("Biking", List.of(List.of(point(0))))).sport())
        .contains(Sport.CYCLING);
    // "Other" names no sport: it is inferred from speed later, like a GPX without <type>.
    assertThat(read(TestTcx.activity("Other", List.of(List.of(point(0))))).sport()).isEmpty();
  }

  @Test
  void invalidValueIsRejectedWithItsLineAndColumn() {
    String tcx =
        TestTcx.activity("Running", List.of(List.of(point(0))))
            .replace("<HeartRateBpm><Value>140", "<HeartRateBpm><Value>fast");

    InvalidActivityException e =
        catchThrowableOfType(InvalidActivityException.class, () -> read(tcx));

    assertThat(e.getMessage()).startsWith("invalid heart rate 'fast' at line ");
    assertThat(e.line()).isEqualTo(lineOf(tcx, "fast"));
    assertThat(e.column()).isPositive();
  }

  @Test
  void malformedXmlNamesItsLine() {
    String tcx = TestTcx.activity("Running", List.of(List.of(point(0)))).replace("</Track>", "");

    InvalidActivityException e =
        catchThrowableOfType(InvalidActivityException.class, () -> read(tcx));

    assertThat(e.getMessage()).startsWith("malformed XML at line");
    assertThat(e.line()).isNotNull();
  }

  @Test
  void aDocumentWithAnotherRootIsNotTcx() {
    assertThatThrownBy(() -> read("<gpx><trk/></gpx>"))
        .isInstanceOf(InvalidActivityException.class)
        .hasMessage("not a TCX file: root element is <gpx>");
  }

  @Test
  void aDocumentWithoutTimedTrackpointsIsRejected() {
    assertThatThrownBy(() -> read(TestTcx.activity("Running", List.of(List.of()))))
        .isInstanceOf(InvalidActivityException.class)
        .hasMessageContaining("no trackpoints with a time");
  }

  @Test
  void positionOutsideTheGlobeIsRejected() {
    String tcx =
        TestTcx.activity(
            "Running", List.of(List.of(new Point(T0, 91.0, 0.0, null, null, null, null, null))));

    assertThatThrownBy(() -> read(tcx))
        .isInstanceOf(InvalidActivityException.class)
        .hasMessageStartingWith("latitude outside the globe");
  }

  private static Point point(int second) {
    return new Point(
        T0.plusSeconds(second),
        48.2 + second * 0.00003,
        16.37,
        170.0,
        3.0 * second,
        140,
        null,
        null);
  }

  private static int lineOf(String text, String needle) {
    return (int) text.substring(0, text.indexOf(needle)).chars().filter(c -> c == '\n').count() + 1;
  }

  private ParsedActivity read(String tcx) throws InvalidActivityException {
    return reader.read(new ByteArrayInputStream(tcx.getBytes(StandardCharsets.UTF_8)));
  }
}
