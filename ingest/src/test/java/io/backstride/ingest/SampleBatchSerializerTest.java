package io.backstride.ingest;

import static io.backstride.ingest.TestGpx.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.Sample;
import io.backstride.avro.SampleBatch;
import io.backstride.avro.Sport;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.InMemorySchemaRegistry;
import io.backstride.schemas.serde.AvroSerdes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class SampleBatchSerializerTest {
  private static final String TOPIC = Topics.ACTIVITY_SAMPLES.name();

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final Serializer<SampleBatch> generic =
      new AvroSerdes(registry).value(Topics.ACTIVITY_SAMPLES).serializer();
  private final SampleBatchSerializer fast = new SampleBatchSerializer(registry);

  @Test
  void writesTheSameBytesAsTheGenericWriterWithEveryFieldPresent() {
    SampleBatch batch = batch(Sport.RUNNING, List.of(full(0), full(1), full(2)));

    assertThat(fast.serialize(TOPIC, batch)).isEqualTo(generic.serialize(TOPIC, batch));
  }

  @Test
  void writesTheSameBytesAsTheGenericWriterWithEveryOptionalFieldAbsent() {
    SampleBatch batch =
        batch(null, List.of(new Sample(T0, null, null, null, null, null, null, null, null, false)));

    assertThat(fast.serialize(TOPIC, batch)).isEqualTo(generic.serialize(TOPIC, batch));
  }

  @Test
  void writesTheSameBytesAsTheGenericWriterForEachFieldAbsentAlone() {
    // sample i lacks optional field i: a misplaced branch shows here
    List<Sample> samples = new ArrayList<>();
    for (Schema.Field field : Sample.getClassSchema().getFields()) {
      if (!field.schema().isUnion()) {
        continue; // the time and the pause mark are always there
      }
      int absent = field.pos();
      Sample sample = full(absent);
      sample.put(absent, null);
      samples.add(sample);
    }

    SampleBatch batch = batch(Sport.HIKING, samples);

    assertThat(fast.serialize(TOPIC, batch)).isEqualTo(generic.serialize(TOPIC, batch));
  }

  @Test
  void writesTheSameBytesAsTheGenericWriterForEverySportAndNone() {
    List<Sport> sports = new ArrayList<>(Arrays.asList(Sport.values()));
    sports.add(null);

    assertThat(sports)
        .allSatisfy(
            sport -> {
              SampleBatch batch = batch(sport, List.of(full(7)));
              assertThat(fast.serialize(TOPIC, batch)).isEqualTo(generic.serialize(TOPIC, batch));
            });
  }

  @Test
  void writesTheSameBytesAsTheGenericWriterForAFullBatchOfTwoHundred() {
    SampleBatch batch =
        batch(
            Sport.RUNNING,
            IntStream.range(0, SampleBatches.MAX_SAMPLES).mapToObj(i -> full(i)).toList());

    assertThat(fast.serialize(TOPIC, batch)).isEqualTo(generic.serialize(TOPIC, batch));
  }

  @Test
  void writesTheSameBytesAsTheGenericWriterForNonAsciiIdsAndNoSamples() {
    SampleBatch batch =
        SampleBatch.newBuilder()
            .setAthleteId("läufer-ø")
            .setActivityId("act-ß")
            .setSeq(12_345)
            .setFinal$(true)
            .setSport(null)
            .setSource("sync")
            .setSamples(List.of())
            .setUploadId(null)
            .build();

    assertThat(fast.serialize(TOPIC, batch)).isEqualTo(generic.serialize(TOPIC, batch));
  }

  @Test
  void leavesATombstoneNull() {
    assertThat(fast.serialize(TOPIC, null)).isNull();
  }

  /**
   * The writer spells out these fields in this order; a schema change must be mirrored there (and
   * the byte comparisons above would fail too, less legibly).
   */
  @Test
  void knowsEveryFieldOfTheSchemasInTheirOrder() {
    assertThat(fields(SampleBatch.getClassSchema()))
        .containsExactly(
            "athleteId:STRING",
            "activityId:STRING",
            "seq:INT",
            "final:BOOLEAN",
            "sport:UNION[NULL, ENUM]",
            "source:STRING",
            "samples:ARRAY",
            "uploadId:UNION[NULL, STRING]");
    assertThat(fields(Sample.getClassSchema()))
        .containsExactly(
            "time:LONG",
            "lat:UNION[NULL, DOUBLE]",
            "lon:UNION[NULL, DOUBLE]",
            "elevationM:UNION[NULL, DOUBLE]",
            "speedMps:UNION[NULL, DOUBLE]",
            "distanceM:UNION[NULL, DOUBLE]",
            "heartRateBpm:UNION[NULL, INT]",
            "cadenceSpm:UNION[NULL, DOUBLE]",
            "verticalOscillationMm:UNION[NULL, DOUBLE]",
            "pauseBefore:BOOLEAN");
    assertThat(Sport.getClassSchema().getEnumSymbols())
        .containsExactlyElementsOf(Arrays.stream(Sport.values()).map(Sport::name).toList());
  }

  private static List<String> fields(Schema record) {
    return record.getFields().stream()
        .map(
            f ->
                f.name()
                    + ":"
                    + f.schema().getType()
                    + (f.schema().isUnion()
                        ? f.schema().getTypes().stream().map(Schema::getType).toList().toString()
                        : ""))
        .toList();
  }

  private static SampleBatch batch(Sport sport, List<Sample> samples) {
    return SampleBatch.newBuilder()
        .setAthleteId("runner-1")
        .setActivityId("act-1")
        .setSeq(3)
        .setFinal$(false)
        .setSport(sport)
        .setSource("gpx")
        .setSamples(samples)
        .setUploadId("upload-7f3a")
        .build();
  }

  /** Every field present, with values distinct per field and per sample. */
  private static Sample full(int i) {
    return new Sample(
        T0.plusMillis(1_000L * i + 7),
        48.2 + i * 1e-5,
        -16.37 - i * 1e-5,
        171.5 + i,
        3.2 + i * 0.01,
        1000.0 + i * 3.1,
        150 + i % 40,
        172.0 + i % 9,
        81.0 - i * 0.1,
        i % 2 == 1);
  }
}
