package io.backstride.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.AthleteTrend;
import io.backstride.core.load.BaselineState;
import io.backstride.core.load.Trend;
import io.backstride.schemas.Topics;
import java.time.LocalDate;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class TrendCodecTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 2);

  private static Trend ready() {
    return new Trend(
        DAY,
        60,
        BaselineState.READY,
        4,
        14,
        42_000,
        38_000,
        40_000.5,
        610,
        450.25,
        3.1,
        2.9,
        9_000,
        4_000);
  }

  @Test
  void aTrendComesBackFromTheTopicAsItWasWrittenWithItsAthlete() {
    AthleteTrend written = TrendCodec.toAvro("ana", ready());

    AthleteTrend read = Wire.through(Topics.ATHLETE_TRENDS, written);

    assertThat(read.getAthleteId()).isEqualTo("ana");
    assertThat(TrendCodec.fromAvro(read)).isEqualTo(ready());
  }

  @Test
  void aWeekWithoutRunsKeepsItsSpeedsAbsent() {
    Trend quiet = new Trend(DAY, 3, BaselineState.NONE, 0, 0, 0, 0, 0, 0, 0, null, null, 0, 0);

    assertThat(
            TrendCodec.fromAvro(Wire.through(Topics.ATHLETE_TRENDS, TrendCodec.toAvro("a", quiet))))
        .isEqualTo(quiet);
  }

  @Test
  void everyBaselineStateCrossesTheWire() {
    for (BaselineState state : BaselineState.values()) {
      Trend t = new Trend(DAY, 20, state, 1, 2, 3, 4, 5, 6, 7, 1.0, 2.0, 8, 9);

      assertThat(TrendCodec.fromAvro(TrendCodec.toAvro("a", t)).baseline()).isEqualTo(state);
    }
    assertThat(io.backstride.avro.BaselineState.values()).hasSameSizeAs(BaselineState.values());
  }

  /** A trend written before the speeds and the fast distances existed reads with their defaults. */
  @Test
  void aTrendFromAnOlderWriterReadsWithTheDefaults() {
    Schema older =
        Wire.without(
            AthleteTrend.getClassSchema(),
            "acuteSpeedMps",
            "chronicSpeedMps",
            "acuteFastDistanceM",
            "chronicWeeklyFastDistanceM");
    GenericRecord old = new GenericData.Record(older);
    old.put("athleteId", "ana");
    old.put("date", (int) DAY.toEpochDay());
    old.put("historyDays", 20);
    old.put(
        "baseline", new GenericData.EnumSymbol(older.getField("baseline").schema(), "BUILDING"));
    old.put("acuteRuns", 3);
    old.put("chronicRuns", 2);
    old.put("acuteDistanceM", 21_000.0);
    old.put("previousWeekDistanceM", 18_000.0);
    old.put("chronicWeeklyDistanceM", 0.0);
    old.put("acuteDescentM", 120.0);
    old.put("chronicWeeklyDescentM", 0.0);

    Trend read = TrendCodec.fromAvro(Wire.fromOlderWriter(old, AthleteTrend.getClassSchema()));

    assertThat(read)
        .isEqualTo(
            new Trend(
                DAY,
                20,
                BaselineState.BUILDING,
                3,
                2,
                21_000,
                18_000,
                0,
                120,
                0,
                null,
                null,
                0,
                0));
  }
}
