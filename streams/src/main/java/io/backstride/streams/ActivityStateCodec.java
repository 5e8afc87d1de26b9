package io.backstride.streams;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.backstride.core.activity.ActivityState;
import io.backstride.core.activity.Averages;
import io.backstride.core.activity.Distance;
import io.backstride.core.activity.Elevation;
import io.backstride.core.activity.SpeedBands;
import io.backstride.core.activity.Track;
import io.backstride.schemas.state.CompactBytes;
import io.backstride.schemas.state.NonZeroRun;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * The {@link ActivityState} inside an open activity's state value: accumulator by accumulator in
 * the order of its components, each one's fields in their own order. The running totals are their
 * exact eight bytes each (they keep accumulating, so nothing may be rounded), optional values carry
 * a presence flag, and counts are variable-length integers. A field added to an accumulator is
 * written at the end of that accumulator's part, in a new version of {@link OpenActivitySerde}.
 */
final class ActivityStateCodec {
  private ActivityStateCodec() {}

  /** Far more speed bands than the metrics use; a larger count is a corrupt value. */
  private static final int MAX_BANDS = 1000;

  static void write(CompactBytes.Writer out, ActivityState s) {
    track(out, s.track());
    distance(out, s.distance());
    elevation(out, s.elevation());
    speedBands(out, s.speedBands());
    averages(out, s.averages());
  }

  static ActivityState read(CompactBytes.Reader in) {
    return new ActivityState(track(in), distance(in), elevation(in), speedBands(in), averages(in));
  }

  private static void track(CompactBytes.Writer out, Track t) {
    out.unsigned(t.sampleCount());
    out.unsigned(t.droppedJumps());
    out.optInstant(t.startTime());
    out.optInstant(t.lastTime());
    out.optF64(t.lastLat());
    out.optF64(t.lastLon());
    out.optF64(t.lastDeviceDistanceM());
  }

  private static Track track(CompactBytes.Reader in) {
    return new Track(
        (int) in.unsigned(),
        (int) in.unsigned(),
        in.optInstant(),
        in.optInstant(),
        in.optF64(),
        in.optF64(),
        in.optF64());
  }

  private static void distance(CompactBytes.Writer out, Distance d) {
    out.f64(d.distanceM());
    out.f64(d.movingDistanceM());
    out.f64(d.movingTimeS());
  }

  private static Distance distance(CompactBytes.Reader in) {
    return new Distance(in.f64(), in.f64(), in.f64());
  }

  private static void elevation(CompactBytes.Writer out, Elevation e) {
    out.optF64(e.smoothedM());
    out.optF64(e.turnM());
    out.optF64(e.extremeM());
    out.signed(e.direction());
    out.f64(e.ascentM());
    out.f64(e.descentM());
    out.f64(e.gradeFromDistanceM());
    out.optF64(e.gradeFromElevationM());
    out.f64(e.downhillDistanceM());
  }

  private static Elevation elevation(CompactBytes.Reader in) {
    return new Elevation(
        in.optF64(),
        in.optF64(),
        in.optF64(),
        (int) in.signed(),
        in.f64(),
        in.f64(),
        in.f64(),
        in.optF64(),
        in.f64());
  }

  private static void speedBands(CompactBytes.Writer out, SpeedBands b) {
    doubles(out, b.distanceBands(), b::distanceM);
    doubles(out, b.timeBands(), b::timeS);
  }

  private static SpeedBands speedBands(CompactBytes.Reader in) {
    return new SpeedBands(doubles(in), doubles(in));
  }

  private static void averages(CompactBytes.Writer out, Averages a) {
    for (Averages.Mean m : List.of(a.heartRate(), a.cadence(), a.verticalOscillation())) {
      out.f64(m.sum());
      out.unsigned(m.count());
    }
  }

  private static Averages averages(CompactBytes.Reader in) {
    return new Averages(mean(in), mean(in), mean(in));
  }

  private static Averages.Mean mean(CompactBytes.Reader in) {
    return new Averages.Mean(in.f64(), (int) in.unsigned());
  }

  /** A per-band list: its size, then only its {@link NonZeroRun}. */
  private static void doubles(CompactBytes.Writer out, int size, IntToDoubleFunction values) {
    NonZeroRun run = NonZeroRun.of(size, values, v -> v == 0);
    out.unsigned(size);
    out.unsigned(run.first());
    out.unsigned(run.length());
    for (int i = run.first(); i < run.end(); i++) {
      out.f64(values.applyAsDouble(i));
    }
  }

  private static double[] doubles(CompactBytes.Reader in) {
    int size = in.atMost(MAX_BANDS);
    int first = in.atMost(size);
    int n = in.atMost(size - first);
    double[] values = new double[size]; // zero outside the run, as written
    for (int i = first; i < first + n; i++) {
      values[i] = in.f64();
    }
    return values;
  }

  /**
   * The state as the JSON open activities were stored in before the binary form: one object with
   * every total as a field of its own, as the state was one flat record then.
   */
  static final class FlatJson extends StdDeserializer<ActivityState> {
    FlatJson() {
      super(ActivityState.class);
    }

    @Override
    public ActivityState deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      JsonNode n = parser.readValueAsTree();
      return new ActivityState(
          new Track(
              n.path("sampleCount").asInt(),
              n.path("droppedJumps").asInt(),
              instant(n, "startTime"),
              instant(n, "lastTime"),
              optional(n, "lastLat"),
              optional(n, "lastLon"),
              optional(n, "lastDeviceDistanceM")),
          new Distance(
              n.path("distanceM").asDouble(),
              n.path("movingDistanceM").asDouble(),
              n.path("movingTimeS").asDouble()),
          new Elevation(
              optional(n, "elevationSmoothedM"),
              optional(n, "elevationTurnM"),
              optional(n, "elevationExtremeM"),
              n.path("elevationDirection").asInt(),
              n.path("ascentM").asDouble(),
              n.path("descentM").asDouble(),
              n.path("gradeFromDistanceM").asDouble(),
              optional(n, "gradeFromElevationM"),
              n.path("downhillDistanceM").asDouble()),
          new SpeedBands(list(n, "bandDistanceM"), list(n, "bandTimeS")),
          new Averages(mean(n, "heartRate"), mean(n, "cadence"), mean(n, "verticalOscillation")));
    }

    private static Double optional(JsonNode n, String field) {
      JsonNode v = n.path(field);
      return v.isNumber() ? v.asDouble() : null;
    }

    private static Instant instant(JsonNode n, String field) {
      JsonNode v = n.path(field);
      return v.isTextual() ? Instant.parse(v.asText()) : null;
    }

    private static List<Double> list(JsonNode n, String field) {
      List<Double> values = new ArrayList<>();
      n.path(field).forEach(v -> values.add(v.asDouble()));
      return values;
    }

    private static Averages.Mean mean(JsonNode n, String prefix) {
      return new Averages.Mean(n.path(prefix + "Sum").asDouble(), n.path(prefix + "Count").asInt());
    }
  }
}
