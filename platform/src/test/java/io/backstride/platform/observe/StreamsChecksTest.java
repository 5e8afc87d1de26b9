package io.backstride.platform.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.platform.streams.StreamsRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamsChecksTest {

  /** What StreamsRunner.health() reports in each state: healthy while running or rebalancing. */
  private static StreamsRunner.Health in(String state, String cause) {
    boolean healthy = cause == null && (state.equals("RUNNING") || state.equals("REBALANCING"));
    return new StreamsRunner.Health("training-load", healthy, state, cause);
  }

  @ParameterizedTest(name = "{0}: live {1}, ready {2}")
  @CsvSource({
    "CREATED, true, false",
    "REBALANCING, true, false",
    "RUNNING, true, true",
    "PENDING_SHUTDOWN, false, false",
    "NOT_RUNNING, false, false",
    "PENDING_ERROR, false, false",
    "ERROR, false, false"
  })
  void eachStateIsLiveAndReadyOrNot(String state, boolean live, boolean ready) {
    StreamsRunner.Health health = in(state, null);
    assertThat(StreamsChecks.notLive(health).isEmpty()).isEqualTo(live);
    assertThat(StreamsChecks.notReady(health).isEmpty()).isEqualTo(ready);
    if (!ready) {
      assertThat(StreamsChecks.notReady(health)).contains("training-load is " + state);
    }
  }

  @Test
  void aStoppedApplicationSaysWhyInBothChecks() {
    StreamsRunner.Health health = in("ERROR", "no space left on device");
    assertThat(StreamsChecks.notLive(health))
        .contains("training-load is ERROR: no space left on device");
    assertThat(StreamsChecks.notReady(health))
        .contains("training-load is ERROR: no space left on device");
  }

  @Test
  void aFatalErrorWhileStillRunningIsNeitherLiveNorReady() {
    // the uncaught-exception handler has fired; the state moves on a moment later
    StreamsRunner.Health health =
        new StreamsRunner.Health("alerts", false, "RUNNING", "the rule store is corrupt");
    assertThat(StreamsChecks.notLive(health))
        .contains("alerts is RUNNING: the rule store is corrupt");
    assertThat(StreamsChecks.notReady(health)).isPresent();
  }

  @Test
  void beforeTheApplicationExistsTheServiceIsLiveButNotReady() {
    assertThat(StreamsChecks.notLive(null)).isEmpty();
    assertThat(StreamsChecks.notReady(null))
        .contains("the Streams application has not been created yet");
  }
}
