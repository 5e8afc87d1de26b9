package io.backstride.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.core.Sample;
import io.backstride.core.SampleBatch;
import io.backstride.core.Sport;
import io.backstride.schemas.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SampleBatchCodecTest {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  private static SampleBatchCodecTest.Sent send(SampleBatch batch) {
    io.backstride.avro.SampleBatch avro =
        Wire.through(Topics.ACTIVITY_SAMPLES, SampleBatchCodec.toAvro(batch));
    return new Sent(avro, SampleBatchCodec.fromAvro(avro));
  }

  private record Sent(io.backstride.avro.SampleBatch avro, SampleBatch batch) {}

  @Test
  void anUploadBatchComesBackWithItsSportSamplesAndUploadId() {
    SampleBatch upload =
        new SampleBatch(
            "ana",
            "ana-20260302T070000",
            3,
            true,
            Optional.of(Sport.HIKING),
            "fit",
            List.of(
                Sample.at(T0, 46.05, 14.5, 300.0),
                new Sample(T0.plusSeconds(1), 46.06, 14.5, 301.0, 1.2, 5.0, 120, 90.0, 60.0, true)),
            "upload-1");

    assertThat(send(upload).batch()).isEqualTo(upload);
  }

  @Test
  void aSyncBatchThatNamesNoSportAndNoUploadStaysWithoutThem() {
    SampleBatch sync =
        new SampleBatch("ana", "watch-7", 0, false, Optional.empty(), "sync", List.of(), null);

    Sent sent = send(sync);

    assertThat(sent.avro().getSport()).isNull();
    assertThat(sent.avro().getUploadId()).isNull();
    assertThat(sent.batch()).isEqualTo(sync);
  }

  @Test
  void everySportCrossesTheWire() {
    for (Sport sport : Sport.values()) {
      assertThat(SportCodec.fromAvro(SportCodec.toAvro(sport))).isEqualTo(sport);
    }
    for (io.backstride.avro.Sport sport : io.backstride.avro.Sport.values()) {
      assertThat(SportCodec.toAvro(SportCodec.fromAvro(sport))).isEqualTo(sport);
    }
  }
}
