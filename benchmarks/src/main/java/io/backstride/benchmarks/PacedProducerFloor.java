package io.backstride.benchmarks;

import io.backstride.avro.SampleBatch;
import io.backstride.ingest.ActivityIntake;
import io.backstride.ingest.ActivityReaders;
import io.backstride.ingest.IngestConfig;
import io.backstride.ingest.SampleBatchSerializer;
import io.backstride.schemas.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Whether the bare producer floor of {@link IngestCpu} depends on the pace of the uploads: the same
 * FIT file's records sent by the bare producer ({@link PublishFloor}, ingest's settings) once back
 * to back, as {@code IngestCpu} measures its floor, and once with a FIT read between two uploads,
 * as ingest's producer sees them (each upload's parse runs between its acknowledgement and the next
 * upload's records). The figure is the producer's I/O thread's CPU per upload in each mode.
 *
 * <p>Issue 15, target 1: ingest's producer I/O thread costs more per FIT upload than the bare
 * producer's, which {@code IngestCpu} counts as ingest's glue. When the bare producer, with nothing
 * of ingest's around it, costs as much once its uploads are paced like ingest's, that excess is the
 * pace (a cold client and cold caches after a 10 ms parse), not ingest's code. No ROW line: it
 * explains a row, it is not one.
 *
 * <p>Usage: {@code PacedProducerFloor [rounds] [uploadsPerRound]}, defaults 10 30.
 */
public final class PacedProducerFloor {
  private static final String FILE = "/samples/activity-small-fenix2-run.fit";

  public static void main(String[] args) throws Exception {
    BenchStack.quietLogging();
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int uploads = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    try (BenchStack stack = BenchStack.start()) {
      run(stack, rounds, uploads, System.out);
    }
  }

  static void run(BenchStack stack, int rounds, int uploads, PrintStream out) throws Exception {
    IngestConfig config = IngestConfig.defaults().withKafkaBootstrap(stack.bootstrap()).withPort(0);
    SampleBatchSerializer serializer = new SampleBatchSerializer(stack.registryClient());
    byte[] body = resource(FILE);
    ActivityIntake intake =
        new ActivityIntake(
            config, ActivityReaders.withMaxBytes(config.maxBodyBytes()), Clock.systemUTC());
    List<byte[]> values = new ArrayList<>();
    for (SampleBatch batch : intake.take("bench-athlete-0", in(body), false).batches()) {
      values.add(serializer.serialize(Topics.ACTIVITY_SAMPLES.name(), batch));
    }
    List<Cost> backToBack = new ArrayList<>();
    List<Cost> paced = new ArrayList<>();
    try (PublishFloor floor = PublishFloor.start(config)) {
      for (int round = 1; round <= rounds; round++) {
        Cost b2b = perUpload(floor, values, uploads, null, null);
        Cost withRead = perUpload(floor, values, uploads, intake, body);
        backToBack.add(b2b);
        paced.add(withRead);
        out.println(
            Stats.format(
                "round %d: bare producer per upload, I/O thread / sending thread: back to back"
                    + " %.3f / %.3f ms, with a FIT read between uploads %.3f / %.3f ms; load %.2f",
                round,
                b2b.io() / 1e6,
                b2b.caller() / 1e6,
                withRead.io() / 1e6,
                withRead.caller() / 1e6,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
      }
    }
    out.println(
        Stats.format(
            "median of %d rounds of %d uploads (%d records each), I/O thread / sending thread:"
                + " back to back %.3f / %.3f ms, paced %.3f / %.3f ms",
            rounds,
            uploads,
            values.size(),
            median(backToBack, Cost::io),
            median(backToBack, Cost::caller),
            median(paced, Cost::io),
            median(paced, Cost::caller)));
  }

  private static double median(List<Cost> costs, ToDoubleFunction<Cost> part) {
    return Stats.median(costs.stream().map(c -> part.applyAsDouble(c)).toList()) / 1e6;
  }

  /**
   * The bare producer's CPU per upload of {@code values}, its I/O thread's and the sending thread's
   * (appending, lz4, flush); with {@code intake}, the file is read (and checked and batched) on
   * this thread between two uploads, outside the sending thread's figure.
   */
  private static Cost perUpload(
      PublishFloor floor, List<byte[]> values, int uploads, ActivityIntake intake, byte[] body)
      throws Exception {
    CpuAccount io = new CpuAccount(PublishFloor.IO_THREAD::equals, name -> false);
    CpuAccount.Snapshot before = CpuAccount.take();
    long caller = 0;
    for (int i = 0; i < uploads; i++) {
      long started = CpuAccount.currentThreadNanos();
      floor.send("bench-athlete-" + i % 10, values);
      caller += CpuAccount.currentThreadNanos() - started;
      if (intake != null) {
        intake.take("bench-athlete-0", in(body), false);
      }
    }
    return new Cost(io.since(before).serviceNanos() / (double) uploads, caller / (double) uploads);
  }

  /** CPU nanoseconds per upload: the producer's I/O thread's, and the sending thread's. */
  record Cost(double io, double caller) {}

  private static InputStream in(byte[] body) {
    return new ByteArrayInputStream(body);
  }

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = PacedProducerFloor.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no " + path + " on the classpath");
      }
      return in.readAllBytes();
    }
  }

  private PacedProducerFloor() {}
}
