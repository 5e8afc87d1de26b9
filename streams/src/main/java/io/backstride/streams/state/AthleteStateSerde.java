package io.backstride.streams.state;

import io.backstride.core.load.AthleteRuns;
import io.backstride.core.load.RunLoad;
import io.backstride.schemas.state.CompactBytes;
import io.backstride.schemas.state.NonZeroRun;
import io.backstride.schemas.state.StateSerde;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link AthleteState} in a compact binary form: this value is read and rewritten for every
 * activity and profile change, restored from its changelog after a failover, and there is one per
 * athlete, so its size is the application's state size. JSON spent most of its bytes on field
 * names; here a 12-week history of three runs a week takes about 1.5 KB.
 *
 * <p>Layout, version 1 (after the version number of {@link StateSerde}): zone (length-prefixed
 * UTF-8, empty for none); first day of the runs let go and the day runs are complete from (each a
 * presence flag and a signed epoch day); the number of activities; then each, in start order: its
 * activity id (tag 0 and 8 bytes for ingest's own {@code act-} and 16 hex digits, else tag 1 and
 * the string; 2 more in the tag for an activity that is not a run), its start in epoch seconds as a
 * difference from the previous run's, distance, moving distance and descent in centimetres, moving
 * time in centiseconds, and its speed bands as the index of the first band with distance, the
 * number of bands from there, and each band's centimetres. Numbers are LEB128 variable-length
 * integers.
 *
 * <p>Kept to the centimetre, the centisecond and the second: far finer than a watch measures, and
 * the start only decides the day.
 */
public final class AthleteStateSerde extends StateSerde<AthleteState> {
  private static final int PACKED_ID = 0;
  private static final int TEXT_ID = 1;

  /**
   * Added to the id's tag for an activity that is not a run (history without load). State written
   * before walks and hikes were kept has no such tag: every entry in it is a run, as it reads.
   */
  private static final int NOT_A_RUN = 2;

  private static final String ID_PREFIX = "act-";

  /** 0.25 m/s bands up to 50 m/s: more than anything a run can hold. */
  private static final int MAX_BANDS = 200;

  private static final HexFormat HEX = HexFormat.of();

  /**
   * One boxed zero for every empty band read: a decoded state is kept in the processor's heap, and
   * the slow bands below an athlete's pace, a dozen per run, are all zero.
   */
  private static final Double NO_DISTANCE = 0.0;

  public AthleteStateSerde() {
    super("athlete state", 1);
  }

  /**
   * {@code run} as it reads back after a round trip through this serde: the start to the second,
   * amounts to the hundredth, trailing empty speed bands dropped. Values built this way compare
   * equal to the stored ones, so an unchanged re-upload is seen as unchanged.
   */
  public static RunLoad inStoredPrecision(RunLoad run) {
    List<Double> bands = new ArrayList<>(run.bandDistanceM().size());
    for (double band : run.bandDistanceM()) {
      bands.add(hundredths(band) / 100.0);
    }
    while (!bands.isEmpty() && bands.get(bands.size() - 1) == 0) {
      bands.remove(bands.size() - 1);
    }
    return new RunLoad(
        Instant.ofEpochSecond(run.start().getEpochSecond()),
        hundredths(run.distanceM()) / 100.0,
        hundredths(run.movingDistanceM()) / 100.0,
        hundredths(run.movingTimeS()) / 100.0,
        hundredths(run.descentM()) / 100.0,
        bands,
        run.run());
  }

  @Override
  protected void write(CompactBytes.Writer out, AthleteState state) {
    out.string(state.zone() == null ? "" : state.zone());
    AthleteRuns runs = state.runs();
    day(out, runs.prunedFirstDay());
    day(out, runs.retainedFrom());
    List<Map.Entry<String, RunLoad>> inOrder = new ArrayList<>(runs.runs().entrySet());
    inOrder.sort(Comparator.comparing(e -> e.getValue().start()));
    out.unsigned(inOrder.size());
    long previousStart = 0;
    for (Map.Entry<String, RunLoad> e : inOrder) {
      RunLoad run = e.getValue();
      id(out, e.getKey(), run.run());
      long start = run.start().getEpochSecond(); // signed difference: any order of magnitude
      out.signed(start - previousStart);
      previousStart = start;
      out.unsigned(hundredths(run.distanceM()));
      out.unsigned(hundredths(run.movingDistanceM()));
      out.unsigned(hundredths(run.descentM()));
      out.unsigned(hundredths(run.movingTimeS()));
      bands(out, run.bandDistanceM());
    }
  }

