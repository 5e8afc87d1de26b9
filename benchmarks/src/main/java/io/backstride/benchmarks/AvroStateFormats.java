package io.backstride.benchmarks;

import static io.backstride.streams.state.AthleteStateSerde.hundredths;

import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.core.activity.ActivityState;
import io.backstride.core.activity.Averages;
import io.backstride.core.activity.Distance;
import io.backstride.core.activity.Elevation;
import io.backstride.core.activity.SpeedBands;
import io.backstride.core.activity.Track;
import io.backstride.core.load.AthleteRuns;
import io.backstride.core.load.RunLoad;
import io.backstride.schemas.state.NonZeroRun;
import io.backstride.streams.OpenActivity;
import io.backstride.streams.state.AthleteState;
import io.backstride.streams.state.AthleteStateSerde;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * The other state-value policy measured in {@link StateFormatBenchmark}: a version byte and then
 * Avro binary of a record schema, written and read with Avro's generic writer and reader (what a
 * store serde with schema resolution across versions would use). The schemas keep every choice of
 * the hand-written formats (centimetres, centiseconds, packed ids, start differences, only the
 * speed bands with distance), so that the comparison is of the encodings and the libraries, not of
 * what is kept.
 */
final class AvroStateFormats {
  private AvroStateFormats() {}

  private static final int VERSION = 1;
  private static final HexFormat HEX = HexFormat.of();
  private static final String ID_PREFIX = "act-";

  private static final Schema PACKED_ID = SchemaBuilder.fixed("PackedId").size(8);
  private static final Schema RUN =
      SchemaBuilder.record("Run")
          .fields()
          .name("id")
          .type(Schema.createUnion(PACKED_ID, Schema.create(Schema.Type.STRING)))
          .noDefault()
          .requiredBoolean("run")
          .requiredLong("startDeltaS")
          .requiredLong("distanceCm")
          .requiredLong("movingDistanceCm")
          .requiredLong("descentCm")
          .requiredLong("movingTimeCs")
          .requiredInt("firstBand")
          .name("bandsCm")
          .type()
          .array()
          .items()
          .longType()
          .noDefault()
          .endRecord();
  static final Schema ATHLETE_STATE =
      SchemaBuilder.record("AthleteState")
          .fields()
          .requiredString("zone")
          .optionalInt("prunedFirstDay")
          .optionalInt("retainedFrom")
          .name("runs")
          .type()
          .array()
          .items(RUN)
          .noDefault()
          .endRecord();

  private static final Schema INSTANT =
      SchemaBuilder.record("Instant").fields().requiredLong("s").requiredInt("n").endRecord();
  private static final Schema BANDS =
      SchemaBuilder.record("Bands")
          .fields()
          .requiredInt("size")
          .requiredInt("first")
          .name("values")
          .type()
          .array()
          .items()
          .doubleType()
          .noDefault()
          .endRecord();
  private static final String[] OPTIONAL_DOUBLES = {
    "lat", "lon", "elevationM", "speedMps", "distanceM", "cadenceSpm", "verticalOscillationMm"
  };
  private static final Schema SAMPLE = sampleSchema();
  private static final Schema ACTIVITY_STATE =
      SchemaBuilder.record("ActivityState")
          .fields()
          .requiredInt("sampleCount")
          .requiredInt("droppedJumps")
          .name("startTime")
          .type(optional(INSTANT))
          .noDefault()
          .name("lastTime")
          .type(optional(INSTANT))
          .noDefault()
          .optionalDouble("lastLat")
          .optionalDouble("lastLon")
          .optionalDouble("lastDeviceDistanceM")
          .requiredDouble("distanceM")
          .requiredDouble("movingDistanceM")
          .requiredDouble("movingTimeS")
          .optionalDouble("elevationSmoothedM")
          .optionalDouble("elevationTurnM")
          .optionalDouble("elevationExtremeM")
          .requiredInt("elevationDirection")
          .requiredDouble("ascentM")
          .requiredDouble("descentM")
          .requiredDouble("gradeFromDistanceM")
          .optionalDouble("gradeFromElevationM")
          .requiredDouble("downhillDistanceM")
          .name("bandDistanceM")
          .type(BANDS)
          .noDefault()
          .name("bandTimeS")
          .type(BANDS)
          .noDefault()
          .requiredDouble("heartRateSum")
          .requiredInt("heartRateCount")
          .requiredDouble("cadenceSum")
          .requiredInt("cadenceCount")
          .requiredDouble("verticalOscillationSum")
          .requiredInt("verticalOscillationCount")
          .endRecord();
  private static final Schema SPORT =
      SchemaBuilder.enumeration("Sport")
          .symbols(java.util.Arrays.stream(Sport.values()).map(Enum::name).toArray(String[]::new));
  private static final Schema BATCH =
      SchemaBuilder.record("PendingBatch")
          .fields()
          .requiredInt("seq")
          .requiredBoolean("last")
          .name("samples")
          .type()
          .array()
          .items(SAMPLE)
          .noDefault()
          .endRecord();
  static final Schema OPEN_ACTIVITY =
      SchemaBuilder.record("OpenActivity")
          .fields()
          .requiredString("athleteId")
          .requiredString("activityId")
          .name("sport")
          .type(optional(SPORT))
          .noDefault()
          .optionalString("source")
          .requiredInt("nextSeq")
          .requiredBoolean("finished")
          .requiredLong("lastBatchAtMs")
          .name("state")
          .type(ACTIVITY_STATE)
          .noDefault()
          .name("pending")
          .type()
          .array()
          .items(BATCH)
          .noDefault()
          .optionalString("uploadId")
          .endRecord();

