package io.backstride.schemas.codec;

import io.backstride.avro.AthleteTrend;
import io.backstride.core.load.BaselineState;
import io.backstride.core.load.Trend;

/** {@link Trend} and the Avro record of {@code athlete-trends.v1}, which adds whose trend it is. */
public final class TrendCodec {

  public static AthleteTrend toAvro(String athleteId, Trend t) {
    return AthleteTrend.newBuilder()
        .setAthleteId(athleteId)
        .setDate(t.date())
        .setHistoryDays(t.historyDays())
        .setBaseline(io.backstride.avro.BaselineState.valueOf(t.baseline().name()))
        .setAcuteRuns(t.acuteRuns())
        .setChronicRuns(t.chronicRuns())
        .setAcuteDistanceM(t.acuteDistanceM())
        .setPreviousWeekDistanceM(t.previousWeekDistanceM())
        .setChronicWeeklyDistanceM(t.chronicWeeklyDistanceM())
        .setAcuteDescentM(t.acuteDescentM())
        .setChronicWeeklyDescentM(t.chronicWeeklyDescentM())
        .setAcuteSpeedMps(t.acuteSpeedMps())
        .setChronicSpeedMps(t.chronicSpeedMps())
        .setAcuteFastDistanceM(t.acuteFastDistanceM())
        .setChronicWeeklyFastDistanceM(t.chronicWeeklyFastDistanceM())
        .build();
  }

  public static Trend fromAvro(AthleteTrend t) {
    return new Trend(
        t.getDate(),
        t.getHistoryDays(),
        BaselineState.valueOf(t.getBaseline().name()),
        t.getAcuteRuns(),
        t.getChronicRuns(),
        t.getAcuteDistanceM(),
        t.getPreviousWeekDistanceM(),
        t.getChronicWeeklyDistanceM(),
        t.getAcuteDescentM(),
        t.getChronicWeeklyDescentM(),
        t.getAcuteSpeedMps(),
        t.getChronicSpeedMps(),
        t.getAcuteFastDistanceM(),
        t.getChronicWeeklyFastDistanceM());
  }

  private TrendCodec() {}
}
