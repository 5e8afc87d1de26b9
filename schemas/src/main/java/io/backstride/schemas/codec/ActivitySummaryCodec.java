package io.backstride.schemas.codec;

import io.backstride.avro.SpeedBand;
import io.backstride.core.activity.ActivitySummary;
import io.backstride.core.activity.MetricRules;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ActivitySummary} and the Avro record of {@code activity-summaries.v1}. The domain keeps a
 * distance per speed band by position; the topic names each band that holds any distance by its
 * lower speed, so that a reader need not know the band width.
 */
public final class ActivitySummaryCodec {

  public static io.backstride.avro.ActivitySummary toAvro(ActivitySummary s) {
    List<SpeedBand> bands = new ArrayList<>();
    for (int i = 0; i < s.bandDistanceM().size(); i++) {
      double d = s.bandDistanceM().get(i);
      if (d > 0) {
        bands.add(new SpeedBand(i * MetricRules.SPEED_BAND_MPS, d));
      }
    }
    return io.backstride.avro.ActivitySummary.newBuilder()
        .setAthleteId(s.athleteId())
        .setActivityId(s.activityId())
        .setSport(SportCodec.toAvro(s.sport()))
        .setSource(s.source())
        .setStartTime(s.startTime())
        .setEndTime(s.endTime())
        .setSampleCount(s.sampleCount())
        .setDistanceM(s.distanceM())
        .setMovingTimeS(s.movingTimeS())
        .setMovingDistanceM(s.movingDistanceM())
        .setAscentM(s.ascentM())
        .setDescentM(s.descentM())
        .setDownhillDistanceM(s.downhillDistanceM())
        .setAvgMovingSpeedMps(s.avgMovingSpeedMps())
        .setSpeedBands(bands)
        .setAvgHeartRateBpm(s.avgHeartRateBpm())
        .setAvgCadenceSpm(s.avgCadenceSpm())
        .setAvgVerticalOscillationMm(s.avgVerticalOscillationMm())
        .build();
  }

  public static ActivitySummary fromAvro(io.backstride.avro.ActivitySummary s) {
    return new ActivitySummary(
        s.getAthleteId(),
        s.getActivityId(),
        SportCodec.fromAvro(s.getSport()),
        s.getSource(),
        s.getStartTime(),
        s.getEndTime(),
        s.getSampleCount(),
        s.getDistanceM(),
        s.getMovingTimeS(),
        s.getMovingDistanceM(),
        s.getAscentM(),
        s.getDescentM(),
        s.getDownhillDistanceM(),
        s.getAvgMovingSpeedMps(),
        bandDistances(s.getSpeedBands()),
        s.getAvgHeartRateBpm(),
        s.getAvgCadenceSpm(),
        s.getAvgVerticalOscillationMm());
  }

  /**
   * The distance per band position. A record from another writer may name a speed between bands,
   * above the top band or twice: each counts in the band the metrics would have put it in.
   */
  private static List<Double> bandDistances(List<SpeedBand> speedBands) {
    List<Double> bands = new ArrayList<>();
    for (SpeedBand b : speedBands) {
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
    return bands;
  }

  private ActivitySummaryCodec() {}
}
