package io.backstride.streams;

import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.core.activity.ActivityState;
import io.backstride.schemas.serde.JsonSerde;
import io.backstride.schemas.state.CompactBytes;
import io.backstride.schemas.state.StateSerde;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * {@link OpenActivity} in a binary form. The open activity is read and written for every sample
 * batch, which made it the assembler's largest cost as JSON: most of that went into printing and
 * parsing decimal doubles. Here the running totals are their exact eight bytes each (they keep
 * accumulating, so nothing may be rounded), optional values carry a presence flag, and counts are
 * variable-length integers.
 *
 * <p>Layout, version 1 (after the version number of {@link StateSerde}): athlete id; activity id;
 * declared sport (0 none, else its ordinal + 1); source (optional); next sequence number; finished
 * flag; last batch arrival (epoch ms); the {@link ActivityState} components in declaration order;
 * then the waiting batches, each with its sequence number, final flag and samples (time, a bit mask
 * of the optional fields present and the pause mark, those fields).
 *
 * <p>Version 2 adds the upload id (optional) at the end; version 1 is read with none.
 */
public final class OpenActivitySerde extends StateSerde<OpenActivity> {
  private static final Sport[] SPORTS = Sport.values();
  private static final Serde<OpenActivity> PREVIOUS_FORMAT = JsonSerde.of(OpenActivity.class);

  /**
   * The bit of a waiting sample's mask after those of its optional fields: the sample follows a
   * pause. Values written before it have the bit clear, which is what they meant.
   */
  private static final int PAUSE_BEFORE = 1 << 8;

  /** Far more speed bands than the metrics use; a larger count is a corrupt value. */
  private static final int MAX_BANDS = 1000;

  public OpenActivitySerde() {
    super("open activity", 2);
  }

  @Override
  protected void write(CompactBytes.Writer out, OpenActivity a) {
    out.string(a.athleteId());
    out.string(a.activityId());
    out.unsigned(a.sport() == null ? 0 : a.sport().ordinal() + 1L);
    out.optString(a.source());
    out.unsigned(a.nextSeq());
    out.bool(a.finished());
    out.signed(a.lastBatchAtMs());
    state(out, a.state());
    out.unsigned(a.pending().size());
    for (OpenActivity.PendingBatch p : a.pending()) {
      out.unsigned(p.seq());
      out.bool(p.last());
      out.unsigned(p.samples().size());
      for (Sample s : p.samples()) {
        sample(out, s);
      }
    }
    out.optString(a.uploadId());
  }

  /** Written by the release before this serde: still readable, rewritten on change. */
  @Override
  protected OpenActivity readJson(byte[] json) {
    return PREVIOUS_FORMAT.deserializer().deserialize(null, json);
  }

  @Override
  protected OpenActivity read(CompactBytes.Reader in, int version) {
    String athleteId = in.string();
    String activityId = in.string();
    int sport = in.atMost(SPORTS.length);
    String source = in.optString();
    int nextSeq = (int) in.unsigned();
    boolean finished = in.bool();
    long lastBatchAtMs = in.signed();
    ActivityState state = state(in);
    int waiting = in.count();
    List<OpenActivity.PendingBatch> pending = new ArrayList<>(waiting);
    for (int i = 0; i < waiting; i++) {
      int seq = (int) in.unsigned();
      boolean last = in.bool();
      int n = in.count();
      List<Sample> samples = new ArrayList<>(n);
      for (int j = 0; j < n; j++) {
        samples.add(sample(in));
      }
      pending.add(new OpenActivity.PendingBatch(seq, last, samples));
    }
    String uploadId = version == 1 ? null : in.optString();
    return new OpenActivity(
        athleteId,
        activityId,
        sport == 0 ? null : SPORTS[sport - 1],
        source,
        uploadId,
        nextSeq,
        state,
        finished,
        lastBatchAtMs,
        pending);
  }