  private static final GenericDatumWriter<GenericRecord> ATHLETE_WRITER =
      new GenericDatumWriter<>(ATHLETE_STATE);
  private static final GenericDatumReader<GenericRecord> ATHLETE_READER =
      new GenericDatumReader<>(ATHLETE_STATE);
  private static final GenericDatumWriter<GenericRecord> OPEN_WRITER =
      new GenericDatumWriter<>(OPEN_ACTIVITY);
  private static final GenericDatumReader<GenericRecord> OPEN_READER =
      new GenericDatumReader<>(OPEN_ACTIVITY);

  private static Schema sampleSchema() {
    SchemaBuilder.FieldAssembler<Schema> f =
        SchemaBuilder.record("Sample").fields().name("time").type(INSTANT).noDefault();
    for (String name : OPTIONAL_DOUBLES) {
      f = f.optionalDouble(name);
    }
    return f.optionalInt("heartRateBpm").requiredBoolean("pauseBefore").endRecord();
  }

  private static Schema optional(Schema schema) {
    return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
  }

  static byte[] encode(AthleteState state) {
    GenericRecord r = new GenericData.Record(ATHLETE_STATE);
    r.put("zone", state.zone() == null ? "" : state.zone());
    AthleteRuns runs = state.runs();
    r.put("prunedFirstDay", day(runs.prunedFirstDay()));
    r.put("retainedFrom", day(runs.retainedFrom()));
    List<Map.Entry<String, RunLoad>> inOrder = new ArrayList<>(runs.runs().entrySet());
    inOrder.sort(Comparator.comparing(e -> e.getValue().start()));
    List<GenericRecord> out = new ArrayList<>(inOrder.size());
    long previousStart = 0;
    for (Map.Entry<String, RunLoad> e : inOrder) {
      RunLoad run = e.getValue();
      GenericRecord g = new GenericData.Record(RUN);
      String id = e.getKey();
      g.put("id", AthleteStateSerde.packable(id) ? packed(id) : id);
      g.put("run", run.run());
      long start = run.start().getEpochSecond();
      g.put("startDeltaS", start - previousStart);
      previousStart = start;
      g.put("distanceCm", hundredths(run.distanceM()));
      g.put("movingDistanceCm", hundredths(run.movingDistanceM()));
      g.put("descentCm", hundredths(run.descentM()));
      g.put("movingTimeCs", hundredths(run.movingTimeS()));
      List<Double> bands = run.bandDistanceM();
      NonZeroRun kept = NonZeroRun.of(bands, band -> hundredths(band) == 0);
      List<Long> cm = new ArrayList<>(kept.length());
      for (int i = kept.first(); i < kept.end(); i++) {
        cm.add(hundredths(bands.get(i)));
      }
      g.put("firstBand", kept.first());
      g.put("bandsCm", cm);
      out.add(g);
    }
    r.put("runs", out);
    return write(ATHLETE_WRITER, r);
  }

  static AthleteState decodeAthleteState(byte[] bytes) {
    GenericRecord r = read(ATHLETE_READER, bytes);
    Map<String, RunLoad> runs = new LinkedHashMap<>();
    long start = 0;
    for (Object o : (List<?>) r.get("runs")) {
      GenericRecord g = (GenericRecord) o;
      Object id = g.get("id");
      start += (Long) g.get("startDeltaS");
      List<Double> bands = new ArrayList<>();
      for (int i = 0; i < (Integer) g.get("firstBand"); i++) {
        bands.add(0.0);
      }
      for (Object cm : (List<?>) g.get("bandsCm")) {
        bands.add((Long) cm / 100.0);
      }
      runs.put(
          id instanceof GenericFixed f ? ID_PREFIX + HEX.formatHex(f.bytes()) : id.toString(),
          new RunLoad(
              Instant.ofEpochSecond(start),
              (Long) g.get("distanceCm") / 100.0,
              (Long) g.get("movingDistanceCm") / 100.0,
              (Long) g.get("movingTimeCs") / 100.0,
              (Long) g.get("descentCm") / 100.0,
              bands,
              (Boolean) g.get("run")));
    }
    String zone = r.get("zone").toString();
    return new AthleteState(
        zone.isEmpty() ? null : zone,
        new AthleteRuns(runs, day(r.get("prunedFirstDay")), day(r.get("retainedFrom"))));
  }

