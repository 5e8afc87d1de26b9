package io.backstride.benchmarks;

import com.garmin.fit.DateTime;
import com.garmin.fit.Event;
import com.garmin.fit.EventMesg;
import com.garmin.fit.EventType;
import com.garmin.fit.File;
import com.garmin.fit.FileEncoder;
import com.garmin.fit.FileIdMesg;
import com.garmin.fit.Fit;
import com.garmin.fit.Manufacturer;
import com.garmin.fit.Mesg;
import com.garmin.fit.RecordMesg;
import com.garmin.fit.SessionMesg;
import com.garmin.fit.Sport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A runner's history as a Strava bulk export would hand it over: {@code activities/ID.EXT} files
 * (GPX from a Garmin watch with its TrackPointExtension, GPX from a phone app without, FIT from the
 * Garmin FIT SDK's own encoder, TCX), some of them gzipped as Strava keeps uploads ({@code
 * .gpx.gz}, {@code .fit.gz}, {@code .tcx.gz}), beside {@code activities.csv}, {@code profile.csv}
 * and a photo, which an import skips. Everything follows from the seed and fixed dates: the same
 * arguments give the same bytes on every run.
 *
 * <p>Runs of 40 to 90 minutes at 4:30 to 6:15 min/km, out and back over a hill of 20 to 180 m. A
 * phone records every second; the watch files have Garmin's "smart recording" (a point every 1 to 6
 * seconds), which is what most watch exports hold.
 */
final class HistoryExport {
  /** The first day of the history; fixed, so no run depends on when the harness runs. */
  static final LocalDate FIRST_DAY = LocalDate.of(2021, 1, 4);

  static final int YEARS_DAYS = 5 * 365 + 1;

  /** How a file is written. */
  enum Kind {
    GPX_GARMIN("gpx"),
    GPX_PHONE("gpx"),
    FIT("fit"),
    TCX("tcx");

    final String extension;

    Kind(String extension) {
      this.extension = extension;
    }
  }

  /**
   * One run of the history.
   *
   * @param name the entry's path inside the export, e.g. {@code activities/4100000123.fit.gz}
   */
  record Run(
      String name,
      Kind kind,
      boolean gzipped,
      Instant start,
      int seconds,
      double speedMps,
      double climbM,
      long seed) {
    LocalDate day() {
      return LocalDate.ofInstant(start, ZoneOffset.UTC);
    }
  }

  /** What was written: the runs oldest first, and where. */
  record Written(List<Run> runs, Path folder, Path zip, long activityBytes, long zipBytes) {}

  private HistoryExport() {}

  /**
   * The runs of a history of {@code files} runs over five years, oldest first: on {@code files}
   * distinct days (so at most one a day), at 06:00 to 19:00 UTC.
   */
  static List<Run> plan(int files, long seed) {
    if (files < 1 || files > YEARS_DAYS) {
      throw new IllegalArgumentException("1 to " + YEARS_DAYS + " files, not " + files);
    }
    Random random = new Random(seed);
    List<Integer> days = new ArrayList<>(IntStream.range(0, YEARS_DAYS).boxed().toList());
    Collections.shuffle(days, random);
    List<Integer> chosen = new ArrayList<>(days.subList(0, files));
    Collections.sort(chosen);
    List<Run> runs = new ArrayList<>(files);
    long stravaId = 4_100_000_000L;
    for (int i = 0; i < files; i++) {
      Kind kind = Kind.values()[pick(random)];
      boolean gzipped = random.nextInt(10) < 3;
      Instant start =
          FIRST_DAY
              .plusDays(chosen.get(i))
              .atStartOfDay(ZoneOffset.UTC)
              .toInstant()
              .plusSeconds(6 * 3600 + random.nextInt(13 * 3600));
      int seconds = 40 * 60 + random.nextInt(50 * 60 + 1);
      double speed = 1000.0 / (270 + random.nextInt(106)); // 4:30 to 6:15 per km
      double climb = 20 + random.nextInt(161);
      stravaId += 1 + random.nextInt(3_000_000);
      String name = "activities/" + stravaId + "." + kind.extension + (gzipped ? ".gz" : "");
      runs.add(new Run(name, kind, gzipped, start, seconds, speed, climb, random.nextLong()));
    }
    return List.copyOf(runs);
  }

  /** Four GPX from a watch for every two from a phone, two FIT and two TCX. */
  private static int pick(Random random) {
    int n = random.nextInt(10);
    return n < 4 ? 0 : n < 6 ? 1 : n < 8 ? 2 : 3;
  }

