package io.backstride.ingest.fit;

import com.garmin.fit.CRC;
import com.garmin.fit.Decode;
import com.garmin.fit.Event;
import com.garmin.fit.EventMesg;
import com.garmin.fit.Mesg;
import com.garmin.fit.MesgNum;
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
 * <p>The file's size is checked against its header before it is decoded, and its CRC by the SDK's
 * decoder as it decodes; nothing is returned before both passed, so a truncated file or a broken
 * CRC is rejected rather than half imported, and every SDK failure is an {@link
 * InvalidActivityException}. The file is held in memory (FIT is compact: about 40 bytes a second),
 * so the caller caps its size. Instances are stateless and thread-safe.
 */
public final class FitReader {
  private static final String FORMAT = "fit";
  private static final String BROKEN = "FIT file is truncated or its CRC does not match";
  private static final double DEGREES_PER_SEMICIRCLE = 180.0 / (1L << 31);

  /** Reads one FIT file; does not close {@code in}. */
  public ParsedActivity read(InputStream in) throws InvalidActivityException {
    return read(allBytes(in));
  }

  /** The rest of a stream; its failure is the stream's, not the file's. */
  private static byte[] allBytes(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one FIT file held in memory. */
  public ParsedActivity read(byte[] file) throws InvalidActivityException {
    checkComplete(file);
    Collector collector = new Collector(file.length);
    boolean complete;
    try {
      // One listener that picks the three messages read, straight off the decoder's own message:
      // a MesgBroadcaster would copy every record into a RecordMesg first.
      complete =
          new Decode()
              .read(
                  new ByteArrayInputStream(file),
                  mesg -> {
                    switch (mesg.getNum()) {
                      case MesgNum.RECORD -> collector.record(mesg);
                      case MesgNum.SESSION -> collector.sessions.add(new SessionMesg(mesg));
                      case MesgNum.EVENT -> collector.event(new EventMesg(mesg));
                      default -> {
                        // laps, device info, HRV and the rest say nothing about the samples
                      }
                    }
                  });
    } catch (RuntimeException e) {
      throw decodeFailure(file, e);
    }
    if (!complete) {
      throw new InvalidActivityException(BROKEN, null, null);
    }
    if (collector.position != null) {
      throw collector.position;
    }
    return collector.activity();
  }

  /**
   * The time of the first record message with a timestamp, in the file's order, decoded up to that
   * message and no further: what a history's import orders its files by. The header, the size and
   * the CRC are checked first (a damaged file is refused as {@link #read} refuses it, not given a
   * start read from its damage), and a decode failure on the way is refused as there. The start of
   * {@link #read}'s activity, unless the records are out of order.
   */
  public Instant firstTime(InputStream in) throws InvalidActivityException {
    return firstTime(allBytes(in));
  }

  /** As {@link #firstTime(InputStream)}, of a file held in memory. */
  public Instant firstTime(byte[] file) throws InvalidActivityException {
    checkComplete(file);
    if (!crcMatches(file)) {
      throw new InvalidActivityException(BROKEN, null, null);
    }
    Decode decode = new Decode();
    RecordValues values = new RecordValues();
    int withoutTime = 0;
    try {
      // byte by byte, the decoder's own loop, so that it stops at the message wanted
      for (byte b : file) {
        Decode.RETURN step = decode.read(b);
        if (step == Decode.RETURN.END_OF_FILE) {
          break;
        }
        if (step == Decode.RETURN.MESG && decode.getMesg().getNum() == MesgNum.RECORD) {
          Mesg record = decode.getMesg();
          values.read(record);
          if (values.has(RecordValues.TIMESTAMP)) {
            return record.timestampToDateTime(values.timestamp()).getInstant();
          }
          withoutTime++;
        }
      }
    } catch (RuntimeException e) {
      throw decodeFailure(file, e);
    }
    throw InvalidActivityException.noTimedPoints(
        "records", withoutTime, "the FIT file holds no activity records");
  }

  /** A failure inside the SDK: a broken file when the CRC says so, else the decoder's reason. */
  private static InvalidActivityException decodeFailure(byte[] file, RuntimeException e) {
    // The decoder checks the file's CRC itself, at its end; a damaged file can also fail earlier,
    // on a definition the damage made nonsense of. Either way the CRC says which.
    if (!crcMatches(file)) {
      return new InvalidActivityException(BROKEN, null, null);
    }
    // FitRuntimeException and whatever else a hostile file provokes inside the SDK
    return new InvalidActivityException("FIT decode error: " + oneLine(e), null, null);
  }

  /**
   * The header's data size against the bytes present. The CRC is the decoder's to check, as it
   * reads: a second pass of the SDK's own integrity check cost as much as the decode itself (a
   * third of the reader's time), and the SDK's check answers true for a file that merely ends
   * early, which this size check catches.
   */
  private static void checkComplete(byte[] file) throws InvalidActivityException {
    if (!FitHeader.is(file)) {
      throw new InvalidActivityException("not a FIT file: no .FIT header", null, null);
    }
    int headerSize = file[0] & 0xff;
    if (headerSize < FitHeader.MIN_SIZE || file.length < headerSize + dataSize(file) + 2) {
      throw new InvalidActivityException(BROKEN, null, null);
    }
  }

  private static long dataSize(byte[] file) {
    return (file[4] & 0xffL)
        | (file[5] & 0xffL) << 8
        | (file[6] & 0xffL) << 16
        | (file[7] & 0xffL) << 24;
  }

  /** The file CRC over header and data, followed by the CRC itself, leaves zero when it matches. */
  private static boolean crcMatches(byte[] file) {
    long end = (file[0] & 0xff) + dataSize(file) + 2;
    int crc = 0;
    for (int i = 0; i < end; i++) {
      crc = CRC.get16(crc, file[i]);
    }
    return crc == 0;
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.strip().replaceAll("\\s+", " ");
  }

  /** What the listeners collect while the SDK decodes. */
  private static final class Collector {
    final List<SessionMesg> sessions = new ArrayList<>();
    final List<Sample> samples;
    final RecordValues values = new RecordValues();
    int recordsWithoutTime;
    int recordNumber;
    InvalidActivityException position;
    final List<Pause> pauses = new ArrayList<>();
    Instant stoppedAt;

    /**
     * @param fileSize the file's bytes: a record takes 20-40 of them, so a list of a sixteenth as
     *     many samples seldom grows (a growing list was 2 % of a read)
     */
    Collector(int fileSize) {
      samples = new ArrayList<>(Math.min(fileSize / 16, 1 << 20));
    }

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

    /**
     * A record message, its values read off the decoder's message in one pass ({@link
     * RecordValues}: the SDK's values, without its getters' look-ups and boxes).
     */
    void record(Mesg r) {
      recordNumber++;
      RecordValues v = values;
      v.read(r);
      if (!v.has(RecordValues.TIMESTAMP)) {
        recordsWithoutTime++;
        return;
      }
      Double lat = null;
      Double lon = null;
      if (v.has(RecordValues.LATITUDE) && v.has(RecordValues.LONGITUDE)) {
        lat = v.get(RecordValues.LATITUDE) * DEGREES_PER_SEMICIRCLE;
        lon = v.get(RecordValues.LONGITUDE) * DEGREES_PER_SEMICIRCLE;
        if (Math.abs(lat) > 90 && position == null) {
          // Listeners cannot throw checked exceptions: remember the first and fail after decoding.
          position =
              new InvalidActivityException(
                  "record " + recordNumber + " lies outside the globe (" + lat + ", " + lon + ")",
                  null,
                  null);
        }
      }
      Double strides = null;
      if (v.has(RecordValues.CADENCE)) {
        strides =
            v.get(RecordValues.CADENCE)
                + (v.has(RecordValues.FRACTIONAL_CADENCE)
                    ? v.get(RecordValues.FRACTIONAL_CADENCE)
                    : 0.0);
      }
      // As steps (both feet) already: the sport that says otherwise comes last, in the session,
      // and is rare enough that undoing it then is cheaper than a second sample for every record.
      samples.add(
          new Sample(
              r.timestampToDateTime(v.timestamp()).getInstant(),
              lat,
              lon,
              decimal(v, RecordValues.ENHANCED_ALTITUDE, RecordValues.ALTITUDE),
              decimal(v, RecordValues.ENHANCED_SPEED, RecordValues.SPEED),
              decimal(v, RecordValues.DISTANCE, RecordValues.DISTANCE),
              v.has(RecordValues.HEART_RATE) ? (int) v.get(RecordValues.HEART_RATE) : null,
              strides == null ? null : strides * 2,
              decimal(v, RecordValues.VERTICAL_OSCILLATION, RecordValues.VERTICAL_OSCILLATION)));
    }

    /**
     * The float of slot {@code first}, else of {@code second}, as its shortest decimal: the 32-bit
     * {@code enhanced_} fields where the device wrote them, else the 16-bit ones.
     */
    private static Double decimal(RecordValues v, int first, int second) {
      int slot = v.has(first) ? first : second;
      return v.has(slot) ? FloatDecimals.decimal((float) v.get(slot)) : null;
    }

    ParsedActivity activity() throws InvalidActivityException {
      if (samples.isEmpty()) {
        throw InvalidActivityException.noTimedPoints(
            "records", recordsWithoutTime, "the FIT file holds no activity records");
      }
      Optional<Sport> sport = sport();
      // Strides are a foot's rate; on a bike the same field counts crank turns, not steps.
      boolean steps = sport.map(s -> s != Sport.CYCLING).orElse(true);
      List<Sample> read = steps ? samples : samples.stream().map(s -> s.withCadence(null)).toList();
      return new ParsedActivity(
          FORMAT, sport, markPauses(SampleOrder.sortedUnique(read)), recordsWithoutTime);
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
  }

  /** The timer stood from {@code stop} to {@code start}. */
  private record Pause(Instant stop, Instant start) {}
}
