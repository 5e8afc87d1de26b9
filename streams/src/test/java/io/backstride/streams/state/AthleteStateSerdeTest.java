package io.backstride.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.core.load.AthleteRuns;
import io.backstride.core.load.RunLoad;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AthleteStateSerdeTest {
  private static final Instant T0 = Instant.parse("2026-03-02T07:15:00Z");
  private static final AthleteStateSerde SERDE = new AthleteStateSerde();

  /**
   * Values in the precision the state keeps (centimetres, centiseconds), as the mapper makes them.
   */
  private static RunLoad run(int day, double distanceM) {
    return new RunLoad(
        T0.plus(Duration.ofDays(day)),
        distanceM,
        distanceM - 120.25,
        Math.round(distanceM / 2.9 * 100) / 100.0,
        41.37,
        List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 310.5, 2400.0, 3100.75, 0.0, 900.0));
  }

  private static byte[] write(AthleteState state) {
    return SERDE.serializer().serialize("t", state);
  }

  private static AthleteState read(byte[] bytes) {
    return SERDE.deserializer().deserialize("t", bytes);
  }

  /** Twelve weeks of three runs a week, as the benchmark's athletes run. */
  private static AthleteState twelveWeeks() {
    AthleteRuns runs = AthleteRuns.EMPTY;
    for (int week = 0; week < 12; week++) {
      for (int day : new int[] {0, 2, 4}) {
        String id = String.format("act-%016x", 0x9e3779b97f4a7c15L * (week * 7 + day + 1));
        runs = runs.with(id, run(week * 7 + day, 8000 + 37.5 * day), ZoneOffset.UTC);
      }
    }
    return new AthleteState("Europe/Ljubljana", runs);
  }

  @Test
  void whatIsWrittenIsReadBackEqual() {
    AthleteState state = twelveWeeks();

    assertThat(read(write(state))).isEqualTo(state);
  }

  @Test
  void idsOfAnyShapeAndTheRememberedDaysSurviveTheRoundTrip() {
    AthleteRuns runs =
        new AthleteRuns(
            java.util.Map.of(
                "act-00ff00ff00ff00ff", run(0, 5000),
                "live:watch/7 ü", run(1, 6000),
                "act-00FF00FF00FF00FF", run(2, 6000),
                "act-123", run(3, 6000)),
            LocalDate.parse("1969-12-30"),
            LocalDate.parse("2025-12-14"));
    AthleteState state = new AthleteState(null, runs);

    assertThat(read(write(state))).isEqualTo(state);
    assertThat(read(write(AthleteState.EMPTY))).isEqualTo(AthleteState.EMPTY);
  }

  @Test
  void activitiesThatAreNotRunsStayHistoryWithoutLoadThroughTheRoundTrip() {
    AthleteRuns runs =
        AthleteRuns.EMPTY
            .with("act-00ff00ff00ff00ff", RunLoad.notARun(T0), ZoneOffset.UTC)
            .with("hike 2", RunLoad.notARun(T0.plus(Duration.ofDays(1))), ZoneOffset.UTC)
            .with("act-0000000000000003", run(2, 6000), ZoneOffset.UTC);
    AthleteState state = new AthleteState(null, runs);

    AthleteState back = read(write(state));

    assertThat(back).isEqualTo(state);
    assertThat(back.runs().runs().get("act-00ff00ff00ff00ff").run()).isFalse();
    assertThat(back.runs().runs().get("hike 2").run()).isFalse();
    assertThat(back.runs().runs().get("act-0000000000000003").run()).isTrue();
  }

  @Test
  void twelveWeeksOfRunsFitInUnderTwoKilobytes() {
    byte[] bytes = write(twelveWeeks());

    assertThat(twelveWeeks().runs().runs()).hasSize(36);
    assertThat(bytes.length).isLessThan(2048);
  }

  @Test
  void truncatedOrForeignBytesAreRefusedWithAReason() {
    byte[] bytes = write(twelveWeeks());

    assertThatThrownBy(() -> read(Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated");
    byte[] future = bytes.clone();
    future[0] = 9;
    assertThatThrownBy(() -> read(future))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown version 9");
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> read(longer))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("bytes left");
  }

  @Test
  void moreSpeedBandsThanCanBeReadBackAreRefusedWhenWriting() {
    Double[] bands = new Double[300];
    java.util.Arrays.fill(bands, 1.0);
    AthleteState state =
        new AthleteState(
            null,
            AthleteRuns.EMPTY.with(
                "a1", new RunLoad(T0, 1, 1, 1, 0, List.of(bands)), ZoneOffset.UTC));

    assertThatThrownBy(() -> write(state)).hasMessageContaining("300 speed bands");
  }

  @Test
  void aRunInStoredPrecisionReadsBackEqual() {
    RunLoad raw =
        new RunLoad(
            T0.plusMillis(437),
            8012.3456,
            7890.1234,
            2749.987,
            41.3749,
            List.of(0.0, 0.0, 310.504, 2400.0049, 0.001));
    RunLoad stored = AthleteStateSerde.inStoredPrecision(raw);
    AthleteState state =
        new AthleteState(null, AthleteRuns.EMPTY.with("a1", stored, ZoneOffset.UTC));

    assertThat(read(write(state))).isEqualTo(state);
    assertThat(stored.bandDistanceM()).containsExactly(0.0, 0.0, 310.5, 2400.0);
  }

  /**
   * A change is recognised as none by comparing the state it makes with the one read back, so what
   * is written must read back equal, also for a run without a fast enough stretch to fill a band
   * and for a zone left empty (a repeated profile or re-upload would otherwise rewrite the state).
   */
  @Test
  void aRunWithoutDistanceInAnyBandAndAnEmptyZoneReadBackAsTheyWereKept() {
    RunLoad still =
        AthleteStateSerde.inStoredPrecision(
            new RunLoad(T0, 3.2, 0, 0, 0, List.of(0.0, 0.0, 0.0, 0.004)));
    AthleteState state =
        AthleteState.EMPTY
            .withZone("")
            .withRuns(AthleteRuns.EMPTY.with("a1", still, ZoneOffset.UTC));

    assertThat(read(write(state))).isEqualTo(state);
  }
}