  private static void state(CompactBytes.Writer out, ActivityState s) {
    out.unsigned(s.sampleCount());
    out.unsigned(s.droppedJumps());
    out.optInstant(s.startTime());
    out.optInstant(s.lastTime());
    out.optF64(s.lastLat());
    out.optF64(s.lastLon());
    out.optF64(s.lastDeviceDistanceM());
    out.f64(s.distanceM());
    out.f64(s.movingDistanceM());
    out.f64(s.movingTimeS());
    out.optF64(s.elevationSmoothedM());
    out.optF64(s.elevationTurnM());
    out.optF64(s.elevationExtremeM());
    out.signed(s.elevationDirection());
    out.f64(s.ascentM());
    out.f64(s.descentM());
    out.f64(s.gradeFromDistanceM());
    out.optF64(s.gradeFromElevationM());
    out.f64(s.downhillDistanceM());
    doubles(out, s.bandDistanceM());
    doubles(out, s.bandTimeS());
    out.f64(s.heartRateSum());
    out.unsigned(s.heartRateCount());
    out.f64(s.cadenceSum());
    out.unsigned(s.cadenceCount());
    out.f64(s.verticalOscillationSum());
    out.unsigned(s.verticalOscillationCount());
  }

  private static ActivityState state(CompactBytes.Reader in) {
    return new ActivityState(
        (int) in.unsigned(),
        (int) in.unsigned(),
        in.optInstant(),
        in.optInstant(),
        in.optF64(),
        in.optF64(),
        in.optF64(),
        in.f64(),
        in.f64(),
        in.f64(),
        in.optF64(),
        in.optF64(),
        in.optF64(),
        (int) in.signed(),
        in.f64(),
        in.f64(),
        in.f64(),
        in.optF64(),
        in.f64(),
        doubles(in),
        doubles(in),
        in.f64(),
        (int) in.unsigned(),
        in.f64(),
        (int) in.unsigned(),
        in.f64(),
        (int) in.unsigned());
  }

  /**
   * A per-band list: its size, then only the run from the first to the last non-zero value, since
   * an activity fills a few neighbouring speed bands and leaves the rest at zero.
   */
  private static void doubles(CompactBytes.Writer out, List<Double> values) {
    int first = 0;
    while (first < values.size() && values.get(first) == 0) {
      first++;
    }
    int end = values.size();
    while (end > first && values.get(end - 1) == 0) {
      end--;
    }
    out.unsigned(values.size());
    out.unsigned(first);
    out.unsigned(end - first);
    for (int i = first; i < end; i++) {
      out.f64(values.get(i));
    }
  }

  private static List<Double> doubles(CompactBytes.Reader in) {
    int size = in.atMost(MAX_BANDS);
    int first = in.atMost(size);
    int n = in.atMost(size - first);
    List<Double> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(i >= first && i < first + n ? in.f64() : 0.0);
    }
    return values;
  }

  private static void sample(CompactBytes.Writer out, Sample s) {
    out.instant(s.time());
    Double[] optional = optionals(s);
    int mask = 0;
    for (int i = 0; i < optional.length; i++) {
      mask |= optional[i] != null ? 1 << i : 0;
    }
    mask |= s.heartRateBpm() != null ? 1 << optional.length : 0;
    mask |= s.pauseBefore() ? PAUSE_BEFORE : 0;
    out.unsigned(mask);
    for (Double v : optional) {
      if (v != null) {
        out.f64(v);
      }
    }
    if (s.heartRateBpm() != null) {
      out.signed(s.heartRateBpm());
    }
  }

  private static Sample sample(CompactBytes.Reader in) {
    java.time.Instant time = in.instant();
    int mask = in.atMost(0x1FF);
    Double[] v = new Double[7];
    for (int i = 0; i < v.length; i++) {
      v[i] = (mask & (1 << i)) != 0 ? in.f64() : null;
    }
    Integer heartRate = (mask & (1 << v.length)) != 0 ? (int) in.signed() : null;
    return new Sample(
        time, v[0], v[1], v[2], v[3], v[4], heartRate, v[5], v[6], (mask & PAUSE_BEFORE) != 0);
  }

  /** The optional double fields of a sample, in a fixed order. */
  private static Double[] optionals(Sample s) {
    return new Double[] {
      s.lat(),
      s.lon(),
      s.elevationM(),
      s.speedMps(),
      s.distanceM(),
      s.cadenceSpm(),
      s.verticalOscillationMm()
    };
  }
}
