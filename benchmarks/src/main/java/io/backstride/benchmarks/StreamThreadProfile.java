package io.backstride.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a stream thread's time goes, from the execution samples of a JFR recording: each sample is
 * put in the stage of the outermost frame that names one (a summary sent by the assembler runs
 * inside the assembler, so it is the assembler's), and within the two processors in the part their
 * {@code process} method was calling. A sampling profile counts where the thread was, so shares of
 * the samples are shares of its running time, not exact CPU.
 *
 * <p>The JVM must keep deep stacks ({@code -XX:FlightRecorderOptions:stackdepth=256}): at the
 * default of 64 frames, the frames of a Streams processor chain are cut off below the processor,
 * and its samples fall into no stage.
 */
final class StreamThreadProfile {

  /** A stage of the stream thread's loop, recognised by a frame {@code Class.method}. */
  record Stage(String name, String frame) {}

  static final Stage ASSEMBLER =
      new Stage("assembler (batches folded, summary sent)", "ActivityAssembler.process");
  static final Stage ATHLETE_STAGE =
      new Stage("athlete stage (summary applied, trends sent)", "AthleteLoadProcessor.process");
  static final Stage INPUT =
      new Stage("input records deserialized", "RecordDeserializer.deserialize");

  /** Outermost first: a sample takes the first of these found walking from the thread's root. */
  static final List<Stage> STAGES =
      List.of(
          new Stage("poll (fetch, buffer records)", "StreamThread.pollPhase"),
          new Stage("commit (caches, changelogs, transaction)", "StreamThread.maybeCommit"),
          new Stage("punctuation (idle activities)", "StreamTask.punctuate"),
          ASSEMBLER,
          ATHLETE_STAGE,
          INPUT);

  /** The two processors, whose samples are also split by the call their process was making. */
  static final List<Stage> PROCESSORS = List.of(ASSEMBLER, ATHLETE_STAGE);

  static final String OTHER = "other (the task loop, metrics)";

  /** Within a processor: the part its {@code process} method was calling, by the callee's name. */
  static final Map<String, String> PARTS =
      partsOf(
          "trendsBetween", "trends computed",
          "forward", "record sent downstream (serialized, produced)",
          "put", "state written (serde, cache)",
          "delete", "state written (serde, cache)",
          "get", "state read (serde, cache)",
          "apply", "run checked and applied",
          "accept", "samples folded",
          "emit", "summary built and sent",
          "pruned", "kept window pruned");

  private static Map<String, String> partsOf(String... pairs) {
    Map<String, String> parts = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      parts.put(pairs[i], pairs[i + 1]);
    }
    return parts;
  }

  /** Samples per stage, and per part within each processor stage. */
  record Breakdown(int samples, Map<String, Integer> byStage, Map<String, Integer> byPart) {
    double share(String stage) {
      return samples == 0 ? Double.NaN : byStage.getOrDefault(stage, 0) / (double) samples;
    }
  }

  /**
   * The stage of one sample, its frames given innermost first as {@code Class.method} (the class's
   * simple name).
   */
  static String stageOf(List<String> framesInnermostFirst) {
    for (int i = framesInnermostFirst.size() - 1; i >= 0; i--) {
      String frame = framesInnermostFirst.get(i);
      for (Stage stage : STAGES) {
        if (frame.equals(stage.frame())) {
          return stage.name();
        }
      }
    }
    return OTHER;
  }

  /**
   * The part of a processor stage a sample was in: the callee of the processor's outermost {@code
   * process} frame, named by {@link #PARTS}; "the processor's own code" when it was in {@code
   * process} itself, "other" for a callee not named there.
   */
  static String partOf(List<String> framesInnermostFirst, String processFrame) {
    for (int i = framesInnermostFirst.size() - 1; i >= 0; i--) {
      if (!framesInnermostFirst.get(i).equals(processFrame)) {
        continue;
      }
      if (i == 0) {
        return "the processor's own code";
      }
      String callee = framesInnermostFirst.get(i - 1);
      String method = callee.substring(callee.lastIndexOf('.') + 1);
      return PARTS.getOrDefault(method, "other");
    }
    return "other";
  }

  /** Counts the execution samples of the threads whose name {@code thread} accepts. */
  static Breakdown read(Path recording, Predicate<String> thread) throws IOException {
    int samples = 0;
    Map<String, Integer> byStage = new TreeMap<>();
    Map<String, Integer> byPart = new TreeMap<>();
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedThread sampled = event.getThread("sampledThread");
      String name = sampled == null ? null : sampled.getJavaName();
      if (name == null || !thread.test(name) || event.getStackTrace() == null) {
        continue;
      }
      List<String> frames = new ArrayList<>();
      for (RecordedFrame frame : event.getStackTrace().getFrames()) {
        String type = frame.getMethod().getType().getName();
        frames.add(type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName());
      }
      samples++;
      String stage = stageOf(frames);
      byStage.merge(stage, 1, Integer::sum);
      for (Stage processor : PROCESSORS) {
        if (processor.name().equals(stage)) {
          byPart.merge(stage + ": " + partOf(frames, processor.frame()), 1, Integer::sum);
        }
      }
    }
    return new Breakdown(samples, byStage, byPart);
  }

  private StreamThreadProfile() {}
}
