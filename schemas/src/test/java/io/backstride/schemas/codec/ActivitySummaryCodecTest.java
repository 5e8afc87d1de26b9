package io.backstride.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.SpeedBand;
import io.backstride.core.Sport;
import io.backstride.core.activity.ActivitySummary;
import io.backstride.core.activity.MetricRules;
import io.backstride.schemas.Topics;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivitySummaryCodecTest {
  private static final Instant START = Instant.parse("2026-03-02T07:00:00Z");

  private static ActivitySummary run(List<Double> bands, Double heartRate) {
    return new ActivitySummary(
        "ana",
        "ana-20260302T070000",
        Sport.RUNNING,
        "gpx",
        START,
        START.plusSeconds(3600),
        3601,
        10_012.5,
        3_500,
        9_990.25,
        120,
        118.5,
        1_500,
        2.85,
        bands,
        heartRate,
        heartRate == null ? null : 172.0,
        heartRate == null ? null : 81.5);
  }

  private static ActivitySummary sent(ActivitySummary summary) {
    return ActivitySummaryCodec.fromAvro(
        Wire.through(Topics.ACTIVITY_SUMMARIES, ActivitySummaryCodec.toAvro(summary)));
  }

  @Test
  void aSummaryComesBackFromTheTopicWithItsBandsInTheirPlaces() {
    ActivitySummary run = run(List.of(0.0, 0.0, 120.5, 0.0, 9_870.0), 151.0);

    assertThat(sent(run)).isEqualTo(run);
  }

  @Test
  void onlyTheBandsWithDistanceAreWrittenEachNamedByItsLowerSpeed() {
    io.backstride.avro.ActivitySummary avro =
        ActivitySummaryCodec.toAvro(run(List.of(0.0, 0.0, 120.5, 0.0, 9_870.0), null));

    assertThat(avro.getSpeedBands())
        .containsExactly(
            new SpeedBand(2 * MetricRules.SPEED_BAND_MPS, 120.5),
            new SpeedBand(4 * MetricRules.SPEED_BAND_MPS, 9_870.0));
  }

  @Test
  void aSummaryWithoutHeartRateCadenceOrBandsStaysWithoutThem() {
    ActivitySummary treadmill = run(List.of(), null);

    ActivitySummary read = sent(treadmill);

    assertThat(read.avgHeartRateBpm()).isNull();
    assertThat(read).isEqualTo(treadmill);
  }

  @Test
  void emptyBandsAtTheTopEndAreNotPartOfTheValue() {
    assertThat(run(List.of(0.0, 5.0, 0.0, 0.0), null).bandDistanceM()).containsExactly(0.0, 5.0);
  }

  @Test
  void bandsFromAnotherWriterCountWhereTheMetricsWouldPutThem() {
    double width = MetricRules.SPEED_BAND_MPS;
    io.backstride.avro.ActivitySummary foreign =
        io.backstride.avro.ActivitySummary.newBuilder(
                ActivitySummaryCodec.toAvro(run(List.of(), null)))
            .setSpeedBands(
                List.of(
                    new SpeedBand(1 * width + 0.01, 10.0), // between bands: the nearest
                    new SpeedBand(1 * width, 5.0), // the same band twice: added up
                    new SpeedBand(-width, 7.0), // no band the metrics make
                    new SpeedBand(3 * width, 0.0), // nothing in it
                    new SpeedBand(1_000 * width, 2.0))) // above the top: the top band
            .build();

    List<Double> bands = ActivitySummaryCodec.fromAvro(foreign).bandDistanceM();

    assertThat(bands).hasSize(MetricRules.SPEED_BANDS);
    assertThat(bands.get(1)).isEqualTo(15.0);
    assertThat(bands.get(MetricRules.SPEED_BANDS - 1)).isEqualTo(2.0);
    assertThat(bands.stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(17.0);
  }
}
