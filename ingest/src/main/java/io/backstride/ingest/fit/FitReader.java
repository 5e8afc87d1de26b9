package io.backstride.ingest.fit;

import com.garmin.fit.Decode;
import com.garmin.fit.Event;
import com.garmin.fit.EventMesg;
import com.garmin.fit.MesgBroadcaster;
import com.garmin.fit.RecordMesg;
import com.garmin.fit.SessionMesg;
import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.ingest.InvalidActivityException;
import io.backstride.ingest.ParsedActivity;
import io.backstride.ingest.SampleOrder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a FIT activity file with Garmin's FIT SDK: the {@code record} messages become samples, the
 * {@code session} messages give the sport.
 *
 * <ul>
 *   <li>Altitude and speed: the 32-bit {@code enhanced_} fields where the device wrote them (they
 *       do not wrap above 6,500 m or 65 m/s), else the 16-bit ones.
 *   <li>Position: semicircles, degrees = semicircles * 180 / 2^31.
 *   <li>Cadence: FIT stores strides per minute (one foot) plus a fractional part for running, so
 *       steps per minute = (cadence + fractional_cadence) * 2. On a bike it is crank revolutions,
 *       no step rate at all, and is dropped.
 *   <li>Several sessions (a multisport file): the sport is that of the first running session, or of
 *       the first session when none runs. All records are kept, so a triathlon's bike leg counts as
 *       running too: splitting a file into activities is left for later.
 *   <li>Pauses: a timer {@code STOP} (or {@code STOP_ALL}) event followed by a {@code START} is a
 *       pause in the recording (auto-pause, the stop button); the first record after it is marked
 *       {@link Sample#pauseBefore()}, so that the way covered while the timer stood is not counted.
 *       The records' {@code distance} is the device's own, which stops with the timer.
 *   <li>Developer fields are ignored.
 * </ul>
 *
 * <p>The whole file is checked before anything is read from it: a truncated file or a broken CRC is
 * rejected rather than half imported, and every SDK failure is an {@link InvalidActivityException}.
 * The file is held in memory (FIT is compact: about 40 bytes a second), so the caller caps its
 * size. Instances are stateless and thread-safe.
 */
public final class FitReader {
  private static final String FORMAT = "fit";
  private static final String BROKEN = "FIT file is truncated or its CRC does not match";
  private static final double DEGREES_PER_SEMICIRCLE = 180.0 / (1L << 31);

  /** Reads one FIT file; does not close {@code in}. */
  public ParsedActivity read(InputStream in) throws InvalidActivityException {
    byte[] file;
    try {
      file = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return read(file);
  }

  /** Reads one FIT file held in memory. */
  public ParsedActivity read(byte[] file) throws InvalidActivityException {
    checkComplete(file);
    Collector collector = new Collector();
    try {
      Decode decode = new Decode();
      MesgBroadcaster broadcaster = new MesgBroadcaster(decode);
      broadcaster.addListener((com.garmin.fit.RecordMesgListener) collector::record);
      broadcaster.addListener((com.garmin.fit.SessionMesgListener) collector.sessions::add);
      broadcaster.addListener((com.garmin.fit.EventMesgListener) collector::event);
      decode.read(new ByteArrayInputStream(file), broadcaster, broadcaster);
    } catch (RuntimeException e) {
      // FitRuntimeException and whatever else a hostile file provokes inside the SDK
      throw new InvalidActivityException("FIT decode error: " + oneLine(e), null, null);
    }
    if (collector.position != null) {
      throw collector.position;
    }
    return collector.activity();
  }

  /**
   * The header's data size against the bytes present, then the SDK's CRC check. Both are needed:
   * the SDK's integrity check answers true for a file that merely ends early.
   */
  private static void checkComplete(byte[] file) throws InvalidActivityException {
    if (!FitHeader.is(file)) {
      throw new InvalidActivityException("not a FIT file: no .FIT header", null, null);
    }
    int headerSize = file[0] & 0xff;
    long dataSize =
        (file[4] & 0xffL)
            | (file[5] & 0xffL) << 8
            | (file[6] & 0xffL) << 16
            | (file[7] & 0xffL) << 24;
    if (headerSize < FitHeader.MIN_SIZE || file.length < headerSize + dataSize + 2) {
      throw new InvalidActivityException(BROKEN, null, null);
    }
    try {
      if (!new Decode().checkFileIntegrity(new ByteArrayInputStream(file))) {
        throw new InvalidActivityException(BROKEN, null, null);
      }
    } catch (RuntimeException e) {
      throw new InvalidActivityException(BROKEN + ": " + oneLine(e), null, null);
    }
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.strip().replaceAll("\\s+", " ");
  }

  /** What the listeners collect while the SDK decodes. */
  private static final class Collector {
    final List<SessionMesg> sessions = new ArrayList<>();
    final List<RawRecord> records = new ArrayList<>();
    int recordsWithoutTime;
    int recordNumber;
    InvalidActivityException position;
    final List<Pause> pauses = new ArrayList<>();
    Instant stoppedAt;

    void event(EventMesg e) {
      if (e.getEvent() != Event.TIMER || e.getTimestamp() == null || e.getEventType() == null) {
        return;
      }
      Instant at = e.getTimestamp().getInstant();
      switch (e.getEventType()) {
        case STOP, STOP_ALL, STOP_DISABLE, STOP_DISABLE_ALL -> {
          if (stoppedAt == null) {
            stoppedAt = at;
          }
        }
        case START -> {
          if (stoppedAt != null) {
            pauses.add(new Pause(stoppedAt, at));
            stoppedAt = null;
          }
        }
        default -> {
          // markers and the deprecated event types say nothing about the timer
        }
      }
    }

    void record(RecordMesg r) {
      recordNumber++;
      if (r.getTimestamp() == null) {
        recordsWithoutTime++;
        return;
      }
      Double lat = degrees(r.getPositionLat());
      Double lon = degrees(r.getPositionLong());
      if (lat == null || lon == null) {
        lat = null;
        lon = null;
      } else if (Math.abs(lat) > 90 && position == null) {
        // Listeners cannot throw checked exceptions: remember the first and fail after decoding.
        position =
            new InvalidActivityException(
                "record " + recordNumber + " lies outside the globe (" + lat + ", " + lon + ")",
                null,
                null);
      }
      Float altitude = r.getEnhancedAltitude() != null ? r.getEnhancedAltitude() : r.getAltitude();
      Float speed = r.getEnhancedSpeed() != null ? r.getEnhancedSpeed() : r.getSpeed();
      Double strides = null;
      if (r.getCadence() != null) {
        Float fraction = r.getFractionalCadence();
        strides = r.getCadence() + (fraction == null ? 0.0 : fraction);
      }
      records.add(
          new RawRecord(
              new Sample(
                  r.getTimestamp().getInstant(),
                  lat,
                  lon,
                  toDouble(altitude),
                  toDouble(speed),
                  toDouble(r.getDistance()),
                  r.getHeartRate() == null ? null : r.getHeartRate().intValue(),
                  null,
                  toDouble(r.getVerticalOscillation())),
              strides));
    }

    ParsedActivity activity() throws InvalidActivityException {
      if (records.isEmpty()) {
        throw new InvalidActivityException(
            recordsWithoutTime == 0
                ? "no records with a time: the FIT file holds no activity records"
                : "no records with a time: " + recordsWithoutTime + " records have none",
            null,
            null);
      }
      Optional<Sport> sport = sport();
      // Strides are a foot's rate; on a bike the same field counts crank turns, not steps.
      boolean steps = sport.map(s -> s != Sport.CYCLING).orElse(true);
      List<Sample> samples = new ArrayList<>(records.size());
      for (RawRecord raw : records) {
        samples.add(raw.withCadence(steps && raw.strides() != null ? raw.strides() * 2 : null));
      }
      return new ParsedActivity(
          FORMAT, sport, markPauses(SampleOrder.sortedUnique(samples)), recordsWithoutTime);
    }

    /**
     * Marks the first sample after each timer stop, and the first one from its restart on: a device
     * that kept writing records while stopped (some do, at the stop's own second or later) has
     * neither the way to them nor the way from them counted.
     */
    private List<Sample> markPauses(List<Sample> sorted) {
      if (pauses.isEmpty()) {
        return sorted;
      }
      List<Sample> marked = new ArrayList<>(sorted);
      for (Pause pause : pauses) {
        for (int i = 0; i < marked.size(); i++) {
          if (marked.get(i).time().isAfter(pause.stop())) {
            marked.set(i, marked.get(i).afterPause());
            break;
          }
        }
        for (int i = 0; i < marked.size(); i++) {
          if (!marked.get(i).time().isBefore(pause.start())) {
            marked.set(i, marked.get(i).afterPause());
            break;
          }
        }
      }
      return marked;
    }

    private Optional<Sport> sport() {
      Optional<Sport> first = Optional.empty();
      boolean seenFirst = false;
      for (SessionMesg session : sessions) {
        Optional<Sport> sport = sportOf(session.getSport());
        if (sport.equals(Optional.of(Sport.RUNNING))) {
          return sport;
        }
        if (!seenFirst) {
          first = sport;
          seenFirst = true;
        }
      }
      return first;
    }

    private static Optional<Sport> sportOf(com.garmin.fit.Sport sport) {
      if (sport == null || sport == com.garmin.fit.Sport.INVALID) {
        return Optional.empty();
      }
      return Sport.fromExportName(sport.name());
    }

    private static Double degrees(Integer semicircles) {
      return semicircles == null ? null : semicircles * DEGREES_PER_SEMICIRCLE;
    }

    private static Double toDouble(Float value) {
      // via the decimal text, so that 3.85f becomes 3.85 and not 3.8499999046325684
      return value == null || !Float.isFinite(value) ? null : Double.parseDouble(value.toString());
    }
  }

  /** The timer stood from {@code stop} to {@code start}. */
  private record Pause(Instant stop, Instant start) {}

  /** A record before its cadence unit is known (that needs the session, written at the end). */
  private record RawRecord(Sample sample, Double strides) {
    Sample withCadence(Double stepsPerMinute) {
      Sample s = sample;
      return new Sample(
          s.time(),
          s.lat(),
          s.lon(),
          s.elevationM(),
          s.speedMps(),
          s.distanceM(),
          s.heartRateBpm(),
          stepsPerMinute,
          s.verticalOscillationMm(),
          s.pauseBefore());
    }
  }
}
