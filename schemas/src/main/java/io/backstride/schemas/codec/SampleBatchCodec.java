package io.backstride.schemas.codec;

import io.backstride.core.SampleBatch;

/** {@link SampleBatch} and the Avro record of {@code activity-samples.v1}. */
public final class SampleBatchCodec {

  public static io.backstride.avro.SampleBatch toAvro(SampleBatch batch) {
    return io.backstride.avro.SampleBatch.newBuilder()
        .setAthleteId(batch.athleteId())
        .setActivityId(batch.activityId())
        .setSeq(batch.seq())
        .setFinal$(batch.last())
        .setSport(SportCodec.toAvro(batch.sport()))
        .setSource(batch.source())
        .setSamples(batch.samples().stream().map(SampleCodec::toAvro).toList())
        .setUploadId(batch.uploadId())
        .build();
  }

  public static SampleBatch fromAvro(io.backstride.avro.SampleBatch b) {
    return new SampleBatch(
        b.getAthleteId(),
        b.getActivityId(),
        b.getSeq(),
        b.getFinal$(),
        SportCodec.fromOptionalAvro(b.getSport()),
        b.getSource(),
        b.getSamples().stream().map(SampleCodec::fromAvro).toList(),
        b.getUploadId());
  }

  private SampleBatchCodec() {}
}
