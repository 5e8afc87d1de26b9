package io.backstride.streams;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.core.activity.ActivityState;
import io.backstride.schemas.state.CompactBytes;
import io.backstride.schemas.state.StateSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link OpenActivity} in the state format. The open activity is read and written for every sample
 * batch, which made it the assembler's largest cost as JSON: most of that went into printing and
 * parsing decimal doubles. Here doubles are their exact eight bytes, optional values carry a
 * presence flag, and counts are variable-length integers.
 *
 * <p>Layout, version 1 (after the version number of {@link StateSerde}): athlete id; activity id;
 * declared sport (0 none, else its ordinal + 1); source (optional); next sequence number; finished
 * flag; last batch arrival (epoch ms); the {@link ActivityState} as {@link ActivityStateCodec} has
 * it; then the waiting batches, each with its sequence number, final flag and samples (time, a bit
 * mask of the optional fields present and the pause mark, those fields).
 *
 * <p>Version 2 adds the upload id (optional) at the end; version 1 is read with none.
 */
public final class OpenActivitySerde extends StateSerde<OpenActivity> {
  private static final Sport[] SPORTS = Sport.values();

  /** The JSON of the release before this serde, whose state was one flat record. */
  private static final ObjectMapper PREVIOUS_FORMAT =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .registerModule(
              new SimpleModule()
                  .addDeserializer(ActivityState.class, new ActivityStateCodec.FlatJson()))
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * The bit of a waiting sample's mask after those of its optional fields: the sample follows a
   * pause. Values written before it have the bit clear, which is what they meant.
   */
  private static final int PAUSE_BEFORE = 1 << 8;

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
    ActivityStateCodec.write(out, a.state());
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
    try {
      return PREVIOUS_FORMAT.readValue(json, OpenActivity.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not the JSON of an open activity: " + e.getMessage(), e);
    }
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
    ActivityState state = ActivityStateCodec.read(in);
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
    Instant time = in.instant();
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
