package io.backstride.platform.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthTest {

  @Test
  void allChecksPassingIsUpWith200() {
    Health health = new Health().live("streams", Optional::empty).ready("kafka", Optional::empty);
    assertThat(health.ready().httpStatus()).isEqualTo(200);
    assertThat(health.ready().json())
        .isEqualTo("{\"status\":\"UP\",\"passed\":[\"streams\",\"kafka\"]}\n");
  }

  @Test
  void aFailedCheckIs503ListingItWithItsReasonOnALineOfItsOwn() {
    Health health =
        new Health()
            .live("streams", Optional::empty)
            .ready("kafka", () -> Optional.of("Kafka (describeCluster) failed: \"node\" gone"))
            .ready("smtp", () -> Optional.of("SMTP has not answered yet"));
    HealthReport ready = health.ready();
    assertThat(ready.httpStatus()).isEqualTo(503);
    assertThat(ready.json())
        .isEqualTo(
            "{\"status\":\"DOWN\",\"failed\":[\n"
                + "  {\"check\":\"kafka\",\"reason\":\"Kafka (describeCluster) failed: \\\"node\\\""
                + " gone\"},\n"
                + "  {\"check\":\"smtp\",\"reason\":\"SMTP has not answered yet\"}\n"
                + "],\"passed\":[\"streams\"]}\n");
    assertThat(ready.problems())
        .containsExactly(
            "kafka: Kafka (describeCluster) failed: \"node\" gone",
            "smtp: SMTP has not answered yet");
  }

  @Test
  void readinessChecksDoNotMakeTheServiceDead() {
    Health health =
        new Health()
            .live("streams", Optional::empty)
            .ready("kafka", () -> Optional.of("unreachable"));
    assertThat(health.live().httpStatus()).isEqualTo(200);
    assertThat(health.ready().httpStatus()).isEqualTo(503);
  }

  @Test
  void aLivenessFailureIsAlsoAReadinessFailure() {
    Health health = new Health().live("streams", () -> Optional.of("alerts is ERROR"));
    assertThat(health.live().httpStatus()).isEqualTo(503);
    assertThat(health.ready().problems()).containsExactly("streams: alerts is ERROR");
  }

  @Test
  void aCheckThatThrowsHasFailedForItsReason() {
    Health health =
        new Health()
            .ready(
                "notifier",
                () -> {
                  throw new IllegalStateException("consumer closed");
                });
    assertThat(health.ready().problems())
        .containsExactly("notifier: the check failed: consumer closed");
  }
}
