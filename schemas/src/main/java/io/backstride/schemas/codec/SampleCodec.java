package io.backstride.schemas.codec;

import io.backstride.core.Sample;

/** {@link Sample} and its Avro record; absent readings are {@code null} on both sides. */
public final class SampleCodec {

  public static io.backstride.avro.Sample toAvro(Sample sample) {
    return new io.backstride.avro.Sample(
        sample.time(),
        sample.lat(),
        sample.lon(),
        sample.elevationM(),
        sample.speedMps(),
        sample.distanceM(),
        sample.heartRateBpm(),
        sample.cadenceSpm(),
        sample.verticalOscillationMm(),
        sample.pauseBefore());
  }

  public static Sample fromAvro(io.backstride.avro.Sample s) {
    return new Sample(
        s.getTime(),
        s.getLat(),
        s.getLon(),
        s.getElevationM(),
        s.getSpeedMps(),
        s.getDistanceM(),
        s.getHeartRateBpm(),
        s.getCadenceSpm(),
        s.getVerticalOscillationMm(),
        s.getPauseBefore());
  }

  private SampleCodec() {}
}