  static byte[] encode(OpenActivity a) {
    GenericRecord r = new GenericData.Record(OPEN_ACTIVITY);
    r.put("athleteId", a.athleteId());
    r.put("activityId", a.activityId());
    r.put("sport", a.sport() == null ? null : new GenericData.EnumSymbol(SPORT, a.sport().name()));
    r.put("source", a.source());
    r.put("uploadId", a.uploadId());
    r.put("nextSeq", a.nextSeq());
    r.put("finished", a.finished());
    r.put("lastBatchAtMs", a.lastBatchAtMs());
    r.put("state", state(a.state()));
    List<GenericRecord> pending = new ArrayList<>(a.pending().size());
    for (OpenActivity.PendingBatch p : a.pending()) {
      GenericRecord b = new GenericData.Record(BATCH);
      b.put("seq", p.seq());
      b.put("last", p.last());
      List<GenericRecord> samples = new ArrayList<>(p.samples().size());
      for (Sample s : p.samples()) {
        samples.add(sample(s));
      }
      b.put("samples", samples);
      pending.add(b);
    }
    r.put("pending", pending);
    return write(OPEN_WRITER, r);
  }

  static OpenActivity decodeOpenActivity(byte[] bytes) {
    GenericRecord r = read(OPEN_READER, bytes);
    List<OpenActivity.PendingBatch> pending = new ArrayList<>();
    for (Object o : (List<?>) r.get("pending")) {
      GenericRecord b = (GenericRecord) o;
      List<?> in = (List<?>) b.get("samples");
      List<Sample> samples = new ArrayList<>(in.size());
      for (Object s : in) {
        samples.add(sample((GenericRecord) s));
      }
      pending.add(
          new OpenActivity.PendingBatch((Integer) b.get("seq"), (Boolean) b.get("last"), samples));
    }
    Object sport = r.get("sport");
    return new OpenActivity(
        r.get("athleteId").toString(),
        r.get("activityId").toString(),
        sport == null ? null : Sport.valueOf(sport.toString()),
        text(r.get("source")),
        text(r.get("uploadId")),
        (Integer) r.get("nextSeq"),
        state((GenericRecord) r.get("state")),
        (Boolean) r.get("finished"),
        (Long) r.get("lastBatchAtMs"),
        pending);
  }

  private static GenericRecord state(ActivityState s) {
    GenericRecord r = new GenericData.Record(ACTIVITY_STATE);
    Track t = s.track();
    r.put("sampleCount", t.sampleCount());
    r.put("droppedJumps", t.droppedJumps());
    r.put("startTime", instant(t.startTime()));
    r.put("lastTime", instant(t.lastTime()));
    r.put("lastLat", t.lastLat());
    r.put("lastLon", t.lastLon());
    r.put("lastDeviceDistanceM", t.lastDeviceDistanceM());
    Distance d = s.distance();
    r.put("distanceM", d.distanceM());
    r.put("movingDistanceM", d.movingDistanceM());
    r.put("movingTimeS", d.movingTimeS());
    Elevation e = s.elevation();
    r.put("elevationSmoothedM", e.smoothedM());
    r.put("elevationTurnM", e.turnM());
    r.put("elevationExtremeM", e.extremeM());
    r.put("elevationDirection", e.direction());
    r.put("ascentM", e.ascentM());
    r.put("descentM", e.descentM());
    r.put("gradeFromDistanceM", e.gradeFromDistanceM());
    r.put("gradeFromElevationM", e.gradeFromElevationM());
    r.put("downhillDistanceM", e.downhillDistanceM());
    r.put("bandDistanceM", bands(s.speedBands().distanceM()));
    r.put("bandTimeS", bands(s.speedBands().timeS()));
    Averages a = s.averages();
    r.put("heartRateSum", a.heartRate().sum());
    r.put("heartRateCount", a.heartRate().count());
    r.put("cadenceSum", a.cadence().sum());
    r.put("cadenceCount", a.cadence().count());
    r.put("verticalOscillationSum", a.verticalOscillation().sum());
    r.put("verticalOscillationCount", a.verticalOscillation().count());
    return r;
  }

