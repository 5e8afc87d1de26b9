package io.backstride.benchmarks;

import io.backstride.avro.SampleBatch;
import io.backstride.ingest.ActivityIds;
import io.backstride.ingest.IngestConfig;
import io.backstride.ingest.IngestService;
import io.backstride.ingest.InvalidActivityException;
import io.backstride.ingest.KafkaActivityPublisher;
import io.backstride.ingest.ParsedActivity;
import io.backstride.ingest.SampleBatches;
import io.backstride.ingest.gpx.GpxReader;
import io.backstride.schemas.Topics;
import io.backstride.schemas.serde.AvroSerdes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Ingest end to end against its two bounds, in one JVM on one in-process broker:
 *
 * <ol>
 *   <li><b>parse-only</b>: the GPX files read by {@link GpxReader} on one thread, samples/s;
 *   <li><b>end to end</b>: the same files POSTed to {@link IngestService} over HTTP; a request
 *       counts when its 202 arrives, which the service sends only after Kafka acknowledged every
 *       batch ({@code acks=all}, idempotent). Measured with one client (the same single thread as
 *       parse-only, so the ratio compares like with like) and with several concurrent clients;
 *   <li><b>Kafka alone</b>: {@link ProducerPerformance} with ingest's own producer settings and
 *       records the size of one serialized sample batch, as records/s and MB/s, converted to the
 *       samples/s it would carry at {@link SampleBatches#MAX_SAMPLES} samples a record.
 * </ol>
 *
 * <p>Each is repeated for several rounds, interleaved so that a burst of load from elsewhere on the
 * machine hits all three alike; the medians are printed.
 *
 * <p>Usage: {@code IngestThroughput [files] [rounds] [concurrentClients] [perfRecords]}, defaults
 * 40 5 4 5000.
 */
public final class IngestThroughput {
  static final String PERF_TOPIC = "benchmark-producer-performance";
  private static final Pattern PERF_RESULT =
      Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\)");

  /** What to run: how many files, rounds, clients, and records for ProducerPerformance. */
  record Options(int files, int rounds, int clients, int perfRecords) {
    static Options parse(String[] args) {
      return new Options(
          args.length > 0 ? Integer.parseInt(args[0]) : 40,
          args.length > 1 ? Integer.parseInt(args[1]) : 5,
          args.length > 2 ? Integer.parseInt(args[2]) : 4,
          args.length > 3 ? Integer.parseInt(args[3]) : 5000);
    }
  }

  /** Medians over the rounds. */
  record Result(
      int files,
      long samples,
      int recordSize,
      double parseSamplesPerS,
      double e2eSamplesPerS,
      double e2eConcurrentSamplesPerS,
      double perfRecordsPerS,
      double perfMbPerS) {

    double perfSamplesPerS() {
      return perfRecordsPerS * SampleBatches.MAX_SAMPLES;
    }

    double e2eRatio() {
      return e2eSamplesPerS / parseSamplesPerS;
    }
  }

  public static void main(String[] args) throws Exception {
    BenchStack.quietLogging();
    Options options = Options.parse(args);
    try (BenchStack stack = BenchStack.start()) {
      Result r = run(stack, options, System.out);
      System.out.println();
      System.out.println(
          Stats.format(
              "| measurement (%d files, %,d samples, median of %d rounds) | samples/s | vs parse-only |",
              r.files(), r.samples(), options.rounds()));
      System.out.println("|---|---:|---:|");
      row("parse-only, 1 thread (GpxReader)", r.parseSamplesPerS(), r.parseSamplesPerS());
      row(
          "HTTP end to end, 1 client (202 after acks=all)",
          r.e2eSamplesPerS(),
          r.parseSamplesPerS());
      row(
          "HTTP end to end, " + options.clients() + " concurrent clients",
          r.e2eConcurrentSamplesPerS(),
          r.parseSamplesPerS());
      row(
          Stats.format(
              "ProducerPerformance, %d-byte records (%s records/s, %.1f MB/s) x %d samples",
              r.recordSize(),
              Stats.rate(r.perfRecordsPerS()),
              r.perfMbPerS(),
              SampleBatches.MAX_SAMPLES),
          r.perfSamplesPerS(),
          r.parseSamplesPerS());
      System.out.println(
          Stats.format(
              "%nend to end / parse-only (1 client): %.2f (target >= 0.50)", r.e2eRatio()));
    }
  }

  private static void row(String name, double samplesPerS, double parse) {
    System.out.println(
        Stats.format("| %s | %s | %.2f |", name, Stats.rate(samplesPerS), samplesPerS / parse));
  }

  static Result run(BenchStack stack, Options options, PrintStream log) throws Exception {
    stack.createTopic(PERF_TOPIC, BenchStack.PARTITIONS);
    List<byte[]> files = files(options.files());
    GpxReader reader = new GpxReader();
    long samples = 0;
    List<SampleBatch> batches = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      ParsedActivity activity = reader.read(new ByteArrayInputStream(files.get(i)));
      samples += activity.samples().size();
      String athlete = athlete(i);
      batches.addAll(
          SampleBatches.of(athlete, ActivityIds.of(athlete, activity.start()), activity));
    }
    int recordSize = averageSize(batches, new AvroSerdes(stack.registryClient()));
    log.printf(
        "%d files, %,d samples, %d batches of ~%d bytes%n",
        files.size(), samples, batches.size(), recordSize);

    IngestConfig config = IngestConfig.defaults().withKafkaBootstrap(stack.bootstrap()).withPort(0);
    List<Double> parse = new ArrayList<>();
    List<Double> e2e = new ArrayList<>();
    List<Double> e2eConcurrent = new ArrayList<>();
    List<Double> perfRecords = new ArrayList<>();
    List<Double> perfMb = new ArrayList<>();
    try (IngestService ingest = IngestService.start(config, stack.registryClient())) {
      Uploader client = new Uploader(ingest.url());
      // one unmeasured pass: JIT, HTTP connections, producer metadata, schema registration
      upload(client, files, 1);
      for (int round = 1; round <= options.rounds(); round++) {
        parse.add(Stats.perSecond(samples, parseAll(reader, files)));
        e2e.add(Stats.perSecond(samples, upload(client, files, 1)));
        e2eConcurrent.add(Stats.perSecond(samples, upload(client, files, options.clients())));
        double[] perf = producerPerformance(stack.bootstrap(), options.perfRecords(), recordSize);
        perfRecords.add(perf[0]);
        perfMb.add(perf[1]);
        log.printf(
            "round %d: parse %s, e2e %s, e2e x%d %s samples/s; ProducerPerformance %s records/s"
                + " (%.1f MB/s)%n",
            round,
            Stats.rate(parse.get(round - 1)),
            Stats.rate(e2e.get(round - 1)),
            options.clients(),
            Stats.rate(e2eConcurrent.get(round - 1)),
            Stats.rate(perf[0]),
            perf[1]);
      }
    }
    return new Result(
        files.size(),
        samples,
        recordSize,
        Stats.median(parse),
        Stats.median(e2e),
        Stats.median(e2eConcurrent),
        Stats.median(perfRecords),
        Stats.median(perfMb));
  }

  /**
   * Generated ~8 km runs (2,600 points at 1 Hz, no extensions), one a day, spread over ten
   * athletes: distinct start times give distinct activity ids, as real uploads have.
   */
  static List<byte[]> files(int count) {
    Instant first = Instant.parse("2026-01-05T07:00:00Z");
    List<byte[]> files = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      files.add(
          SyntheticRun.hill(
                  first.plus(Duration.ofDays(i)), SyntheticRun.TYPICAL_SECONDS, 50 + i % 7 * 20, i)
              .gpx(false));
    }
    return files;
  }

  private static String athlete(int file) {
    return "bench-athlete-" + file % 10;
  }

  private static long parseAll(GpxReader reader, List<byte[]> files)
      throws InvalidActivityException {
    long started = System.nanoTime();
    long samples = 0;
    for (byte[] file : files) {
      samples += reader.read(new ByteArrayInputStream(file)).samples().size();
    }
    long took = System.nanoTime() - started;
    if (samples == 0) {
      throw new IllegalStateException("nothing parsed");
    }
    return took;
  }

  /** Uploads every file once, spread over {@code clients} threads; nanoseconds until all 202s. */
  private static long upload(Uploader client, List<byte[]> files, int clients) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      AtomicInteger next = new AtomicInteger();
      long started = System.nanoTime();
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement();
                      i < files.size();
                      i = next.getAndIncrement()) {
                    client.upload(athlete(i), files.get(i));
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
      return System.nanoTime() - started;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Posts files as a sync service would: HTTP/1.1 with keep-alive. The JDK client's default would
   * offer an h2c upgrade on every cleartext request, a cost no real uploader pays.
   */
  private static final class Uploader {
    private final HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;

    Uploader(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    void upload(String athleteId, byte[] file) throws Exception {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl + "/v1/athletes/" + athleteId + "/activities"))
              .header("Content-Type", "application/gpx+xml")
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofByteArray(file))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 202) {
        throw new IllegalStateException(
            "upload answered " + response.statusCode() + ": " + response.body());
      }
    }
  }

  private static int averageSize(List<SampleBatch> batches, AvroSerdes serdes) {
    Serializer<SampleBatch> serializer = serdes.value(Topics.ACTIVITY_SAMPLES).serializer();
    long bytes = 0;
    for (SampleBatch batch : batches) {
      bytes += serializer.serialize(Topics.ACTIVITY_SAMPLES.name(), batch).length;
    }
    return (int) (bytes / batches.size());
  }

  /**
   * Runs Kafka's ProducerPerformance with ingest's producer settings (acks=all, idempotent, lz4,
   * linger 5 ms); returns {records/s, MB/s}. It prints to System.out, which is captured for the
   * length of the run to read its summary line.
   */
  static double[] producerPerformance(String bootstrap, int records, int recordSize)
      throws Exception {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--topic",
            PERF_TOPIC,
            "--num-records",
            Integer.toString(records),
            "--record-size",
            Integer.toString(recordSize),
            "--throughput",
            "-1",
            "--producer-props"));
    for (Map.Entry<String, Object> setting :
        KafkaActivityPublisher.producerConfig(bootstrap, Duration.ofSeconds(30)).entrySet()) {
      if (!setting.getKey().equals("client.id")) {
        args.add(setting.getKey() + "=" + setting.getValue());
      }
    }
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      ProducerPerformance.main(args.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    Matcher last = null;
    Matcher m = PERF_RESULT.matcher(output);
    while (m.find()) {
      last = PERF_RESULT.matcher(output.substring(m.start()));
      last.lookingAt();
    }
    if (last == null) {
      throw new IllegalStateException("no result from ProducerPerformance:\n" + output);
    }
    return new double[] {Double.parseDouble(last.group(2)), Double.parseDouble(last.group(3))};
  }

  private IngestThroughput() {}
}
