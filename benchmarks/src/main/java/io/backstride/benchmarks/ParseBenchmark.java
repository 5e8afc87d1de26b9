package io.backstride.benchmarks;

import com.garmin.fit.Decode;
import com.garmin.fit.MesgNum;
import io.backstride.ingest.InvalidActivityException;
import io.backstride.ingest.ParsedActivity;
import io.backstride.ingest.fit.FitReader;
import io.backstride.ingest.gpx.GpxReader;
import io.backstride.ingest.tcx.TcxReader;
import io.backstride.ingest.xml.SecureXml;
import io.jenetics.jpx.GPX;
import io.jenetics.jpx.Track;
import io.jenetics.jpx.TrackSegment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading activity files into samples: backstride's streaming readers against a reference on the
 * same bytes, in one JMH run. The primary score is files per second; the {@code points} secondary
 * score (an {@link AuxCounters} counter) is track points read per second, the figure the targets
 * are stated in.
 *
 * <p>TCX has no reference reader here; FIT is compared with the Garmin FIT SDK's own {@code Decode}
 * and a listener that does nothing but count, on the same file.
 *
 * <p>GPX is compared with {@code io.jenetics:jpx} in LENIENT mode, which builds its immutable
 * object model and, for a point with {@code <extensions>}, a DOM document per point. jpx is only
 * asked to read; backstride also sorts, de-duplicates and converts cadence, so the comparison is
 * tilted towards jpx, not away from it.
 *
 * <p>Defaults are sized for a shared 2-core machine: one fork, 2 warm-up and 3 measured iterations
 * of 2 s. Override on the command line ({@code -f -wi -i -w -r}) for quieter machines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xms1g",
      "-Xmx1g",
      // jpx looks its StAX up, and Aalto on the class path registers itself as the default: keep
      // the reference on the JDK's own parser, as it was measured before. backstride's readers
      // name their factories, so this setting does not reach them.
      "-Djavax.xml.stream.XMLInputFactory=com.sun.xml.internal.stream.XMLInputFactoryImpl"
    })
public class ParseBenchmark {
  private static final FitReader BACKSTRIDE_FIT = new FitReader();
  private static final GPX.Reader JPX_11 = GPX.Reader.of(GPX.Version.V11, GPX.Reader.Mode.LENIENT);
  private static final GPX.Reader JPX_10 = GPX.Reader.of(GPX.Version.V10, GPX.Reader.Mode.LENIENT);

  /** A generated 2,600-point run: position, elevation, time. */
  byte[] gpxPlain;

  /** The same run with heart rate and cadence in Garmin's TrackPointExtension on every point. */
  byte[] gpxExtensions;

  /** A real GPX 1.0 file by GPSBabel (871 points, 358 of them without a time). */
  byte[] gpxReal;

  /** A real TCX file from a Garmin Forerunner 410 (384 trackpoints). */
  byte[] tcxReal;

  /** A real FIT file from a Garmin Fenix 2 (2,809 records with HR, cadence, oscillation). */
  byte[] fitReal;

  /**
   * backstride's XML readers on one StAX implementation: {@code AALTO} is what ingest runs, {@code
   * JDK} the built-in StAX the readers used before, measured beside it in the same run.
   */
  @State(Scope.Benchmark)
  public static class XmlReaders {
    @Param({"AALTO", "JDK"})
    public SecureXml.Stax stax;

    GpxReader gpx;
    TcxReader tcx;

    @Setup
    public void create() {
      gpx = new GpxReader(stax);
      tcx = new TcxReader(stax);
    }
  }