  /**
   * Writes the export under {@code dir}: the unpacked folder ({@code dir/export}, its activity
   * files in {@code dir/export/activities}) and the zip of it ({@code dir/export.zip}).
   */
  static Written write(Path dir, List<Run> runs) throws IOException {
    Path folder = dir.resolve("export");
    Path activities = Files.createDirectories(folder.resolve("activities"));
    // the files are made side by side (the FIT encoder and gzip are the slow part), then zipped
    long[] sizes = new long[runs.size()];
    IntStream.range(0, runs.size())
        .parallel()
        .forEach(
            i -> {
              try {
                byte[] bytes = bytes(runs.get(i), dir);
                Files.write(folder.resolve(runs.get(i).name()), bytes);
                sizes[i] = bytes.length;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    Files.writeString(folder.resolve("activities.csv"), csv(runs));
    Files.writeString(
        folder.resolve("profile.csv"), "Athlete ID,First Name,Last Name\n12345678,Ana,Novak\n");
    Files.createDirectories(folder.resolve("media"));
    Files.write(folder.resolve("media/finish.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 0, 0});
    Path zip = dir.resolve("export.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.setLevel(Deflater.BEST_SPEED);
      for (String name : List.of("activities.csv", "profile.csv", "media/finish.jpg")) {
        put(out, name, Files.readAllBytes(folder.resolve(name)));
      }
      for (Run run : runs) {
        put(out, run.name(), Files.readAllBytes(folder.resolve(run.name())));
      }
    }
    long total = 0;
    for (long s : sizes) {
      total += s;
    }
    return new Written(runs, activities, zip, total, Files.size(zip));
  }

  private static void put(ZipOutputStream out, String name, byte[] bytes) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    out.putNextEntry(entry);
    out.write(bytes);
    out.closeEntry();
  }

  /** The file of one run, as it is stored (gzipped when the run says so). */
  static byte[] bytes(Run run, Path scratch) throws IOException {
    SyntheticRun points = SyntheticRun.hill(run.start(), run.seconds(), run.climbM(), run.seed());
    SyntheticRun recorded =
        run.kind() == Kind.GPX_PHONE ? points : smartRecording(points, run.seed());
    byte[] file =
        switch (run.kind()) {
          case GPX_GARMIN -> recorded.gpx(true);
          case GPX_PHONE -> recorded.gpx(false);
          case TCX -> tcx(recorded, run.speedMps());
          case FIT -> fit(recorded, run.speedMps(), scratch);
        };
    if (!run.gzipped()) {
      return file;
    }
    ByteArrayOutputStream packed = new ByteArrayOutputStream(file.length / 5);
    try (OutputStream gzip = new GZIPOutputStream(packed)) {
      gzip.write(file);
    }
    return packed.toByteArray();
  }

  /** Keeps a point every 1 to 6 seconds, as a watch on smart recording does. */
  private static SyntheticRun smartRecording(SyntheticRun run, long seed) {
    Random random = new Random(seed ^ 0x5eed);
    List<SyntheticRun.Point> kept = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < run.points().size(); i++) {
      if (i == next || i == run.points().size() - 1) {
        kept.add(run.points().get(i));
        next = i + 1 + random.nextInt(6);
      }
    }
    return new SyntheticRun(List.copyOf(kept));
  }

  /** Distance along the track at each point, from its constant speed. */
  private static double distance(SyntheticRun run, int i, double speed) {
    return (run.points().get(i).time().getEpochSecond()
            - run.points().get(0).time().getEpochSecond())
        * speed;
  }

  static byte[] tcx(SyntheticRun run, double speed) {
    List<SyntheticRun.Point> points = run.points();
    String start = DateTimeFormatter.ISO_INSTANT.format(points.get(0).time());
    StringBuilder tcx = new StringBuilder(points.size() * 420);
    tcx.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<TrainingCenterDatabase")
        .append(" xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"")
        .append(" xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\">\n")
        .append(" <Activities>\n  <Activity Sport=\"Running\">\n   <Id>")
        .append(start)
        .append("</Id>\n   <Lap StartTime=\"")
        .append(start)
        .append("\">\n    <TotalTimeSeconds>")
        .append(
            points.get(points.size() - 1).time().getEpochSecond()
                - points.get(0).time().getEpochSecond())
        .append("</TotalTimeSeconds>\n    <Intensity>Active</Intensity>\n")
        .append("    <TriggerMethod>Manual</TriggerMethod>\n    <Track>\n");
    for (int i = 0; i < points.size(); i++) {
      SyntheticRun.Point p = points.get(i);
      tcx.append("     <Trackpoint>\n      <Time>")
          .append(DateTimeFormatter.ISO_INSTANT.format(p.time()))
          .append("</Time>\n      <Position>\n       <LatitudeDegrees>")
          .append(String.format(Locale.ROOT, "%.7f", p.lat()))
          .append("</LatitudeDegrees>\n       <LongitudeDegrees>")
          .append(String.format(Locale.ROOT, "%.7f", p.lon()))
          .append("</LongitudeDegrees>\n      </Position>\n      <AltitudeMeters>")
          .append(String.format(Locale.ROOT, "%.1f", p.ele()))
          .append("</AltitudeMeters>\n      <DistanceMeters>")
          .append(String.format(Locale.ROOT, "%.1f", distance(run, i, speed)))
          .append("</DistanceMeters>\n      <HeartRateBpm>\n       <Value>")
          .append(p.hr())
          .append("</Value>\n      </HeartRateBpm>\n      <Extensions>\n")
          .append("       <ns3:TPX>\n        <ns3:Speed>")
          .append(String.format(Locale.ROOT, "%.3f", speed))
          .append("</ns3:Speed>\n        <ns3:RunCadence>")
          .append(p.cad())
          .append("</ns3:RunCadence>\n       </ns3:TPX>\n      </Extensions>\n")
          .append("     </Trackpoint>\n");
    }
    tcx.append("    </Track>\n   </Lap>\n  </Activity>\n </Activities>\n")
        .append("</TrainingCenterDatabase>\n");
    return tcx.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The run as a FIT activity file written by the Garmin SDK's encoder (it takes a file). */
  static byte[] fit(SyntheticRun run, double speed, Path scratch) throws IOException {
    List<SyntheticRun.Point> points = run.points();
    Instant start = points.get(0).time();
    Instant end = points.get(points.size() - 1).time();
    List<Mesg> messages = new ArrayList<>(points.size() + 4);
    FileIdMesg id = new FileIdMesg();
    id.setType(File.ACTIVITY);
    id.setManufacturer(Manufacturer.GARMIN);
    id.setProduct(3113); // a Forerunner
    id.setSerialNumber(3_900_000_001L);
    id.setTimeCreated(new DateTime(start));
    messages.add(id);
    messages.add(timer(start, EventType.START));
    for (int i = 0; i < points.size(); i++) {
      SyntheticRun.Point p = points.get(i);
      RecordMesg r = new RecordMesg();
      r.setTimestamp(new DateTime(p.time()));
      r.setPositionLat(semicircles(p.lat()));
      r.setPositionLong(semicircles(p.lon()));
      r.setEnhancedAltitude((float) p.ele());
      r.setEnhancedSpeed((float) speed);
      r.setDistance((float) distance(run, i, speed));
      r.setHeartRate((short) p.hr());
      r.setCadence((short) p.cad());
      messages.add(r);
    }
    messages.add(timer(end, EventType.STOP_ALL));
    SessionMesg session = new SessionMesg();
    session.setTimestamp(new DateTime(end));
    session.setStartTime(new DateTime(start));
    session.setSport(Sport.RUNNING);
    session.setTotalElapsedTime((float) (end.getEpochSecond() - start.getEpochSecond()));
    messages.add(session);
    Path file = Files.createTempFile(scratch, "history-", ".fit");
    try {
      FileEncoder encoder = new FileEncoder(file.toFile(), Fit.ProtocolVersion.V2_0);
      encoder.write(messages);
      encoder.close();
      return Files.readAllBytes(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static EventMesg timer(Instant at, EventType type) {
    EventMesg event = new EventMesg();
    event.setTimestamp(new DateTime(at));
    event.setEvent(Event.TIMER);
    event.setEventType(type);
    return event;
  }

  private static int semicircles(double degrees) {
    return (int) Math.round(degrees * (1L << 31) / 180.0);
  }

  private static String csv(List<Run> runs) {
    StringBuilder csv = new StringBuilder("Activity ID,Activity Date,Activity Type,Filename\n");
    for (Run run : runs) {
      String file = run.name();
      csv.append(file, file.indexOf('/') + 1, file.indexOf('.'))
          .append(',')
          .append(run.start())
          .append(",Run,")
          .append(file)
          .append('\n');
    }
    return csv.toString();
  }

  /** {@code java ... HistoryExport FILES DIR}: writes an export to look at. */
  public static void main(String[] args) throws IOException {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Path dir = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "history-export"));
    long t0 = System.nanoTime();
    Written w = write(dir, plan(files, 15_4L));
    System.out.printf(
        Locale.ROOT,
        "%d files, %.1f MB of activity files, zip %.1f MB, %s to %s, in %.1f s%n",
        w.runs().size(),
        w.activityBytes() / 1e6,
        w.zipBytes() / 1e6,
        w.runs().get(0).start(),
        w.runs().get(w.runs().size() - 1).start(),
        (System.nanoTime() - t0) / 1e9);
  }
}
