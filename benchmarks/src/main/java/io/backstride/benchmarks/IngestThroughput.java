package io.backstride.benchmarks;

import io.backstride.avro.SampleBatch;
import io.backstride.ingest.ActivityIntake;
import io.backstride.ingest.ActivityReaders;
import io.backstride.ingest.IngestConfig;
import io.backstride.ingest.IngestService;
import io.backstride.ingest.InvalidActivityException;
import io.backstride.ingest.KafkaActivityPublisher;
import io.backstride.ingest.SampleBatches;
import io.backstride.ingest.gpx.GpxReader;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topics;
import io.backstride.schemas.serde.AvroSerdes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 *       parse-only, so the ratio compares like with like) and with several concurrent clients, all
 *       on the JDK's {@link HttpClient}; and once more with one client that writes HTTP/1.1
 *       straight to a socket, to show how much of the difference is the JDK client's own work on
 *       the same cores;
 *   <li><b>Kafka alone</b>: {@link ProducerPerformance}, in a JVM of its own, with ingest's
 *       producer settings and records the size of one serialized sample batch, as records/s and
 *       MB/s, converted to the samples/s it would carry at {@link SampleBatches#MAX_SAMPLES}
 *       samples a record.
 * </ol>
 *
 * <p>Each is repeated for several rounds, interleaved so that a burst of load from elsewhere on the
 * machine hits all of them alike; the medians are printed, and beside the ratio of the medians the
 * median of each round's own ratio. Parse-only is timed twice in each round: all files back to
 * back, the bound the target is about, and one file at a time taking turns with the one-client
 * uploads of the same file, which a burst of load hits as it hits the uploads. The second is the
 * slower (by 0-35% on a quiet machine: the uploads in between leave the caches cold for the
 * parser), so it is printed as a companion, never as the bound.
 *
 * <p>The rates are wall clock, and on two shared cores they mix the service's cost with the
 * broker's, the clients' and the JIT's. So the concurrent uploads are also accounted in CPU time by
 * thread ({@link CpuAccount}): what the service's own threads spend per upload, beside the CPU the
 * parser alone spends per file. That ratio is the service's overhead on top of parsing wherever its
 * clients and broker run.
 *
 * <p>Usage: {@code IngestThroughput [files] [rounds] [concurrentClients] [perfRecords]
 * [warmUpRounds]}, defaults 40 5 4 5000 20.
 */
public final class IngestThroughput {
  static final String PERF_TOPIC = "benchmark-producer-performance";
  private static final String CLIENT_THREAD = "upload-client-";
  private static final int CORES = Runtime.getRuntime().availableProcessors();
  private static final Pattern PERF_RESULT =
      Pattern.compile(
          "(\\d+)( steady state)? records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\)");

  /** What to run: how many files, rounds, clients, and records for ProducerPerformance. */
  record Options(int files, int rounds, int clients, int perfRecords, int warmUpRounds) {
    static Options parse(String[] args) {
      return new Options(
          args.length > 0 ? Integer.parseInt(args[0]) : 40,
          args.length > 1 ? Integer.parseInt(args[1]) : 5,
          args.length > 2 ? Integer.parseInt(args[2]) : 4,
          args.length > 3 ? Integer.parseInt(args[3]) : 5000,
          args.length > 4 ? Integer.parseInt(args[4]) : 20);
    }
  }

  /**
   * CPU milliseconds per file: the parser alone (back to back, its thread's CPU), and the
   * concurrent uploads split by {@link CpuAccount}, medians over the rounds; and the JIT's compile
   * time in a round.
   */
  record CpuPerUpload(
      double parse, double service, double clients, double otherJava, double vm, double jitMs) {

    /** Each figure's median over {@code rounds}. */
    static CpuPerUpload median(List<CpuPerUpload> rounds) {
      return new CpuPerUpload(
          Stats.median(rounds.stream().map(CpuPerUpload::parse).toList()),
          Stats.median(rounds.stream().map(CpuPerUpload::service).toList()),
          Stats.median(rounds.stream().map(CpuPerUpload::clients).toList()),
          Stats.median(rounds.stream().map(CpuPerUpload::otherJava).toList()),
          Stats.median(rounds.stream().map(CpuPerUpload::vm).toList()),
          Stats.median(rounds.stream().map(CpuPerUpload::jitMs).toList()));
    }

    /** Parsing's share of the service's own CPU: 1.0 would be a service that only parses. */
    double parseShareOfService() {
      return parse / service;
    }
  }

  /** Medians over the rounds. */
  record Result(
      int files,
      long samples,
      int recordSize,
      double parseSamplesPerS,
      double parseBackToBackSamplesPerS,
      double parseAllCoresSamplesPerS,
      double e2eSamplesPerS,
      double e2eSocketSamplesPerS,
      double e2eConcurrentSamplesPerS,
      double perfRecordsPerS,
      double perfMbPerS,
      double roundRatio,
      double socketRoundRatio,
      List<CpuPerUpload> cpuRounds,
      List<Double> concurrentRoundRatios) {

    double perfSamplesPerS() {
      return perfRecordsPerS * SampleBatches.MAX_SAMPLES;
    }

    /** The CPU per file, medians over the rounds. */
    CpuPerUpload cpu() {
      return CpuPerUpload.median(cpuRounds);
    }

    /** The target's ratio: one client's uploads against parsing the files back to back. */
    double e2eRatio() {
      return e2eSamplesPerS / parseBackToBackSamplesPerS;
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
      double parse = r.parseBackToBackSamplesPerS();
      row("parse-only, 1 thread (GpxReader), all files back to back", parse, parse);
      row(
          "parse-only, 1 thread (GpxReader), one file at a time between the uploads",
          r.parseSamplesPerS(),
          parse);
      row(
          "parse-only, " + CORES + " threads (one per core), all files back to back",
          r.parseAllCoresSamplesPerS(),
          parse);
      row("HTTP end to end, 1 client (202 after acks=all)", r.e2eSamplesPerS(), parse);
      row(
          "HTTP end to end, 1 client writing HTTP/1.1 to a socket (202 after acks=all)",
          r.e2eSocketSamplesPerS(),
          parse);
      row(
          "HTTP end to end, " + options.clients() + " concurrent clients",
          r.e2eConcurrentSamplesPerS(),
          parse);
      row(
          Stats.format(
              "ProducerPerformance, %d-byte records (%s records/s, %.1f MB/s) x %d samples",
              r.recordSize(),
              Stats.rate(r.perfRecordsPerS()),
              r.perfMbPerS(),
              SampleBatches.MAX_SAMPLES),
          r.perfSamplesPerS(),
          parse);
      System.out.println(
          Stats.format(
              "%nend to end / parse-only back to back (1 client): %.2f of the medians, %.2f the"
                  + " median of the rounds' ratios (target >= 0.50); with the socket client %.2f"
                  + " and %.2f. Against the parse that takes turns with the uploads: %.2f and %.2f",
              r.e2eRatio(),
              r.roundRatio(),
              r.e2eSocketSamplesPerS() / parse,
              r.socketRoundRatio(),
              r.e2eSamplesPerS() / r.parseSamplesPerS(),
              r.e2eSocketSamplesPerS() / r.parseSamplesPerS()));
      System.out.println(
          Stats.format(
              "%d concurrent clients against parse-only on %d threads: %.2f",
              options.clients(),
              CORES,
              r.e2eConcurrentSamplesPerS() / r.parseAllCoresSamplesPerS()));
      System.out.println(
          "per round, "
              + options.clients()
              + " clients / parse-only back to back: "
              + spread(r.concurrentRoundRatios()));
      printCpu(r.cpu(), r.cpuRounds(), options.clients());
    }
  }

  /** The median of per-round values and their range, e.g. "median 1.45 (1.08-2.75)". */
  private static String spread(List<Double> values) {
    return Stats.format(
        "median %.2f (%.2f-%.2f)",
        Stats.median(values),
        values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
        values.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
  }

  private static void printCpu(CpuPerUpload cpu, List<CpuPerUpload> rounds, int clients) {
    System.out.println();
    System.out.println(
        Stats.format(
            "| CPU per file, %d concurrent clients (median of the rounds) | ms | vs parsing |",
            clients));
    System.out.println("|---|---:|---:|");
    cpuRow("parsing alone (parse-only back to back, its thread's CPU)", cpu.parse(), cpu.parse());
    cpuRow(
        "the service's threads (HTTP, parse, checks, Avro, producer I/O)",
        cpu.service(),
        cpu.parse());
    cpuRow("the clients' threads (JDK HttpClient)", cpu.clients(), cpu.parse());
    cpuRow("every other Java thread (the broker, the registry)", cpu.otherJava(), cpu.parse());
    cpuRow("no Java thread (JIT compilers, GC, VM)", cpu.vm(), cpu.parse());
    System.out.println(
        Stats.format(
            "%nparsing is %.2f of the service's own CPU per upload; the JIT compiled for %.0f ms"
                + " in a median round",
            cpu.parseShareOfService(), cpu.jitMs()));
    // The parser's CPU per file differs between rounds by up to 2x on this machine (its own
    // thread's CPU, so not time spent waiting), so each round's ratio is shown as well.
    System.out.println(
        "per round, the service's CPU / the parser's: "
            + spread(rounds.stream().map(r -> r.service() / r.parse()).toList())
            + "; the parser's CPU per file: "
            + spread(rounds.stream().map(CpuPerUpload::parse).toList())
            + " ms");
  }

  private static void cpuRow(String name, double ms, double parse) {
    System.out.println(Stats.format("| %s | %.2f | %.2f |", name, ms, ms / parse));
  }

  private static void row(String name, double samplesPerS, double parse) {
    System.out.println(
        Stats.format("| %s | %s | %.2f |", name, Stats.rate(samplesPerS), samplesPerS / parse));
  }

  static Result run(BenchStack stack, Options options, PrintStream log) throws Exception {
    stack.createTopic(PERF_TOPIC, BenchStack.PARTITIONS);
    List<byte[]> files = files(options.files());
    GpxReader reader = new GpxReader();
    IngestConfig config = IngestConfig.defaults().withKafkaBootstrap(stack.bootstrap()).withPort(0);
    // the service's own steps up to the producer, so that the record size is that of its batches
    ActivityIntake intake =
        new ActivityIntake(
            config, ActivityReaders.withMaxBytes(config.maxBodyBytes()), Clock.systemUTC());
    long samples = 0;
    List<SampleBatch> batches = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      ActivityIntake.Upload upload =
          intake.take(athlete(i), new ByteArrayInputStream(files.get(i)), false);
      samples += upload.activity().samples().size();
      batches.addAll(upload.batches());
    }
    int recordSize = averageSize(batches, new AvroSerdes(stack.registryClient()));
    log.printf(
        "%d files, %,d samples, %d batches of ~%d bytes%n",
        files.size(), samples, batches.size(), recordSize);

    List<Double> parse = new ArrayList<>();
    List<Double> parseBackToBack = new ArrayList<>();
    List<Double> parseAllCores = new ArrayList<>();
    List<Double> e2e = new ArrayList<>();
    List<Double> e2eSocket = new ArrayList<>();
    List<Double> e2eConcurrent = new ArrayList<>();
    List<Double> perfRecords = new ArrayList<>();
    List<Double> perfMb = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<Double> socketRatios = new ArrayList<>();
    List<CpuPerUpload> cpu = new ArrayList<>();
    List<Double> concurrentRatios = new ArrayList<>();
    CpuAccount account =
        new CpuAccount(
            CpuAccount.ingestService(),
            name ->
                name.startsWith(CLIENT_THREAD)
                    || name.startsWith("HttpClient-")
                    || name.equals("main"));
    ExecutorService parsers = Executors.newFixedThreadPool(CORES, daemons("parse-worker-"));
    ExecutorService clients =
        Executors.newFixedThreadPool(options.clients(), daemons(CLIENT_THREAD));
    try (IngestService ingest = IngestService.start(config, stack.registryClient());
        SocketUploader socketClient = new SocketUploader("127.0.0.1", ingest.port())) {
      Uploader client = new Uploader(ingest.url());
      // Unmeasured rounds: HTTP connections, producer metadata, schema registration, and the
      // JIT's first pass over the upload path. With the service, the clients and the broker in one
      // JVM it keeps compiling much longer than that: after 8 warm-up rounds and after 20 alike,
      // the measured rounds still had 0.5-1.6 s of compile time each. Each round prints it.
      for (int warmUp = 0; warmUp < options.warmUpRounds(); warmUp++) {
        parseAndUploadEach(reader, files, client, socketClient);
        upload(clients, client, files, options.clients());
      }
      for (int round = 1; round <= options.rounds(); round++) {
        long jitAtStart = CpuAccount.take().jit();
        long[] backToBack = parseAll(reader, files);
        parseBackToBack.add(Stats.perSecond(samples, backToBack[0]));
        parseAllCores.add(Stats.perSecond(samples, parseConcurrently(parsers, reader, files)));
        long[] nanos = parseAndUploadEach(reader, files, client, socketClient);
        parse.add(Stats.perSecond(samples, nanos[0]));
        e2e.add(Stats.perSecond(samples, nanos[1]));
        e2eSocket.add(Stats.perSecond(samples, nanos[2]));
        CpuAccount.Snapshot beforeConcurrent = CpuAccount.take();
        e2eConcurrent.add(
            Stats.perSecond(samples, upload(clients, client, files, options.clients())));
        CpuAccount.Split split = account.since(beforeConcurrent);
        double[] perf = producerPerformance(stack.bootstrap(), options.perfRecords(), recordSize);
        perfRecords.add(perf[0]);
        perfMb.add(perf[1]);
        ratios.add(e2e.get(round - 1) / parseBackToBack.get(round - 1));
        socketRatios.add(e2eSocket.get(round - 1) / parseBackToBack.get(round - 1));
        concurrentRatios.add(e2eConcurrent.get(round - 1) / parseBackToBack.get(round - 1));
        double perFile = 1e6 * files.size();
        cpu.add(
            new CpuPerUpload(
                backToBack[1] / perFile,
                split.serviceNanos() / perFile,
                split.clientNanos() / perFile,
                split.otherJavaNanos() / perFile,
                split.vmNanos() / perFile,
                CpuAccount.take().jit() - jitAtStart));
        log.printf(
            "round %d: parse %s (back to back %s), e2e %s (%.2f), e2e socket %s (%.2f), e2e x%d %s"
                + " samples/s; ProducerPerformance %s records/s (%.1f MB/s); CPU ms per file:"
                + " parse %.2f, service %.2f; JIT %d ms%n",
            round,
            Stats.rate(parse.get(round - 1)),
            Stats.rate(parseBackToBack.get(round - 1)),
            Stats.rate(e2e.get(round - 1)),
            ratios.get(round - 1),
            Stats.rate(e2eSocket.get(round - 1)),
            socketRatios.get(round - 1),
            options.clients(),
            Stats.rate(e2eConcurrent.get(round - 1)),
            Stats.rate(perf[0]),
            perf[1],
            cpu.get(round - 1).parse(),
            cpu.get(round - 1).service(),
            (long) cpu.get(round - 1).jitMs());
      }
    } finally {
      clients.shutdownNow();
      parsers.shutdownNow();
    }
    return new Result(
        files.size(),
        samples,
        recordSize,
        Stats.median(parse),
        Stats.median(parseBackToBack),
        Stats.median(parseAllCores),
        Stats.median(e2e),
        Stats.median(e2eSocket),
        Stats.median(e2eConcurrent),
        Stats.median(perfRecords),
        Stats.median(perfMb),
        Stats.median(ratios),
        Stats.median(socketRatios),
        List.copyOf(cpu),
        concurrentRatios);
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

  /**
   * Parses every file once, back to back, on this thread; the nanoseconds it took, by the clock and
   * in this thread's CPU time.
   */
  private static long[] parseAll(GpxReader reader, List<byte[]> files)
      throws InvalidActivityException {
    long cpuAtStart = CpuAccount.currentThreadNanos();
    long started = System.nanoTime();
    long samples = 0;
    for (byte[] file : files) {
      samples += reader.read(new ByteArrayInputStream(file)).samples().size();
    }
    long took = System.nanoTime() - started;
    long cpu = CpuAccount.currentThreadNanos() - cpuAtStart;
    if (samples == 0) {
      throw new IllegalStateException("nothing parsed");
    }
    return new long[] {took, cpu};
  }

  /**
   * The one-thread measurements, interleaved file by file: each file is parsed, then uploaded with
   * the JDK client, then with the socket client, on this one thread, each step timed on its own.
   * Returns the nanoseconds of each of the three summed over the files. Another process's burst of
   * work on the same cores, which lasts far longer than one file, then slows all three alike
   * instead of whichever ran during it: on this shared machine the rounds' ratios varied from 0.14
   * to 1.29 when each measurement took all the files in one go.
   */
  private static long[] parseAndUploadEach(
      GpxReader reader, List<byte[]> files, Client jdk, Client socket) throws Exception {
    long[] nanos = new long[3];
    long samples = 0;
    for (int i = 0; i < files.size(); i++) {
      byte[] file = files.get(i);
      long started = System.nanoTime();
      samples += reader.read(new ByteArrayInputStream(file)).samples().size();
      long parsed = System.nanoTime();
      jdk.upload(athlete(i), file);
      long uploaded = System.nanoTime();
      socket.upload(athlete(i), file);
      long uploadedAgain = System.nanoTime();
      nanos[0] += parsed - started;
      nanos[1] += uploaded - parsed;
      nanos[2] += uploadedAgain - uploaded;
    }
    if (samples == 0) {
      throw new IllegalStateException("nothing parsed");
    }
    return nanos;
  }

  /**
   * Parses every file once, spread over the threads of {@code pool}; nanoseconds until all done.
   */
  private static long parseConcurrently(ExecutorService pool, GpxReader reader, List<byte[]> files)
      throws Exception {
    AtomicLong samples = new AtomicLong();
    long took =
        eachFile(
            pool,
            CORES,
            files.size(),
            i ->
                samples.addAndGet(
                    reader.read(new ByteArrayInputStream(files.get(i))).samples().size()));
    if (samples.get() == 0) {
      throw new IllegalStateException("nothing parsed");
    }
    return took;
  }

  /** Work on one file, by its index. */
  private interface FileTask {
    void run(int file) throws Exception;
  }

  /**
   * Runs {@code task} once for each of {@code files} indexes, on {@code threads} threads of {@code
   * pool} taking the next index in turn; nanoseconds until all are done.
   */
  private static long eachFile(ExecutorService pool, int threads, int files, FileTask task)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    long started = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < files; i = next.getAndIncrement()) {
                  task.run(i);
                }
                return null;
              }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    return System.nanoTime() - started;
  }

  private static java.util.concurrent.ThreadFactory daemons(String namePrefix) {
    AtomicInteger created = new AtomicInteger();
    return r -> {
      Thread thread = new Thread(r, namePrefix + created.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Uploads every file once, spread over {@code clients} threads of {@code pool}; nanoseconds until
   * all 202s. The pool outlives the rounds, so that its threads' CPU can be accounted.
   */
  private static long upload(ExecutorService pool, Client client, List<byte[]> files, int clients)
      throws Exception {
    return eachFile(pool, clients, files.size(), i -> client.upload(athlete(i), files.get(i)));
  }

  /**
   * Posts files as a sync service would: HTTP/1.1 with keep-alive. The JDK client's default would
   * offer an h2c upgrade on every cleartext request, a cost no real uploader pays.
   *
   * <p>Its callers block in {@code send}, so the client completes responses on its selector thread
   * rather than handing each to a pool thread first: that handoff is the client's, a real uploader
   * pays it on its own machine, while here it competes for the same two cores as the service and
   * the broker (a 57 KB POST to a route that does nothing took 1.4-2.2 ms with the pool, 0.8-1.1 ms
   * without, measured under the same load).
   */
  private static final class Uploader implements Client {
    private final HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Runnable::run)
            .build();
    private final String baseUrl;

    Uploader(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    @Override
    public void upload(String athleteId, byte[] file) throws Exception {
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

  /** Posts one file and returns once its 202 has arrived; anything else fails the run. */
  private interface Client {
    void upload(String athleteId, byte[] file) throws Exception;
  }

  /**
   * The same uploads written straight to a socket: HTTP/1.1 with keep-alive, the file as a body of
   * declared length, the status line, headers and JSON answer read back. No selector thread and no
   * pool, so it shows what the service costs without the JDK client's own work on the same cores.
   * The service cannot tell it from any other client. One connection, for one caller at a time.
   */
  private static final class SocketUploader implements Client, AutoCloseable {
    private final HttpSocketClient http;

    SocketUploader(String host, int port) {
      this.http = new HttpSocketClient(host, port);
    }

    @Override
    public void upload(String athleteId, byte[] file) throws IOException {
      HttpSocketClient.Answer answer =
          http.post("/v1/athletes/" + athleteId + "/activities", "application/gpx+xml", file);
      if (answer.status() != 202) {
        throw new IllegalStateException(
            "upload answered " + answer.status() + ": " + answer.body());
      }
    }

    @Override
    public void close() throws IOException {
      http.close();
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
   * Runs Kafka's ProducerPerformance with ingest's producer settings (acks=all, idempotent, lz4, no
   * linger, 256 KB batches); returns {records/s, MB/s} of its steady state: it sends {@code
   * records} more first, as warm-up, which its own {@code --warmup-records} leaves out.
   */
  static double[] producerPerformance(String bootstrap, int records, int recordSize)
      throws Exception {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--topic",
            PERF_TOPIC,
            "--num-records",
            Integer.toString(2 * records),
            "--warmup-records",
            Integer.toString(records),
            "--record-size",
            Integer.toString(recordSize),
            "--throughput",
            "-1",
            "--command-property"));
    for (Map.Entry<String, Object> setting :
        KafkaActivityPublisher.producerConfig(
                KafkaConnection.plaintext(bootstrap), Duration.ofSeconds(30))
            .entrySet()) {
      if (!setting.getKey().equals("client.id")) {
        args.add(setting.getKey() + "=" + setting.getValue());
      }
    }
    // In a JVM of its own, as Kafka's kafka-producer-perf-test.sh runs it: in this one its
    // producer shared the service's producer classes, so its differently typed callbacks and
    // serializers reshaped the JIT's profiles of the service's own send path every round.
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    // its rates are printed in the default locale, which the pattern must be able to read
    command.addAll(
        List.of(
            "-Xmx512m",
            "-Duser.language=en",
            "-Duser.country=US",
            "-cp",
            System.getProperty("java.class.path")));
    command.add(ProducerPerformance.class.getName());
    command.addAll(args);
    // to a file, so that a tool that hangs is given up on after a bounded wait
    Path log = Files.createTempFile("producer-performance", ".txt");
    try {
      Process tool =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!tool.waitFor(5, TimeUnit.MINUTES)) {
        tool.destroyForcibly();
        throw new IllegalStateException(
            "ProducerPerformance did not finish:\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (tool.exitValue() != 0) {
        throw new IllegalStateException("ProducerPerformance failed:\n" + output);
      }
      return steadyState(output);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** {records/s, MB/s} from the tool's steady-state summary line. */
  private static double[] steadyState(String output) {
    Matcher m = PERF_RESULT.matcher(output);
    while (m.find()) {
      if (m.group(2) != null) {
        return new double[] {Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4))};
      }
    }
    throw new IllegalStateException("no steady-state result from ProducerPerformance:\n" + output);
  }

  private IngestThroughput() {}
}