  /**
   * Points read since the iteration began, and the CPU time the benchmark thread spent reading
   * them; JMH reports both per second beside the file rate. Their quotient is points per CPU second
   * of the reading thread, which, unlike the wall-clock rate, does not fall when other processes
   * take the cores away (GC threads are not counted: they are a small share for every reader here).
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Points {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public long points;
    public long cpuNanos;

    @Setup(Level.Iteration)
    public void reset() {
      points = 0;
      cpuNanos = 0;
    }

    static long cpuNow() {
      return THREADS.getCurrentThreadCpuTime();
    }

    void add(long read, long cpuSince) {
      points += read;
      cpuNanos += cpuNow() - cpuSince;
    }
  }

  @Setup
  public void load() {
    SyntheticRun run =
        SyntheticRun.hill(
            Instant.parse("2026-03-02T07:00:00Z"), SyntheticRun.TYPICAL_SECONDS, 50, 42);
    gpxPlain = run.gpx(false);
    gpxExtensions = run.gpx(true);
    gpxReal = resource("/samples/korita-zbevnica.gpx");
    tcxReal = resource("/samples/forerunner410-run.tcx");
    fitReal = resource("/samples/activity-small-fenix2-run.fit");
  }

  @Benchmark
  public ParsedActivity gpxPlainBackstride(XmlReaders readers, Points counter)
      throws InvalidActivityException {
    long cpu = Points.cpuNow();
    return count(readers.gpx.read(new ByteArrayInputStream(gpxPlain)), counter, cpu);
  }

  @Benchmark
  public GPX gpxPlainJpx(Points counter) {
    return jpx(JPX_11, gpxPlain, counter);
  }

  @Benchmark
  public ParsedActivity gpxExtensionsBackstride(XmlReaders readers, Points counter)
      throws InvalidActivityException {
    long cpu = Points.cpuNow();
    return count(readers.gpx.read(new ByteArrayInputStream(gpxExtensions)), counter, cpu);
  }

  @Benchmark
  public GPX gpxExtensionsJpx(Points counter) {
    return jpx(JPX_11, gpxExtensions, counter);
  }

  @Benchmark
  public ParsedActivity gpxRealBackstride(XmlReaders readers, Points counter)
      throws InvalidActivityException {
    long cpu = Points.cpuNow();
    return count(readers.gpx.read(new ByteArrayInputStream(gpxReal)), counter, cpu);
  }

  @Benchmark
  public GPX gpxRealJpx(Points counter) {
    return jpx(JPX_10, gpxReal, counter);
  }

  @Benchmark
  public ParsedActivity tcxRealBackstride(XmlReaders readers, Points counter)
      throws InvalidActivityException {
    long cpu = Points.cpuNow();
    return count(readers.tcx.read(new ByteArrayInputStream(tcxReal)), counter, cpu);
  }

  @Benchmark
  public ParsedActivity fitRealBackstride(Points counter) throws InvalidActivityException {
    long cpu = Points.cpuNow();
    return count(BACKSTRIDE_FIT.read(new ByteArrayInputStream(fitReal)), counter, cpu);
  }

  /**
   * The FIT SDK's plain decode of the same file with a listener that only counts record messages:
   * the floor under any reader built on the SDK, as backstride's is. It skips the CRC check that
   * backstride's reader does first (one more pass over the bytes).
   */
  @Benchmark
  public long fitRealSdkDecode(Points counter) {
    long cpu = Points.cpuNow();
    long[] records = {0};
    boolean complete =
        new Decode()
            .read(
                new ByteArrayInputStream(fitReal),
                mesg -> {
                  if (mesg.getNum() == MesgNum.RECORD) {
                    records[0]++;
                  }
                });
    if (!complete) {
      throw new IllegalStateException("the FIT SDK did not read the file to its end");
    }
    counter.add(records[0], cpu);
    return records[0];
  }

  private static ParsedActivity count(ParsedActivity activity, Points counter, long cpuSince) {
    // points without a time were read too, then set aside: they count as work done
    counter.add(activity.samples().size() + activity.pointsWithoutTime(), cpuSince);
    return activity;
  }

  private static GPX jpx(GPX.Reader reader, byte[] file, Points counter) {
    try {
      long cpu = Points.cpuNow();
      GPX gpx = reader.read(new ByteArrayInputStream(file));
      counter.add(trackPoints(gpx), cpu);
      return gpx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Track points of a jpx document, the same points backstride's reader takes. */
  static long trackPoints(GPX gpx) {
    long points = 0;
    for (Track track : gpx.getTracks()) {
      for (TrackSegment segment : track.getSegments()) {
        points += segment.getPoints().size();
      }
    }
    return points;
  }

  static byte[] resource(String name) {
    try (InputStream in = ParseBenchmark.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
