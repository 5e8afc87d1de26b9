package io.backstride.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.core.load.AthleteRuns;
import io.backstride.core.load.RunLoad;
import io.backstride.streams.state.AthleteState;
import io.backstride.streams.state.AthleteStateSerde;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an existing data dir holds: store values exactly as the release at commit {@code a682e60}
 * wrote them (captured from that code into {@code src/test/resources/state-a682e60}), and as the
 * release before the binary open-activity state wrote them (JSON). Each must read back as the value
 * it was written from, rebuilt here the same way.
 */
class StateOfEarlierReleasesTest {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00.250Z");

  /**
   * {@code n} seconds of a hilly run from second {@code seq * n}, with every optional field
   * somewhere and some missing, and a pause before sample {@code pauseAt}.
   */
  static List<Sample> batch(int seq, int n, double hillS, int pauseAt) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int t = seq * n + i;
      boolean full = i % 3 != 0;
      samples.add(
          new Sample(
              T0.plusSeconds(t),
              46.0 + t * 3.1 / 111_195,
              14.5 + t * 0.3 / 111_195,
              full ? 300 + 20 * Math.sin(t / hillS) : null,
              full ? 3.1 + 0.01 * i : null,
              t * 3.1,
              full ? 150 + i % 7 : null,
              full ? 172.5 : null,
              i % 2 == 0 ? 81.25 : null,
              i == pauseAt));
    }
    return samples;
  }

  /** The value captured in the resources, built again the way it was then. */
  static OpenActivity capturedOpenActivity() {
    return OpenActivity.start(
            "ana", "act-0123456789abcdef", Sport.RUNNING, "fit", "upload-1", 1_764_000_000_000L)
        .accept(0, false, batch(0, 12, 6.0, 5), 1_764_000_001_000L)
        .accept(2, true, batch(2, 12, 6.0, 5), 1_764_000_003_000L);
  }

  /** In the precision the state keeps, as the mapper makes runs: what a read gives back. */
  private static AthleteState capturedAthleteState() {
    AthleteRuns runs = AthleteRuns.EMPTY;
    for (int d = 0; d < 4; d++) {
      runs =
          runs.with(
              String.format("act-%016x", 0x9e3779b97f4a7c15L * (d + 1)),
              AthleteStateSerde.inStoredPrecision(
                  new RunLoad(
                      T0.plusSeconds(86400L * 2 * d),
                      8000 + d,
                      7900.25,
                      2750.5,
                      41.37,
                      List.of(0.0, 0.0, 310.5, 2400.0, 3100.75, 0.0, 900.0))),
              ZoneOffset.UTC);
    }
    runs =
        runs.with(
            "hike 2",
            AthleteStateSerde.inStoredPrecision(RunLoad.notARun(T0.plusSeconds(86400L * 9))),
            ZoneOffset.UTC);
    return new AthleteState("Europe/Ljubljana", runs);
  }

  static byte[] resource(String name) {
    try (InputStream in =
        StateOfEarlierReleasesTest.class.getResourceAsStream("/state-a682e60/" + name)) {
      byte[] bytes = in.readAllBytes();
      return name.endsWith(".hex") ? HexFormat.of().parseHex(new String(bytes).strip()) : bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void anOpenActivityStoredByTheCurrentReleaseIsReadBack() {
    OpenActivity read =
        new OpenActivitySerde().deserializer().deserialize("t", resource("open-activity-v2.hex"));

    assertThat(read).isEqualTo(capturedOpenActivity());
    assertThat(read.pending()).hasSize(1);
    assertThat(read.state().track().sampleCount()).isEqualTo(12);
  }

  @Test
  void anOpenActivityStoredAsJsonBeforeTheBinaryStateIsReadBack() {
    OpenActivity read =
        new OpenActivitySerde().deserializer().deserialize("t", resource("open-activity.json"));

    assertThat(read).isEqualTo(capturedOpenActivity());
  }

  @Test
  void anAthleteStateStoredByTheCurrentReleaseIsReadBack() {
    AthleteState read =
        new AthleteStateSerde().deserializer().deserialize("t", resource("athlete-state-v1.hex"));

    assertThat(read).isEqualTo(capturedAthleteState());
    assertThat(read.runs().runs()).hasSize(5);
  }

  @Test
  void whatIsWrittenNowIsByteForByteWhatTheCurrentReleaseWrote() {
    // the format did not change: a value rewritten after the upgrade reads back in the old release
    assertThat(new OpenActivitySerde().serializer().serialize("t", capturedOpenActivity()))
        .isEqualTo(resource("open-activity-v2.hex"));
    assertThat(new AthleteStateSerde().serializer().serialize("t", capturedAthleteState()))
        .isEqualTo(resource("athlete-state-v1.hex"));
  }
}
