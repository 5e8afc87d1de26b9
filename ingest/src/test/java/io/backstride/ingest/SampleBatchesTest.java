package io.backstride.ingest;

import static io.backstride.ingest.TestGpx.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.SampleBatch;
import io.backstride.core.Sample;
import io.backstride.core.Sport;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SampleBatchesTest {

  @Test
  void cutsIntoBatchesOfAtMostTwoHundredNumberedFromZeroWithTheLastFinal() {
    ParsedActivity activity = activity(450, Optional.of(Sport.RUNNING));

    List<SampleBatch> batches = SampleBatches.of("runner-1", "act-1", activity);

    assertThat(batches).extracting(b -> b.getSamples().size()).containsExactly(200, 200, 50);
    assertThat(batches).extracting(SampleBatch::getSeq).containsExactly(0, 1, 2);
    assertThat(batches).extracting(SampleBatch::getFinal$).containsExactly(false, false, true);
    assertThat(batches)
        .allSatisfy(
            b -> {
              assertThat(b.getAthleteId()).isEqualTo("runner-1");
              assertThat(b.getActivityId()).isEqualTo("act-1");
              assertThat(b.getSource()).isEqualTo("gpx");
              assertThat(b.getSport()).isEqualTo(io.backstride.avro.Sport.RUNNING);
            });
    assertThat(batches.get(2).getSamples().get(49).getTime()).isEqualTo(T0.plusSeconds(449));
  }

  @Test
  void marksASingleBatchFinal() {
    List<SampleBatch> batches = SampleBatches.of("r", "a", activity(200, Optional.empty()));

    assertThat(batches).singleElement().satisfies(b -> assertThat(b.getFinal$()).isTrue());
  }

  @Test
  void everyBatchOfAnUploadCarriesOneUploadIdAndTheNextUploadAnother() {
    ParsedActivity activity = activity(450, Optional.empty());

    List<SampleBatch> first = SampleBatches.of("r", "a", activity);
    List<SampleBatch> second = SampleBatches.of("r", "a", activity);

    assertThat(first)
        .extracting(SampleBatch::getUploadId)
        .doesNotContainNull()
        .containsOnly(first.get(0).getUploadId());
    assertThat(second)
        .extracting(SampleBatch::getUploadId)
        .containsOnly(second.get(0).getUploadId());
    assertThat(second.get(0).getUploadId()).isNotEqualTo(first.get(0).getUploadId());
  }

  @Test
  void leavesTheSportNullWhenTheFileNamedNone() {
    List<SampleBatch> batches = SampleBatches.of("r", "a", activity(1, Optional.empty()));

    assertThat(batches.get(0).getSport()).isNull();
  }

  private static ParsedActivity activity(int samples, Optional<Sport> sport) {
    return new ParsedActivity(
        "gpx",
        sport,
        IntStream.range(0, samples)
            .mapToObj(i -> Sample.at(T0.plusSeconds(i), 1, 2, 3.0))
            .toList());
  }
}
