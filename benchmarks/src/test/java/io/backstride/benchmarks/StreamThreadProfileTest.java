package io.backstride.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamThreadProfileTest {
  /** A stream thread's frames from the root outwards, reversed into JFR's innermost-first order. */
  private static List<String> innermostFirst(String... rootFirst) {
    List<String> frames = new java.util.ArrayList<>(List.of(rootFirst));
    java.util.Collections.reverse(frames);
    return frames;
  }

  @Test
  void aSampleBelongsToItsOutermostStage() {
    // the assembler sends a summary, whose serializer is no stage of its own: the assembler's
    List<String> frames =
        innermostFirst(
            "StreamThread.run",
            "StreamThread.runOnceWithoutProcessingThreads",
            "TaskManager.process",
            "ActivityAssembler.process",
            "ActivityAssembler.emit",
            "ProcessorContextImpl.forward",
            "RecordDeserializer.deserialize");

    assertThat(StreamThreadProfile.stageOf(frames))
        .isEqualTo("assembler (batches folded, summary sent)");
  }

  @Test
  void aSampleInNoStageIsOther() {
    assertThat(StreamThreadProfile.stageOf(innermostFirst("StreamThread.run", "Sensor.record")))
        .isEqualTo(StreamThreadProfile.OTHER);
  }

  @Test
  void thePartIsWhatTheOutermostProcessFrameWasCalling() {
    List<String> trends =
        innermostFirst(
            "TaskManager.process",
            "AthleteLoadProcessor.process",
            "AthleteLoadProcessor.trendsBetween",
            "TrendUpdates.between");
    List<String> own = innermostFirst("TaskManager.process", "AthleteLoadProcessor.process");
    List<String> unnamed = innermostFirst("AthleteLoadProcessor.process", "AthleteState.equals");

    assertThat(StreamThreadProfile.partOf(trends, "AthleteLoadProcessor.process"))
        .isEqualTo("trends computed");
    assertThat(StreamThreadProfile.partOf(own, "AthleteLoadProcessor.process"))
        .isEqualTo("the processor's own code");
    assertThat(StreamThreadProfile.partOf(unnamed, "AthleteLoadProcessor.process"))
        .isEqualTo("other");
  }
}
