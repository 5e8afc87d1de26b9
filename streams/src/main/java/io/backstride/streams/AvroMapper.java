package io.backstride.streams;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.SampleBatch;
import io.backstride.avro.SpeedBand;
import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.core.activity.ActivityMetrics;
import io.backstride.core.activity.MetricRules;
import io.backstride.core.load.RunLoad;
import io.backstride.core.load.Trend;
import io.backstride.streams.state.AthleteStateSerde;
import java.util.ArrayList;
import java.util.List;

/** The one place where the streams app turns Avro records into domain values and back. */
final class AvroMapper {

  static List<Sample> samples(SampleBatch batch) {
    List<Sample> out = new ArrayList<>(batch.getSamples().size());
    for (io.backstride.avro.Sample s : batch.getSamples()) {
      out.add(
          new Sample(
              s.getTime(),
              s.getLat(),
              s.getLon(),
              s.getElevationM(),
              s.getSpeedMps(),
              s.getDistanceM(),
              s.getHeartRateBpm(),
              s.getCadenceSpm(),
              s.getVerticalOscillationMm(),
              s.getPauseBefore()));
    }
    return out;
  }

  static ActivitySummary summary(OpenActivity activity) {
    ActivityMetrics m = activity.state().metrics();
    Sport sport = m.sport(activity.declaredSport());
    List<SpeedBand> bands = new ArrayList<>();
    for (int i = 0; i < m.bandDistanceM().size(); i++) {
      double d = m.bandDistanceM().get(i);
      if (d > 0) {
        bands.add(new SpeedBand(i * MetricRules.SPEED_BAND_MPS, d));
      }
    }
    return ActivitySummary.newBuilder()
        .setAthleteId(activity.athleteId())
        .setActivityId(activity.activityId())
        .setSport(io.backstride.avro.Sport.valueOf(sport.name()))
        .setSource(activity.source())
        .setStartTime(m.startTime())
        .setEndTime(m.endTime())
        .setSampleCount(m.sampleCount())
        .setDistanceM(m.distanceM())
        .setMovingTimeS(m.movingTimeS())
        .setMovingDistanceM(m.movingDistanceM())
        .setAscentM(m.ascentM())
        .setDescentM(m.descentM())
        .setDownhillDistanceM(m.downhillDistanceM())
        .setAvgMovingSpeedMps(m.avgMovingSpeedMps())
        .setSpeedBands(bands)
        .setAvgHeartRateBpm(m.avgHeartRateBpm())
        .setAvgCadenceSpm(m.avgCadenceSpm())
        .setAvgVerticalOscillationMm(m.avgVerticalOscillationMm())
        .build();
  }

  /**
   * What of a summary counts toward run load, in the precision the state keeps, so that a value
   * read back from the store equals the one that was written and an unchanged re-upload is
   * recognised as unchanged.
   */
  static RunLoad runLoad(ActivitySummary s) {
    if (s.getSport() != io.backstride.avro.Sport.RUNNING) {
      // history without load: the athlete's trends start at the first activity of any kind
      return AthleteStateSerde.inStoredPrecision(RunLoad.notARun(s.getStartTime()));
    }
    List<Double> bands = new ArrayList<>();
    for (SpeedBand b : s.getSpeedBands()) {
      int index = (int) Math.round(b.getFromMps() / MetricRules.SPEED_BAND_MPS);
      if (index < 0 || !(b.getDistanceM() > 0)) {
        continue; // not a band the metrics make: nothing to count
      }
      // as the metrics do: everything from the top band's speed up is in the top band
      index = Math.min(index, MetricRules.SPEED_BANDS - 1);
      while (bands.size() <= index) {
        bands.add(0.0);
      }
      bands.set(index, bands.get(index) + b.getDistanceM());
    }
    return AthleteStateSerde.inStoredPrecision(
        new RunLoad(
            s.getStartTime(),
            s.getDistanceM(),
            s.getMovingDistanceM(),
            s.getMovingTimeS(),
            s.getDescentM(),
            bands));
  }

  static AthleteTrend trend(String athleteId, Trend t) {
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

  private AvroMapper() {}
}
