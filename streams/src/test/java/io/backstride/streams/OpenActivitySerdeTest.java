package io.backstride.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.core.activity.SpeedBands;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class OpenActivitySerdeTest {
  private static final OpenActivitySerde SERDE = new OpenActivitySerde();

  /** 100 s of a hilly run with every optional field somewhere, and some missing. */
  private static List<Sample> batch(int seq) {
    // a pause in the recording at sample 50, kept for the waiting batches too
    return StateOfEarlierReleasesTest.batch(seq, 100, 60.0, 50);
  }

  private static OpenActivity read(byte[] bytes) {
    return SERDE.deserializer().deserialize("t", bytes);
  }

  private static byte[] write(OpenActivity activity) {
    return SERDE.serializer().serialize("t", activity);
  }

  @Test
  void anActivityWithTotalsAndWaitingBatchesIsReadBackExactly() {
    OpenActivity activity =
        OpenActivity.start("ana", "act-0123456789abcdef", Sport.RUNNING, "fit", 1_764_000_000_000L)
            .accept(0, false, batch(0), 1_764_000_001_000L)
            .accept(1, false, batch(1), 1_764_000_002_000L)
            .accept(3, true, batch(3), 1_764_000_003_000L); // waits for batch 2

    assertThat(activity.pending()).hasSize(1);
    assertThat(activity.pending().get(0).samples().get(50).pauseBefore()).isTrue();
    assertThat(activity.state().track().sampleCount()).isEqualTo(200);
    assertThat(read(write(activity))).isEqualTo(activity);
  }

  @Test
  void theUploadIdIsReadBack() {
    OpenActivity activity =
        OpenActivity.start("ana", "a1", Sport.RUNNING, "gpx", "upload-1", 0)
            .accept(0, false, batch(0), 1);

    assertThat(read(write(activity)).uploadId()).isEqualTo("upload-1");
    assertThat(read(write(activity))).isEqualTo(activity);
  }

  /**
   * One closed record is kept per upload for the idle time: it holds which upload made the version
   * sent and how far its batches went, not the totals, which nothing reads once the summary is out.
   */
  @Test
  void aClosedRecordKeepsTheUploadAndItsBatchesButNotTheTotals() {
    OpenActivity finished =
        OpenActivity.start("ana", "act-0123456789abcdef", Sport.RUNNING, "gpx", "upload-1", 0)
            .accept(0, false, batch(0), 1)
            .accept(1, true, batch(1), 2);
    OpenActivity closed = finished.closed(3);

    byte[] bytes = write(closed);
    assertThat(read(bytes)).isEqualTo(closed);
    assertThat(closed.uploadId()).isEqualTo("upload-1");
    assertThat(closed.nextSeq()).isEqualTo(2);
    assertThat(closed.finished()).isTrue();
    assertThat(bytes.length).isLessThan(write(finished).length * 2 / 3);
    assertThat(closed.accept(1, true, batch(1), 4))
        .as("a repeated batch of the sent version changes nothing")
        .isSameAs(closed);
  }

  @Test
  void stateWrittenInVersionOneIsReadWithoutAnUploadId() {
    OpenActivity activity =
        OpenActivity.start("ana", "a1", Sport.RUNNING, "gpx", 0).accept(0, false, batch(0), 1);
    byte[] bytes = write(activity);
    // version 1 is version 2 without the upload id's presence flag at the end
    byte[] v1 = Arrays.copyOf(bytes, bytes.length - 1);
    v1[0] = 1;

    assertThat(read(v1)).isEqualTo(activity);
  }

  @Test
  void anEmptyActivityWithoutSportOrSourceIsReadBackExactly() {
    OpenActivity activity = OpenActivity.start("ana", "live 7", null, null, 5);

    assertThat(read(write(activity))).isEqualTo(activity);
  }

  @Test
  void theStateIsFarSmallerThanItsJson() throws IOException {
    OpenActivity activity =
        OpenActivity.start("ana", "act-0123456789abcdef", Sport.RUNNING, "fit", 0)
            .accept(0, false, batch(0), 1);
    byte[] json = jsonAsTheRecordsWrote(activity);

    assertThat(write(activity).length).isLessThan(json.length / 2);
  }

  /**
   * The JSON Jackson wrote for the state's records, speed bands as two lists as when they were a
   * record of two lists (now a class over arrays, which Jackson has no getters for).
   */
  private static byte[] jsonAsTheRecordsWrote(OpenActivity activity) throws IOException {
    SimpleModule bands =
        new SimpleModule()
            .addSerializer(
                SpeedBands.class,
                new StdSerializer<>(SpeedBands.class) {
                  @Override
                  public void serialize(SpeedBands b, JsonGenerator out, SerializerProvider p)
                      throws IOException {
                    out.writeStartObject();
                    out.writeObjectField("distanceM", b.distanceM());
                    out.writeObjectField("timeS", b.timeS());
                    out.writeEndObject();
                  }
                });
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .registerModule(bands)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .writeValueAsBytes(activity);
  }

  @Test
  void truncatedOrForeignBytesAreRefusedWithAReason() {
    byte[] bytes =
        write(
            OpenActivity.start("ana", "a1", Sport.RUNNING, "gpx", 0).accept(0, false, batch(0), 1));

    assertThatThrownBy(() -> read(Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated");
    byte[] future = bytes.clone();
    future[0] = 3;
    assertThatThrownBy(() -> read(future))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown version 3");
  }

  @Test
  void stateWrittenAsJsonByThePreviousReleaseIsStillRead() {
    // that release's JSON, captured: its state was one flat record, not today's accumulators
    OpenActivity activity = StateOfEarlierReleasesTest.capturedOpenActivity();
    byte[] json = StateOfEarlierReleasesTest.resource("open-activity.json");

    assertThat(read(json)).isEqualTo(activity);
  }
}
