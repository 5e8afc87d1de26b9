package io.backstride.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.core.Sample;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SampleCodecTest {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00.123Z");

  @Test
  void everyReadingOfASampleCrossesTheWire() {
    Sample full = new Sample(T0, 48.2, 16.37, 171.5, 3.2, 1000.0, 150, 172.0, 81.0, true);

    assertThat(SampleCodec.fromAvro(Wire.binary(SampleCodec.toAvro(full)))).isEqualTo(full);
  }

  @Test
  void aSampleWithOnlyATimeStaysWithoutTheOtherReadings() {
    Sample bare = new Sample(T0, null, null, null, null, null, null, null, null);

    io.backstride.avro.Sample read = Wire.binary(SampleCodec.toAvro(bare));

    assertThat(read.getLat()).isNull();
    assertThat(read.getHeartRateBpm()).isNull();
    assertThat(SampleCodec.fromAvro(read)).isEqualTo(bare);
  }

  @Test
  void aSampleBuiltWithTheSchemaDefaultsContinuesTheRecording() {
    io.backstride.avro.Sample avro = io.backstride.avro.Sample.newBuilder().setTime(T0).build();

    assertThat(SampleCodec.fromAvro(Wire.binary(avro)))
        .isEqualTo(new Sample(T0, null, null, null, null, null, null, null, null, false));
  }
}
