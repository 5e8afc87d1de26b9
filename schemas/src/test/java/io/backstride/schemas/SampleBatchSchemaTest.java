package io.backstride.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.SampleBatch;
import io.backstride.schemas.registry.Compatibility;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The upload id joined the sample batch without breaking its readers or its writers. */
class SampleBatchSchemaTest {

  /** The schema as it was before the upload id: the same fields without it. */
  private static Schema withoutUploadId() {
    Schema current = SampleBatch.getClassSchema();
    List<Schema.Field> fields =
        current.getFields().stream()
            .filter(f -> !f.name().equals("uploadId"))
            .map(f -> new Schema.Field(f, f.schema()))
            .toList();
    return Schema.createRecord(
        current.getName(), current.getDoc(), current.getNamespace(), false, fields);
  }

  @Test
  void theUploadIdIsAnOptionalBatchLevelFieldWithADefault() {
    Schema.Field uploadId = SampleBatch.getClassSchema().getField("uploadId");

    assertThat(uploadId).isNotNull();
    assertThat(uploadId.hasDefaultValue()).isTrue();
    assertThat(uploadId.schema().getTypes())
        .extracting(Schema::getType)
        .containsExactly(Schema.Type.NULL, Schema.Type.STRING);
  }

  @Test
  void theSchemaWithTheUploadIdIsBackwardCompatibleWithTheOneBefore() {
    assertThat(Compatibility.BACKWARD.allows(withoutUploadId(), SampleBatch.getClassSchema()))
        .isTrue();
    assertThat(Compatibility.FORWARD.allows(withoutUploadId(), SampleBatch.getClassSchema()))
        .isTrue();
  }
}
