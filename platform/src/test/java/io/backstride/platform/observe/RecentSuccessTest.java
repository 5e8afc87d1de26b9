package io.backstride.platform.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentSuccessTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private final RecentSuccess smtp = new RecentSuccess("SMTP", Duration.ofMinutes(5));

  @Test
  void neverAskedIsNotFine() {
    assertThat(smtp.problem(T0)).contains("SMTP has not answered yet");
  }

  @Test
  void aRecentSuccessIsFine() {
    smtp.success(T0);
    assertThat(smtp.problem(T0.plusSeconds(299))).isEmpty();
    assertThat(smtp.problem(T0.plus(Duration.ofMinutes(5)))).isEmpty();
  }

  @Test
  void aSuccessOlderThanTheLimitIsNotFineAndSaysHowOld() {
    smtp.success(T0);
    assertThat(smtp.problem(T0.plusSeconds(301)))
        .contains("SMTP last answered 301 s ago (more than 300 s)");
  }

  @Test
  void aFailureAfterTheLastSuccessIsNotFineWithItsReason() {
    smtp.success(T0);
    smtp.failure(T0.plusSeconds(10), "Connection refused:\n  localhost:1025");
    assertThat(smtp.problem(T0.plusSeconds(12)))
        .contains("SMTP failed: Connection refused: localhost:1025; last answered 12 s ago");
  }

  @Test
  void aFailureBeforeAnySuccessSaysSo() {
    smtp.failure(T0, "535 authentication failed");
    assertThat(smtp.problem(T0))
        .contains("SMTP failed: 535 authentication failed; never answered since start");
  }

  @Test
  void aSuccessAfterAFailureMendsIt() {
    smtp.failure(T0, "timeout");
    smtp.success(T0.plusSeconds(30));
    assertThat(smtp.problem(T0.plusSeconds(31))).isEmpty();
  }

  @Test
  void aLateRecordOfAnOlderSuccessDoesNotHideANewerFailure() {
    smtp.success(T0.plusSeconds(20));
    smtp.failure(T0.plusSeconds(40), "timeout");
    smtp.success(T0.plusSeconds(10));
    assertThat(smtp.problem(T0.plusSeconds(41)))
        .hasValueSatisfying(p -> p.startsWith("SMTP failed"));
  }
}
