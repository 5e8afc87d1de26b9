package io.backstride.ingest;

import static io.backstride.ingest.TestGpx.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.ingest.RefusedException.Reason;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ActivityIntakeTest {
  private static final Clock A_DAY_LATER = Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);

  private final IngestConfig config = IngestConfig.defaults();

  @Test
  void readsIdentifiesAndCutsAFileIntoTheBatchesTheServicePublishes() {
    ActivityIntake.Upload upload = intake(config).take("runner-1", gpx(250), false);

    assertThat(upload.athleteId()).isEqualTo("runner-1");
    assertThat(upload.activityId()).isEqualTo(ActivityIds.of("runner-1", T0));
    assertThat(upload.activity().format()).isEqualTo("gpx");
    assertThat(upload.activity().samples()).hasSize(250);
    assertThat(upload.batches()).hasSize(2);
    assertThat(upload.batches())
        .allSatisfy(
            batch -> {
              assertThat(batch.getAthleteId()).isEqualTo("runner-1");
              assertThat(batch.getActivityId()).isEqualTo(upload.activityId());
            });
    assertThat(upload.batches().get(1).getFinal$()).isTrue();
  }

  @Test
  void readsGzipDeclaredAsSuchAndRefusesPlainBytesThatClaimToBeGzip() {
    ActivityIntake intake = intake(config);

    assertThat(
            intake
                .take(
                    "runner-1", new ByteArrayInputStream(TestFiles.gzip(TestGpx.runBytes(5))), true)
                .activity()
                .samples())
        .hasSize(5);
    assertRefused(() -> intake.take("runner-1", gpx(5), true), Reason.INVALID_ACTIVITY)
        .hasMessage("the body is not valid gzip, though Content-Encoding says it is");
  }

  @Test
  void refusesMoreSamplesThanTheCap() {
    assertRefused(
            () -> intake(config.withMaxSamples(100)).take("runner-1", gpx(101), false),
            Reason.TOO_MANY_SAMPLES)
        .hasMessage("activity has 101 samples; the limit is 100");
  }

  @Test
  void refusesTimesAfterTheServersClockNamingTheFirstSample() {
    Clock before = Clock.fixed(T0.minus(Duration.ofDays(3)), ZoneOffset.UTC);
    ActivityIntake intake = new ActivityIntake(config, new ActivityReaders(), before);

    assertRefused(() -> intake.take("runner-1", gpx(5), false), Reason.IMPLAUSIBLE_SAMPLES)
        .hasMessageContaining("at sample 1");
  }

  @Test
  void refusesABodyOverTheCapAsSentAndOneDeclaredOverIt() {
    long size = TestGpx.runBytes(50).length;
    ActivityIntake intake = intake(config.withMaxBodyBytes(size - 1));
    String tooLarge = "the file exceeds " + (size - 1) + " bytes (compressed or uncompressed)";

    assertRefused(() -> intake.take("runner-1", gpx(50), false), Reason.TOO_LARGE)
        .hasMessage(tooLarge);
    assertRefused(() -> intake.checkDeclaredSize(size), Reason.TOO_LARGE).hasMessage(tooLarge);
    intake.checkDeclaredSize(size - 1);
  }

  @Test
  void blamesTheWorkWhenTheBytesCameAtOnceButReadingTookLongerThanAllowed() {
    ActivityIntake intake = intake(config.withMaxParseTime(Duration.ofNanos(1)));

    assertRefused(() -> intake.take("runner-1", gpx(50), false), Reason.PARSE_TIMEOUT)
        .hasMessage("reading the file took longer than 0 ms; split it or simplify it");
  }

  @Test
  void aStreamThatFailsIsAnUnreadableBodyNotAnInvalidFile() {
    InputStream reset = TestFiles.failing("connection reset");

    assertRefused(() -> intake(config).take("runner-1", reset, false), Reason.UNREADABLE_BODY)
        .hasMessage("could not read the body: connection reset");
  }

  private static ActivityIntake intake(IngestConfig config) {
    return new ActivityIntake(config, new ActivityReaders(), A_DAY_LATER);
  }

  private static InputStream gpx(int points) {
    return new ByteArrayInputStream(TestGpx.runBytes(points));
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      ThrowingCallable call, Reason reason) {
    return assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            RefusedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