  private static ActivityState state(GenericRecord r) {
    return new ActivityState(
        new Track(
            (Integer) r.get("sampleCount"),
            (Integer) r.get("droppedJumps"),
            instant(r.get("startTime")),
            instant(r.get("lastTime")),
            (Double) r.get("lastLat"),
            (Double) r.get("lastLon"),
            (Double) r.get("lastDeviceDistanceM")),
        new Distance(
            (Double) r.get("distanceM"),
            (Double) r.get("movingDistanceM"),
            (Double) r.get("movingTimeS")),
        new Elevation(
            (Double) r.get("elevationSmoothedM"),
            (Double) r.get("elevationTurnM"),
            (Double) r.get("elevationExtremeM"),
            (Integer) r.get("elevationDirection"),
            (Double) r.get("ascentM"),
            (Double) r.get("descentM"),
            (Double) r.get("gradeFromDistanceM"),
            (Double) r.get("gradeFromElevationM"),
            (Double) r.get("downhillDistanceM")),
        new SpeedBands(
            bands((GenericRecord) r.get("bandDistanceM")),
            bands((GenericRecord) r.get("bandTimeS"))),
        new Averages(
            new Averages.Mean((Double) r.get("heartRateSum"), (Integer) r.get("heartRateCount")),
            new Averages.Mean((Double) r.get("cadenceSum"), (Integer) r.get("cadenceCount")),
            new Averages.Mean(
                (Double) r.get("verticalOscillationSum"),
                (Integer) r.get("verticalOscillationCount"))));
  }

  private static GenericRecord sample(Sample s) {
    GenericRecord r = new GenericData.Record(SAMPLE);
    r.put("time", instant(s.time()));
    r.put("lat", s.lat());
    r.put("lon", s.lon());
    r.put("elevationM", s.elevationM());
    r.put("speedMps", s.speedMps());
    r.put("distanceM", s.distanceM());
    r.put("cadenceSpm", s.cadenceSpm());
    r.put("verticalOscillationMm", s.verticalOscillationMm());
    r.put("heartRateBpm", s.heartRateBpm());
    r.put("pauseBefore", s.pauseBefore());
    return r;
  }

  private static Sample sample(GenericRecord r) {
    return new Sample(
        instant(r.get("time")),
        (Double) r.get("lat"),
        (Double) r.get("lon"),
        (Double) r.get("elevationM"),
        (Double) r.get("speedMps"),
        (Double) r.get("distanceM"),
        (Integer) r.get("heartRateBpm"),
        (Double) r.get("cadenceSpm"),
        (Double) r.get("verticalOscillationMm"),
        (Boolean) r.get("pauseBefore"));
  }

  private static GenericRecord bands(List<Double> values) {
    NonZeroRun kept = NonZeroRun.of(values, v -> v == 0);
    GenericRecord r = new GenericData.Record(BANDS);
    r.put("size", values.size());
    r.put("first", kept.first());
    r.put("values", values.subList(kept.first(), kept.end()));
    return r;
  }

  private static List<Double> bands(GenericRecord r) {
    int size = (Integer) r.get("size");
    int first = (Integer) r.get("first");
    List<?> in = (List<?>) r.get("values");
    List<Double> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(i >= first && i < first + in.size() ? (Double) in.get(i - first) : 0.0);
    }
    return values;
  }

  private static GenericRecord instant(Instant t) {
    if (t == null) {
      return null;
    }
    GenericRecord r = new GenericData.Record(INSTANT);
    r.put("s", t.getEpochSecond());
    r.put("n", t.getNano());
    return r;
  }

  private static Instant instant(Object o) {
    if (o == null) {
      return null;
    }
    GenericRecord r = (GenericRecord) o;
    return Instant.ofEpochSecond((Long) r.get("s"), (Integer) r.get("n"));
  }

  private static String text(Object o) {
    return o == null ? null : o.toString();
  }

  private static Integer day(LocalDate day) {
    return day == null ? null : (int) day.toEpochDay();
  }

  private static LocalDate day(Object epochDay) {
    return epochDay == null ? null : LocalDate.ofEpochDay((Integer) epochDay);
  }

  private static GenericFixed packed(String id) {
    return new GenericData.Fixed(PACKED_ID, HEX.parseHex(id, ID_PREFIX.length(), id.length()));
  }

  private static byte[] write(GenericDatumWriter<GenericRecord> writer, GenericRecord r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    out.write(VERSION);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      writer.write(r, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static GenericRecord read(GenericDatumReader<GenericRecord> reader, byte[] bytes) {
    if (bytes[0] != VERSION) {
      throw new IllegalStateException("unknown version " + bytes[0]);
    }
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, null);
    try {
      return reader.read(null, decoder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