  @Override
  protected AthleteState read(CompactBytes.Reader in, int version) {
    String zone = in.string();
    LocalDate prunedFirstDay = day(in);
    LocalDate retainedFrom = day(in);
    int count = in.count();
    Map<String, RunLoad> runs = new LinkedHashMap<>();
    long start = 0;
    for (int i = 0; i < count; i++) {
      int tag = in.next();
      boolean run = (tag & NOT_A_RUN) == 0;
      String id = id(in, tag & ~NOT_A_RUN);
      start += in.signed();
      double distance = in.unsigned() / 100.0;
      double movingDistance = in.unsigned() / 100.0;
      double descent = in.unsigned() / 100.0;
      double movingTime = in.unsigned() / 100.0;
      runs.put(
          id,
          new RunLoad(
              Instant.ofEpochSecond(start),
              distance,
              movingDistance,
              movingTime,
              descent,
              bands(in),
              run));
    }
    return new AthleteState(
        zone.isEmpty() ? null : zone, new AthleteRuns(runs, prunedFirstDay, retainedFrom));
  }

  private static void id(CompactBytes.Writer out, String id, boolean run) {
    int kind = run ? 0 : NOT_A_RUN;
    if (packable(id)) {
      out.unsigned(PACKED_ID | kind);
      out.bytes(HEX.parseHex(id, ID_PREFIX.length(), id.length()));
    } else {
      out.unsigned(TEXT_ID | kind);
      out.string(id);
    }
  }

  /**
   * {@code act-} and 16 lower-case hex digits, the form ingest gives its activity ids: stored as
   * its eight bytes.
   */
  public static boolean packable(String id) {
    if (id.length() != ID_PREFIX.length() + 16 || !id.startsWith(ID_PREFIX)) {
      return false;
    }
    for (int i = ID_PREFIX.length(); i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static String id(CompactBytes.Reader in, int tag) {
    return switch (tag) {
      case PACKED_ID -> ID_PREFIX + HEX.formatHex(in.bytes(8));
      case TEXT_ID -> in.string();
      default -> throw new IllegalStateException("unknown activity id tag " + tag);
    };
  }

  /** Only the bands from the first to the last with distance: the slow and fast ends are empty. */
  private static void bands(CompactBytes.Writer out, List<Double> bands) {
    NonZeroRun run = NonZeroRun.of(bands, band -> hundredths(band) == 0);
    if (run.end() > MAX_BANDS) {
      throw new IllegalArgumentException(
          run.end() + " speed bands, more than the " + MAX_BANDS + " kept");
    }
    out.unsigned(run.first());
    out.unsigned(run.length());
    for (int i = run.first(); i < run.end(); i++) {
      out.unsigned(hundredths(bands.get(i)));
    }
  }

  private static List<Double> bands(CompactBytes.Reader in) {
    int first = in.atMost(MAX_BANDS);
    int n = in.atMost(MAX_BANDS - first);
    if (n == 0) {
      return List.of(); // no band with distance: what inStoredPrecision makes of it too
    }
    List<Double> bands = new ArrayList<>(first + n);
    for (int i = 0; i < first; i++) {
      bands.add(NO_DISTANCE);
    }
    for (int i = 0; i < n; i++) {
      long centimetres = in.unsigned();
      bands.add(centimetres == 0 ? NO_DISTANCE : centimetres / 100.0);
    }
    return bands;
  }

  /**
   * An amount as the state keeps it, in hundredths. Non-negative by construction upstream; a
   * negative would be a bug, not data to keep.
   */
  public static long hundredths(double value) {
    return Math.max(0, Math.round(value * 100));
  }

  /**
   * A presence flag, then the epoch day (signed: a watch with a reset clock says 1970 or before).
   */
  private static void day(CompactBytes.Writer out, LocalDate day) {
    out.bool(day != null);
    if (day != null) {
      out.signed(day.toEpochDay());
    }
  }

  private static LocalDate day(CompactBytes.Reader in) {
    return in.bool() ? LocalDate.ofEpochDay(in.signed()) : null;
  }
}
