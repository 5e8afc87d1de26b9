package io.backstride.ingest.fit;

import static io.backstride.ingest.fit.TestFit.T0;
import static io.backstride.ingest.fit.TestFit.semicircles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.garmin.fit.DateTime;
import com.garmin.fit.SessionMesg;
import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.core.activity.ActivityMetrics;
import io.backstride.core.activity.ActivityState;
import io.backstride.ingest.InvalidActivityException;
import io.backstride.ingest.ParsedActivity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitReaderTest {
  private final FitReader reader = new FitReader();
  @TempDir Path dir;

  @Test
  void readsRealFenix2RunWithHeartRateStepCadenceAndVerticalOscillation() throws Exception {
    ParsedActivity activity = reader.read(resource("activity-small-fenix2-run.fit"));
    ActivityMetrics metrics = metrics(activity);

    assertThat(activity.format()).isEqualTo("fit");
    assertThat(activity.sport()).contains(Sport.RUNNING);
    assertThat(activity.samples()).hasSize(2809);
    assertThat(activity.pointsWithoutTime()).isZero();
    assertThat(activity.start()).isEqualTo(Instant.parse("2015-08-15T14:45:08Z"));
    assertThat(activity.samples()).isSortedAccordingTo(Comparator.comparing(Sample::time));
    // The session says 9008 m; the geodesic distance of the track is within 1% of it.
    assertThat(metrics.distanceM()).isCloseTo(9008, within(90.0));
    // Session totals +64/-61 m; the core's own smoothing lands within 20 m of them.
    assertThat(metrics.ascentM()).isCloseTo(64, within(20.0));
    assertThat(metrics.descentM()).isCloseTo(61, within(20.0));
    // Fenix 2 writes strides per minute (84 one-footed at 3.85 m/s): steps are twice that.
    assertThat(metrics.avgCadenceSpm()).isBetween(150.0, 190.0);
    assertThat(metrics.avgHeartRateBpm()).isBetween(100.0, 190.0);
    assertThat(metrics.avgVerticalOscillationMm()).isBetween(60.0, 120.0);
    Sample first = activity.samples().get(0);
    assertThat(first.lat()).isCloseTo(703410450 * 180.0 / (1L << 31), within(1e-9));
    assertThat(first.cadenceSpm()).isEqualTo(112.0);
    assertThat(first.verticalOscillationMm()).isEqualTo(54.5);
  }

  @Test
  void readsReal2013HillyRunMatchingItsSessionTotals() throws Exception {
    ParsedActivity activity = reader.read(resource("2013-02-06-12-11-14.fit"));
    ActivityMetrics metrics = metrics(activity);

    assertThat(activity.sport()).contains(Sport.RUNNING);
    // 590 records, all timed; 7 repeat the time of the record before (kept once).
    assertThat(activity.pointsWithoutTime()).isZero();
    assertThat(activity.samples()).hasSize(583);
    assertThat(activity.start()).isEqualTo(Instant.parse("2013-02-06T12:11:14Z"));
    assertThat(metrics.distanceM()).isCloseTo(4835, within(50.0));
    assertThat(metrics.ascentM()).isCloseTo(168, within(17.0));
    assertThat(metrics.descentM()).isCloseTo(160, within(16.0));
    assertThat(metrics.avgHeartRateBpm()).isNotNull();
    assertThat(activity.samples()).allSatisfy(s -> assertThat(s.cadenceSpm()).isNull());
  }

  @Test
  void prefersEnhancedAltitudeAndSpeedAndAddsFractionalCadenceBeforeDoubling() throws Exception {
    byte[] file =
        new TestFit.Builder()
            .record(
                0,
                r -> {
                  r.setPositionLat(semicircles(48.2));
                  r.setPositionLong(semicircles(16.37));
                  r.setAltitude(100f);
                  r.setEnhancedAltitude(7000f);
                  r.setSpeed(3f);
                  r.setEnhancedSpeed(3.5f);
                  r.setCadence((short) 85);
                  r.setFractionalCadence(0.5f);
                  r.setHeartRate((short) 150);
                  r.setVerticalOscillation(85.5f);
                  r.setDistance(0f);
                })
            .record(1, r -> r.setAltitude(120f))
            .session(com.garmin.fit.Sport.RUNNING, 0, 1)
            .bytes(dir);

    ParsedActivity activity = reader.read(file);

    Sample first = activity.samples().get(0);
    assertThat(first.lat()).isCloseTo(48.2, within(1e-6));
    assertThat(first.lon()).isCloseTo(16.37, within(1e-6));
    assertThat(first.elevationM()).isEqualTo(7000.0);
    assertThat(first.speedMps()).isEqualTo(3.5);
    assertThat(first.cadenceSpm()).isEqualTo(171.0);
    assertThat(first.heartRateBpm()).isEqualTo(150);
    assertThat(first.verticalOscillationMm()).isEqualTo(85.5);
    assertThat(first.distanceM()).isEqualTo(0.0);
    // Without an enhanced value the 16-bit one is used.
    assertThat(activity.samples().get(1).elevationM()).isEqualTo(120.0);
  }

  @Test
  void treadmillRunWithoutPositionsKeepsTheDeviceDistance() throws Exception {
    TestFit.Builder builder = new TestFit.Builder();
    for (int i = 0; i <= 600; i++) {
      int second = i;
      builder.record(
          i,
          r -> {
            r.setDistance(3f * second);
            r.setEnhancedSpeed(3f);
            r.setCadence((short) 85);
          });
    }
    byte[] file = builder.session(com.garmin.fit.Sport.RUNNING, 0, 600).bytes(dir);

    ParsedActivity activity = reader.read(file);
    ActivityMetrics metrics = metrics(activity);

    assertThat(activity.samples()).hasSize(601).noneMatch(Sample::hasPosition);
    assertThat(activity.samples().get(600).distanceM()).isEqualTo(1800.0);
    assertThat(metrics.distanceM()).isCloseTo(1800, within(1.0));
    assertThat(metrics.avgCadenceSpm()).isEqualTo(170.0);
  }

  /**
   * A 3 m/s run due east with three pauses of 40 s (traffic lights with auto-pause), during which
   * the GPS drifts on by 30 m while the watch's distance stands; the session says what the watch
   * counted.
   */
  private byte[] pausedRun(boolean withDeviceDistance, com.garmin.fit.EventType stop) {
    TestFit.Builder builder = new TestFit.Builder().timer(0, com.garmin.fit.EventType.START);
    double eastM = 0;
    double deviceM = 0;
    int second = 0;
    for (int leg = 0; leg < 4; leg++) {
      for (int i = 0; i < 150; i++, second++, eastM += 3, deviceM += 3) {
        double lon = 14.5 + eastM / (111_320 * Math.cos(Math.toRadians(46)));
        float distance = (float) deviceM;
        builder.record(
            second,
            r -> {
              r.setPositionLat(semicircles(46.0));
              r.setPositionLong(semicircles(lon));
              r.setEnhancedAltitude(300f);
              if (withDeviceDistance) {
                r.setDistance(distance);
              }
            });
      }
      if (leg < 3) {
        builder.timer(second - 1, stop);
        second += 40;
        eastM += 30;
        builder.timer(second, com.garmin.fit.EventType.START);
        deviceM -= 3; // the first record after the pause is where the watch stopped counting
      }
    }
    SessionMesg session = new SessionMesg();
    session.setTimestamp(new DateTime(T0.plusSeconds(second)));
    session.setStartTime(new DateTime(T0));
    session.setSport(com.garmin.fit.Sport.RUNNING);
    session.setTotalDistance((float) (4 * 149 * 3));
    session.setTotalTimerTime((float) (4 * 149));
    return builder.message(session).bytes(dir);
  }

  @Test
  void timerStopsAndStartsAreNotCountedAndTheDistanceIsTheSessionsWithin1Percent()
      throws Exception {
    ParsedActivity activity = reader.read(pausedRun(true, com.garmin.fit.EventType.STOP_ALL));
    ActivityMetrics metrics = metrics(activity);

    assertThat(activity.samples().stream().filter(Sample::pauseBefore)).hasSize(3);
    assertThat(metrics.distanceM()).isCloseTo(4 * 149 * 3, within(4 * 149 * 3 * 0.01));
    assertThat(metrics.movingTimeS()).isCloseTo(4 * 149, within(1.0));
  }

  @Test
  void timerStopsAloneKeepTheGpsSumOffThePausesWhenRecordsHaveNoDistance() throws Exception {
    ParsedActivity activity = reader.read(pausedRun(false, com.garmin.fit.EventType.STOP));
    ActivityMetrics metrics = metrics(activity);

    // each leg is 149 steps of 3 m; the 3 + 30 m to the first point after each pause are not run
    assertThat(metrics.distanceM()).isCloseTo(4 * 149 * 3, within(4 * 149 * 3 * 0.01));
    assertThat(metrics.movingDistanceM()).isCloseTo(4 * 149 * 3, within(4 * 149 * 3 * 0.01));
  }

  @Test
  void realFilesReadWithin1PercentOfTheirSessionsTotalDistance() throws Exception {
    for (String name : new String[] {"activity-small-fenix2-run.fit", "2013-02-06-12-11-14.fit"}) {
      byte[] file = resource(name);
      float total = 0;
      for (SessionMesg session : sessions(file)) {
        total += session.getTotalDistance();
      }

      double distance = metrics(reader.read(file)).distanceM();

      assertThat(distance).as(name).isCloseTo(total, within(total * 0.01));
    }
  }

  private static java.util.List<SessionMesg> sessions(byte[] file) {
    java.util.List<SessionMesg> sessions = new java.util.ArrayList<>();
    com.garmin.fit.Decode decode = new com.garmin.fit.Decode();
    com.garmin.fit.MesgBroadcaster broadcaster = new com.garmin.fit.MesgBroadcaster(decode);
    broadcaster.addListener((com.garmin.fit.SessionMesgListener) sessions::add);
    decode.read(new java.io.ByteArrayInputStream(file), broadcaster, broadcaster);
    return sessions;
  }

  @Test
  void severalSessionsTakeTheSportOfTheFirstRunningSession() throws Exception {
    byte[] file =
        new TestFit.Builder()
            .record(0, r -> r.setCadence((short) 90))
            .record(10, r -> r.setCadence((short) 88))
            .session(com.garmin.fit.Sport.CYCLING, 0, 5)
            .session(com.garmin.fit.Sport.RUNNING, 6, 10)
            .session(com.garmin.fit.Sport.WALKING, 11, 12)
            .bytes(dir);

    ParsedActivity activity = reader.read(file);

    assertThat(activity.sport()).contains(Sport.RUNNING);
    assertThat(activity.samples()).extracting(Sample::cadenceSpm).containsExactly(180.0, 176.0);
  }

  @Test
  void cyclingCadenceIsCrankTurnsAndIsNotReportedAsSteps() throws Exception {
    byte[] file =
        new TestFit.Builder()
            .record(0, r -> r.setCadence((short) 90))
            .session(com.garmin.fit.Sport.CYCLING, 0, 1)
            .bytes(dir);

    ParsedActivity activity = reader.read(file);

    assertThat(activity.sport()).contains(Sport.CYCLING);
    assertThat(activity.samples().get(0).cadenceSpm()).isNull();
  }

  @Test
  void aFileWithoutSessionsHasNoSportToBeInferredLater() throws Exception {
    byte[] file = new TestFit.Builder().record(0, r -> r.setHeartRate((short) 99)).bytes(dir);

    assertThat(reader.read(file).sport()).isEmpty();
  }

  @Test
  void developerFieldsAreIgnoredAndTheStandardFieldsStillRead() throws Exception {
    byte[] file =
        new TestFit.Builder()
            .withDeveloperField()
            .record(0, r -> r.setHeartRate((short) 120))
            .record(1, r -> r.setHeartRate((short) 121))
            .session(com.garmin.fit.Sport.RUNNING, 0, 1)
            .bytes(dir);

    ParsedActivity activity = reader.read(file);

    assertThat(activity.samples()).extracting(Sample::heartRateBpm).containsExactly(120, 121);
    assertThat(activity.samples().get(0).time()).isEqualTo(T0);
  }

  @Test
  void truncatedFileIsRejectedWithAClearReason() throws Exception {
    byte[] real = resource("activity-small-fenix2-run.fit");
    for (int cut : new int[] {real.length - 1, real.length - 100, real.length / 2, 14}) {
      byte[] truncated = Arrays.copyOf(real, cut);
      assertThatThrownBy(() -> reader.read(truncated))
          .as("cut at %d", cut)
          .isInstanceOf(InvalidActivityException.class)
          .hasMessage("FIT file is truncated or its CRC does not match");
    }
  }

  @Test
  void brokenCrcIsRejectedWithAClearReason() throws Exception {
    byte[] file = resource("2013-02-06-12-11-14.fit");
    byte[] flippedData = file.clone();
    flippedData[file.length / 2] ^= 0x55;
    byte[] flippedCrc = file.clone();
    flippedCrc[file.length - 1] ^= 0x01;

    for (byte[] broken : new byte[][] {flippedData, flippedCrc}) {
      assertThatThrownBy(() -> reader.read(broken))
          .isInstanceOf(InvalidActivityException.class)
          .hasMessageStartingWith("FIT file is truncated or its CRC does not match");
    }
  }

  @Test
  void aFileWithoutRecordsIsRejected() throws Exception {
    byte[] file = new TestFit.Builder().session(com.garmin.fit.Sport.RUNNING, 0, 1).bytes(dir);

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(InvalidActivityException.class)
        .hasMessageContaining("no records with a time");
  }

  static ActivityMetrics metrics(ParsedActivity activity) {
    return ActivityState.empty().plus(activity.samples()).metrics();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = FitReaderTest.class.getResourceAsStream("/samples/" + name)) {
      return in.readAllBytes();
    }
  }
}
