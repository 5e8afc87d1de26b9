package io.backstride.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.avro.SampleBatch;
import io.backstride.ingest.ActivityIntake;
import io.backstride.ingest.ActivityReaders;
import io.backstride.ingest.IngestApi;
import io.backstride.ingest.IngestConfig;
import io.backstride.ingest.IngestService;
import io.backstride.ingest.SampleBatchSerializer;
import io.backstride.ingest.SyncBatches;
import io.backstride.ingest.fit.FitReader;
import io.backstride.ingest.gpx.GpxReader;
import io.backstride.ingest.http.JsonBodies;
import io.backstride.ingest.http.SyncBatchRequest;
import io.backstride.ingest.tcx.TcxReader;
import io.backstride.schemas.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Issue 15, target 1: ingest's own CPU per upload against the parser's CPU for the same file, per
 * format, in one JVM and the same minute.
 *
 * <p>For each case (a real GPX, TCX and FIT file from the samples, and a live-sync batch of JSON)
 * every round does, on this one thread, one after the other:
 *
 * <ol>
 *   <li><b>the parser alone</b>: the format's reader ({@link GpxReader}, {@link TcxReader}, {@link
 *       FitReader}) reads the file from memory {@code uploads} times; for a sync batch the
 *       reference is Jackson's strict mapper reading the body into its request record. This
 *       thread's CPU per file is the reference;
 *   <li><b>ingest's steps without HTTP and Kafka</b>, each on its own, to split the overhead:
 *       {@link ActivityReaders} (format sniffing, caps), {@link ActivityIntake#take} (plus the
 *       checks, the activity id and cutting the Avro batches), and that plus {@link
 *       SampleBatchSerializer} writing every batch. For a sync batch: the route's JSON read, the
 *       batch built and checked, and serialized;
 *   <li><b>the uploads</b>: the same file POSTed {@code uploads} times, one at a time, to a real
 *       {@link IngestService} on an in-process broker, each answered 202 after {@code acks=all}.
 *       The CPU is that of ingest's own threads only ({@link CpuAccount#ingestService()}: its HTTP
 *       pool {@code ingest-http-*}, which parses and publishes, the producer's I/O thread, its
 *       profile cache, health probes and metrics refresh); the client is this thread, writing HTTP
 *       to a socket, and the broker and the registry are other threads, none of them ingest's.
 *   <li><b>the HTTP floor</b>: the same body POSTed {@code uploads} times to a bare Jetty handler
 *       ({@link JettyFloor}) that reads it and answers 202: what HTTP alone costs on this Jetty,
 *       beside the parse, so that a row the target cannot reach through HTTP shows as such;
 *   <li><b>the Avro and producer floors</b> ({@link PublishFloor}): the records ingest builds for
 *       the body encoded by Avro's own writer (and, beside it, by ingest's), and their bytes sent
 *       by a bare producer with ingest's settings, acknowledged. The three floors together are what
 *       any route with HTTP, Avro and a Kafka producer in its path costs on top of the parse: above
 *       the quarter of the parse the target allows, the row is out of reach; below it, what remains
 *       of ingest's CPU (ingest minus the parse minus the floors) is its own glue.
 * </ol>
 *
 * <p>CPU is each thread's own clock, so a burst of load from elsewhere costs wall time but not CPU;
 * what still varies (the machine's slower stretches, caches) hits the parse and the uploads of the
 * same round alike, so each round's ratio is printed with the median. What no Java thread accounts
 * for (the JIT compilers, the garbage collector) is left out of both sides and shown apart, with
 * the heap bytes ingest's threads allocate per upload, which is what its share of the collector
 * follows.
 *
 * <p>Usage: {@code IngestCpu [rounds] [uploadsPerRound] [warmUpRounds]}, defaults 9 30 15.
 */
public final class IngestCpu {
  static final String TARGET = "15.1";
  static final double TARGET_RATIO = 1.25;
  private static final String INGEST_IO_THREAD =
      "kafka-producer-network-thread | backstride-ingest";

  /** What to run. */
  record Options(int rounds, int uploads, int warmUpRounds) {
    static Options parse(String[] args) {
      return new Options(
          args.length > 0 ? Integer.parseInt(args[0]) : 9,
          args.length > 1 ? Integer.parseInt(args[1]) : 30,
          args.length > 2 ? Integer.parseInt(args[2]) : 15);
    }
  }

  /** One stage of ingest run on its own on this thread; returns something so it cannot be cut. */
  @FunctionalInterface
  interface Stage {
    int run(byte[] body) throws Exception;
  }

  /**
   * One kind of upload: its body, where it goes, the reference parse and ingest's steps without
   * HTTP, in the order they add up.
   */
  record Case(
      String name,
      String what,
      String path,
      String contentType,
      byte[] body,
      Stage parser,
      Map<String, Stage> steps,
      List<SampleBatch> batches,
      List<byte[]> values) {}

  /** CPU nanoseconds and heap bytes per upload of one round of one case. */
  record Round(
      double parseNanos,
      Map<String, Double> stepNanos,
      double ingestNanos,
      double ingestBytes,
      double vmNanos,
      Map<String, Long> ingestNanosByThread,
      double floorNanos,
      double produceRequests,
      double avroNanos,
      double ingestEncodeNanos,
      double producerNanos,
      double producerCallerNanos,
      double routeNanos,
      double javalinNanos) {
    double ratio() {
      return ingestNanos / parseNanos;
    }

    /** The bare Jetty request's CPU against the parse: above 0.25, HTTP alone misses the target. */
    double floorRatio() {
      return floorNanos / parseNanos;
    }

    /**
     * The cheaper of the two Avro encodings of the same records measured in the round: Avro's own
     * writer or ingest's, whichever the round found cheaper, as the least the step can cost.
     */
    double avroFloorNanos() {
      return Math.min(avroNanos, ingestEncodeNanos);
    }

    /** What no upload route with HTTP, Avro and a Kafka producer in its path can go below. */
    double floorsNanos() {
      return floorNanos + avroFloorNanos() + producerNanos;
    }

    double floorsRatio() {
      return floorsNanos() / parseNanos;
    }

    /**
     * The bare route (Jetty reading the body, the bare producer publishing it, the answer after the
     * acknowledgement, all in one request) against the parse; above the floors' sum by what the two
     * cost together that neither costs alone (a request thread that waits, wake-ups).
     */
    double routeRatio() {
      return (routeNanos + avroFloorNanos()) / parseNanos;
    }

    double thread(String name) {
      return ingestNanosByThread.getOrDefault(name, 0L);
    }

    /** Glue on ingest's HTTP threads: their CPU less the parse, Jetty's, Avro's, send's. */
    double httpGlueNanos() {
      return thread(IngestApi.HTTP_THREADS + "-N")
          - parseNanos
          - floorNanos
          - avroFloorNanos()
          - producerCallerNanos;
    }

    /** Glue on ingest's producer I/O thread: its CPU less the bare producer's I/O thread's. */
    double ioGlueNanos() {
      return thread(INGEST_IO_THREAD) - (producerNanos - producerCallerNanos);
    }

    /** Ingest's other threads: the profile cache's follower, probes, metrics. */
    double otherThreadsNanos() {
      return ingestNanos - thread(IngestApi.HTTP_THREADS + "-N") - thread(INGEST_IO_THREAD);
    }

    /** Ingest's own glue, as a share of the parse: what is neither the parse nor a floor. */
    double glueRatio() {
      return (ingestNanos - parseNanos - floorsNanos()) / parseNanos;
    }
  }

  public static void main(String[] args) throws Exception {
    BenchStack.quietLogging();
    Options options = Options.parse(args);
    try (BenchStack stack = BenchStack.start()) {
      run(stack, options, System.out);
    }
  }

  /**
   * Runs every case for the warm-up and measured rounds against one ingest service on {@code
   * stack}, prints each round, the tables and the ROW lines to {@code out}; returns the ROW lines.
   */
  static List<String> run(BenchStack stack, Options options, PrintStream out) throws Exception {
    IngestConfig config = IngestConfig.defaults().withKafkaBootstrap(stack.bootstrap()).withPort(0);
    try (IngestService ingest = IngestService.start(config, stack.registryClient());
        HttpSocketClient client = new HttpSocketClient("127.0.0.1", ingest.port());
        JettyFloor floor = JettyFloor.start();
        HttpSocketClient floorClient = new HttpSocketClient("127.0.0.1", floor.port());
        PublishFloor publishFloor = PublishFloor.start(config);
        JavalinFloor javalin = JavalinFloor.start();
        HttpSocketClient javalinClient = new HttpSocketClient("127.0.0.1", javalin.port())) {
      SampleBatchSerializer serializer = new SampleBatchSerializer(stack.registryClient());
      List<Case> cases = cases(config, serializer);
      Floors floors = new Floors(floor, floorClient, publishFloor, serializer, javalinClient);
      // -Dingest.cpu.cases=sync,TCX runs only those, to profile one kind of upload
      String only = System.getProperty("ingest.cpu.cases", "");
      if (!only.isBlank()) {
        List<String> names = List.of(only.split(","));
        cases = cases.stream().filter(c -> names.contains(c.name())).toList();
      }
      Map<String, List<Round>> rounds = new LinkedHashMap<>();
      cases.forEach(c -> rounds.put(c.what(), new ArrayList<>()));
      for (int warmUp = 0; warmUp < options.warmUpRounds(); warmUp++) {
        for (Case c : cases) {
          round(c, options.uploads(), client, floors);
        }
      }
      for (int round = 1; round <= options.rounds(); round++) {
        StringBuilder line = new StringBuilder("round " + round + ":");
        for (Case c : cases) {
          Round r = round(c, options.uploads(), client, floors);
          rounds.get(c.what()).add(r);
          line.append(
              Stats.format(
                  " %s parse %.3f ms, ingest %.3f ms (%.2fx), floors %.3f ms (%.2fx);",
                  c.name(),
                  r.parseNanos() / 1e6,
                  r.ingestNanos() / 1e6,
                  r.ratio(),
                  r.floorsNanos() / 1e6,
                  r.floorsRatio()));
        }
        out.println(line + " load " + load());
      }
      print(cases, rounds, options, out);
      List<String> rows = rows(cases, rounds);
      out.println();
      rows.forEach(out::println);
      return rows;
    }
  }

  /** What measures the floors: the bare Jetty server's client, the bare Avro and producer. */
  record Floors(
      JettyFloor server,
      HttpSocketClient http,
      PublishFloor publish,
      SampleBatchSerializer ingestSerializer,
      HttpSocketClient javalin) {}

  /**
   * Parse alone, ingest's steps alone, the uploads, then the floors for the same body: the bare
   * Jetty request, the bare Avro encoding of the same records and the bare producer sending the
   * same bytes. One round of one case.
   */
  static Round round(Case c, int uploads, HttpSocketClient client, Floors floors) throws Exception {
    double parse = cpuPerRun(c.parser(), c.body(), uploads);
    Map<String, Double> steps = new LinkedHashMap<>();
    for (Map.Entry<String, Stage> step : c.steps().entrySet()) {
      steps.put(step.getKey(), cpuPerRun(step.getValue(), c.body(), uploads));
    }
    CpuAccount account = new CpuAccount(CpuAccount.ingestService(), name -> false);
    // a fresh connection: the steps above can outlast the server's idle timeout, after which it
    // closes the kept-alive one, and a request written to it finds only the end of the stream
    client.close();
    double requestsBefore = producerRequests();
    CpuAccount.Snapshot before = CpuAccount.take();
    for (int i = 0; i < uploads; i++) {
      HttpSocketClient.Answer answer =
          client.post(c.path().replace("{athlete}", athlete(i)), c.contentType(), c.body());
      if (answer.status() != 202) {
        throw new IllegalStateException(
            c.name() + " upload answered " + answer.status() + ": " + answer.body());
      }
    }
    CpuAccount.Split split = account.since(before);
    PublishFloor.Cost producer = floors.publish().producerNanos(c.values(), uploads);
    double requests = (producerRequests() - requestsBefore) / uploads;
    Map<String, Long> byThread = new TreeMap<>();
    split.serviceNanosByThread().forEach((name, nanos) -> byThread.put(name, nanos / uploads));
    return new Round(
        parse,
        steps,
        split.serviceNanos() / (double) uploads,
        split.serviceAllocatedBytes() / (double) uploads,
        split.vmNanos() / (double) uploads,
        byThread,
        requestNanos(c, uploads, floors.http(), JettyFloor.THREADS),
        requests,
        cpuPerRun(b -> floors.publish().encode(c.batches()), c.body(), uploads),
        cpuPerRun(b -> encodeAsIngest(floors.ingestSerializer(), c.batches()), c.body(), uploads),
        producer.total(),
        producer.caller(),
        routeNanos(c, uploads, floors),
        requestNanos(c, uploads, floors.javalin(), JavalinFloor.THREADS));
  }

  /**
   * CPU per request of the bare route: the floor server reading the body, the bare producer sending
   * the case's bytes keyed by the path's athlete and waiting for their acknowledgement, then the
   * 202; the floor server's threads and the bare producer's I/O thread.
   */
  private static double routeNanos(Case c, int uploads, Floors floors) throws Exception {
    floors.server().work(path -> floors.publish().send(path.split("/")[3], c.values()));
    try {
      return requestNanos(
          c,
          uploads,
          floors.http(),
          name -> name.startsWith(JettyFloor.THREADS + "-") || name.equals(PublishFloor.IO_THREAD));
    } finally {
      floors.server().work(null);
    }
  }

  /** Ingest's own encoding (wire format, id cached) of records already built. */
  private static int encodeAsIngest(SampleBatchSerializer serializer, List<SampleBatch> batches) {
    int bytes = 0;
    for (SampleBatch batch : batches) {
      bytes += serializer.serialize(Topics.ACTIVITY_SAMPLES.name(), batch).length;
    }
    return bytes;
  }

  /**
   * The requests ingest's producer has sent so far (produce requests, and the rare metadata one),
   * from its own metrics in this JVM; NaN when it has none registered.
   */
  private static double producerRequests() {
    try {
      Object total =
          ManagementFactory.getPlatformMBeanServer()
              .getAttribute(
                  new ObjectName(
                      "kafka.producer:type=producer-metrics,client-id=backstride-ingest"),
                  "request-total");
      return ((Number) total).doubleValue();
    } catch (JMException e) {
      return Double.NaN;
    }
  }

  /**
   * CPU per request of a floor server's threads ({@code threads}-N), for the same bodies to the
   * same path.
   */
  private static double requestNanos(
      Case c, int uploads, HttpSocketClient floorClient, String threads) throws Exception {
    return requestNanos(c, uploads, floorClient, name -> name.startsWith(threads + "-"));
  }

  /** CPU per request of the threads {@code counted} names, for the same bodies to the same path. */
  private static double requestNanos(
      Case c, int uploads, HttpSocketClient floorClient, Predicate<String> counted)
      throws Exception {
    CpuAccount account = new CpuAccount(counted, name -> false);
    floorClient.close();
    CpuAccount.Snapshot before = CpuAccount.take();
    for (int i = 0; i < uploads; i++) {
      HttpSocketClient.Answer answer =
          floorClient.post(c.path().replace("{athlete}", athlete(i)), c.contentType(), c.body());
      if (answer.status() != 202) {
        throw new IllegalStateException(c.name() + " to the floor answered " + answer.status());
      }
    }
    return account.since(before).serviceNanos() / (double) uploads;
  }

  /** This thread's CPU nanoseconds per run of {@code stage}, over {@code runs} runs. */
  private static double cpuPerRun(Stage stage, byte[] body, int runs) throws Exception {
    long sink = 0;
    long started = CpuAccount.currentThreadNanos();
    for (int i = 0; i < runs; i++) {
      sink += stage.run(body);
    }
    long took = CpuAccount.currentThreadNanos() - started;
    if (sink == 0) {
      throw new IllegalStateException("a stage produced nothing");
    }
    return took / (double) runs;
  }

  static List<Case> cases(IngestConfig config, SampleBatchSerializer serializer) throws Exception {
    ActivityReaders readers = ActivityReaders.withMaxBytes(config.maxBodyBytes());
    ActivityIntake intake = new ActivityIntake(config, readers, Clock.systemUTC());
    String topic = Topics.ACTIVITY_SAMPLES.name();
    String files = "/v1/athletes/{athlete}/activities";
    List<Case> cases = new ArrayList<>();
    GpxReader gpx = new GpxReader();
    TcxReader tcx = new TcxReader();
    FitReader fit = new FitReader();
    cases.add(
        fileCase(
            "GPX",
            "a generated 2,600-point run, as IngestThroughput uploads",
            IngestThroughput.files(1).get(0),
            "application/gpx+xml",
            body -> gpx.read(in(body)).samples().size(),
            readers,
            intake,
            serializer));
    cases.add(
        fileCase(
            "GPX real",
            "korita-zbevnica.gpx",
            "application/gpx+xml",
            body -> gpx.read(in(body)).samples().size(),
            readers,
            intake,
            serializer));
    cases.add(
        fileCase(
            "TCX",
            "forerunner410-run.tcx",
            "application/vnd.garmin.tcx+xml",
            body -> tcx.read(in(body)).samples().size(),
            readers,
            intake,
            serializer));
    cases.add(
        fileCase(
            "FIT",
            "activity-small-fenix2-run.fit",
            "application/vnd.ant.fit",
            body -> fit.read(in(body)).samples().size(),
            readers,
            intake,
            serializer));
    ObjectMapper json = JsonBodies.strictMapper();
    byte[] sync = syncBatch(json, SyncBatches.MAX_SAMPLES / 5);
    Map<String, Stage> syncSteps = new LinkedHashMap<>();
    syncSteps.put(
        "the route's JSON read (bound as it is read)",
        body -> json.readValue(body, SyncBatchRequest.class).samples().size());
    syncSteps.put(
        "+ the batch built and checked", body -> syncBatch(json, body).getSamples().size());
    syncSteps.put(
        "+ serialized (SampleBatchSerializer)",
        body -> serializer.serialize(topic, syncBatch(json, body)).length);
    cases.add(
        new Case(
            "sync",
            "live-sync batch of " + SyncBatches.MAX_SAMPLES / 5 + " samples",
            "/v1/athletes/{athlete}/samples",
            "application/json",
            sync,
            body -> json.readValue(body, SyncBatchRequest.class).samples().size(),
            syncSteps,
            List.of(syncBatch(json, sync)),
            List.of(serializer.serialize(topic, syncBatch(json, sync)))));
    return List.copyOf(cases);
  }

  private static Case fileCase(
      String name,
      String file,
      String contentType,
      Stage parser,
      ActivityReaders readers,
      ActivityIntake intake,
      SampleBatchSerializer serializer)
      throws Exception {
    return fileCase(
        name, file, resource("/samples/" + file), contentType, parser, readers, intake, serializer);
  }

  private static Case fileCase(
      String name,
      String file,
      byte[] body,
      String contentType,
      Stage parser,
      ActivityReaders readers,
      ActivityIntake intake,
      SampleBatchSerializer serializer)
      throws Exception {
    String topic = Topics.ACTIVITY_SAMPLES.name();
    Map<String, Stage> steps = new LinkedHashMap<>();
    steps.put("ActivityReaders (sniffing, caps)", b -> readers.read(in(b)).samples().size());
    steps.put(
        "+ checks, id, Avro batches (ActivityIntake)",
        b -> intake.take("bench-athlete-0", in(b), false).batches().size());
    steps.put(
        "+ serialized (SampleBatchSerializer)",
        b -> {
          int bytes = 0;
          for (SampleBatch batch : intake.take("bench-athlete-0", in(b), false).batches()) {
            bytes += serializer.serialize(topic, batch).length;
          }
          return bytes;
        });
    int samples = parser.run(body);
    // the records and bytes ingest builds for this body, for the Avro and producer floors
    List<SampleBatch> batches = intake.take("bench-athlete-0", in(body), false).batches();
    List<byte[]> values = new ArrayList<>();
    for (SampleBatch batch : batches) {
      values.add(serializer.serialize(topic, batch));
    }
    return new Case(
        name,
        Stats.format("%s, %d KB, %,d samples", file, body.length / 1024, samples),
        "/v1/athletes/{athlete}/activities",
        contentType,
        body,
        parser,
        steps,
        List.copyOf(batches),
        List.copyOf(values));
  }

  private static SampleBatch syncBatch(ObjectMapper json, byte[] body) throws Exception {
    SyncBatchRequest request = json.readValue(body, SyncBatchRequest.class);
    return SyncBatches.of("bench-athlete-0", request, Instant.now(), Duration.ofHours(1));
  }

  /** A live-sync batch as a watch's companion app sends one: the first samples of a run. */
  static byte[] syncBatch(ObjectMapper json, int samples) throws IOException {
    List<SyntheticRun.Point> points =
        SyntheticRun.hill(Instant.parse("2026-01-05T07:00:00Z"), samples, 30, 1).points();
    List<Map<String, Object>> list = new ArrayList<>();
    for (SyntheticRun.Point p : points) {
      Map<String, Object> sample = new LinkedHashMap<>();
      sample.put("time", DateTimeFormatter.ISO_INSTANT.format(p.time()));
      sample.put("lat", p.lat());
      sample.put("lon", p.lon());
      sample.put("elevation", p.ele());
      sample.put("heartRate", p.hr());
      sample.put("cadence", 2.0 * p.cad());
      list.add(sample);
    }
    Map<String, Object> batch = new LinkedHashMap<>();
    batch.put("activityId", "bench-sync-run");
    batch.put("seq", 0);
    batch.put("final", true);
    batch.put("sport", "running");
    batch.put("samples", list);
    return json.writeValueAsBytes(batch);
  }

  static void print(
      List<Case> cases, Map<String, List<Round>> rounds, Options options, PrintStream out) {
    out.println();
    out.println(
        Stats.format(
            "| upload (median of %d rounds of %d uploads, range in brackets) | parser alone |"
                + " ingest's threads | ingest / parser | bare Jetty request (floor) |"
                + " floor / parser |",
            options.rounds(), options.uploads()));
    out.println("|---|---:|---:|---:|---:|---:|");
    for (Case c : cases) {
      List<Round> rs = rounds.get(c.what());
      out.println(
          Stats.format(
              "| %s (%s) | %s ms | %s ms | %s | %s ms | %s |",
              c.name(),
              c.what(),
              ms(rs, Round::parseNanos),
              ms(rs, Round::ingestNanos),
              spread(rs.stream().map(Round::ratio).toList(), "%.2fx"),
              ms(rs, Round::floorNanos),
              spread(rs.stream().map(Round::floorRatio).toList(), "%.2fx")));
    }
    out.println();
    out.println(
        "| upload: the floors, bare, per upload (medians) | parse | HTTP (bare Jetty) |"
            + " Avro: its own writer / ingest's | producer (caller + I/O thread) |"
            + " floors / parse | allowance | glue / parse | verdict |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (Case c : cases) {
      List<Round> rs = rounds.get(c.what());
      out.println(
          Stats.format(
              "| %s | %s ms | %s ms | %s / %s ms | %s ms | %s | %.2fx | %s | %s |",
              c.name(),
              ms(rs, Round::parseNanos),
              ms(rs, Round::floorNanos),
              ms(rs, Round::avroNanos),
              ms(rs, Round::ingestEncodeNanos),
              ms(rs, Round::producerNanos),
              spread(rs.stream().map(Round::floorsRatio).toList(), "%.2fx"),
              TARGET_RATIO - 1,
              spread(rs.stream().map(Round::glueRatio).toList(), "%.2fx"),
              verdict(rs)));
    }
    out.println();
    out.println(
        "| upload: where the glue is (medians, ms per upload, x parse) | glue in all |"
            + " on the HTTP threads (less parse, Jetty, Avro, send) | on the producer's I/O thread"
            + " (less the bare one's) | ingest's other threads (profile follower, probes) |"
            + " the bare route (Jetty, producer, ack, 202) + Avro, x parse |"
            + " for comparison: Javalin reading the body and answering, x parse (bare Jetty) |");
    out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (Case c : cases) {
      List<Round> rs = rounds.get(c.what());
      double parse = Stats.median(rs.stream().map(Round::parseNanos).toList());
      out.println(
          Stats.format(
              "| %s | %s | %s | %s | %s | %s | %s (%.2fx) |",
              c.name(),
              share(
                  Stats.median(rs.stream().map(r -> r.glueRatio() * r.parseNanos()).toList()),
                  parse),
              share(Stats.median(rs.stream().map(Round::httpGlueNanos).toList()), parse),
              share(Stats.median(rs.stream().map(Round::ioGlueNanos).toList()), parse),
              share(Stats.median(rs.stream().map(Round::otherThreadsNanos).toList()), parse),
              spread(rs.stream().map(Round::routeRatio).toList(), "%.2fx"),
              spread(rs.stream().map(r -> r.javalinNanos() / r.parseNanos()).toList(), "%.2fx"),
              Stats.median(rs.stream().map(Round::floorRatio).toList())));
    }
    for (Case c : cases) {
      List<Round> rs = rounds.get(c.what());
      out.println();
      out.println("| " + c.name() + ": CPU per upload, by step (medians) | ms | x parser |");
      out.println("|---|---:|---:|");
      double parse = Stats.median(rs.stream().map(Round::parseNanos).toList());
      step(out, "the parser alone", parse, parse);
      for (String name : c.steps().keySet()) {
        step(
            out, name, Stats.median(rs.stream().map(r -> r.stepNanos().get(name)).toList()), parse);
      }
      double ingest = Stats.median(rs.stream().map(Round::ingestNanos).toList());
      step(out, "the upload, ingest's threads (+ HTTP, producer, metrics)", ingest, parse);
      step(
          out,
          "  for comparison: the same body to a bare Jetty handler (floor)",
          Stats.median(rs.stream().map(Round::floorNanos).toList()),
          parse);
      step(
          out,
          "  for comparison: the same records, Avro's own writer (floor)",
          Stats.median(rs.stream().map(Round::avroNanos).toList()),
          parse);
      step(
          out,
          "  for comparison: the same records, ingest's SampleBatchSerializer",
          Stats.median(rs.stream().map(Round::ingestEncodeNanos).toList()),
          parse);
      step(
          out,
          "  for comparison: the same bytes, a bare producer (floor)",
          Stats.median(rs.stream().map(Round::producerNanos).toList()),
          parse);
      Map<String, List<Double>> threads = new TreeMap<>();
      for (Round r : rs) {
        r.ingestNanosByThread()
            .forEach(
                (name, nanos) ->
                    threads.computeIfAbsent(name, n -> new ArrayList<>()).add((double) nanos));
      }
      threads.forEach(
          (name, nanos) -> {
            while (nanos.size() < rs.size()) {
              nanos.add(0.0);
            }
            step(out, "  of which thread " + name, Stats.median(nanos), parse);
          });
      out.println(
          Stats.format(
              "%s: ingest's threads allocate %.0f KB per upload; CPU of no Java thread (JIT, GC)"
                  + " during the uploads %.3f ms per upload; the producer sent %.2f requests"
                  + " per upload",
              c.name(),
              Stats.median(rs.stream().map(Round::ingestBytes).toList()) / 1024,
              Stats.median(rs.stream().map(Round::vmNanos).toList()) / 1e6,
              Stats.median(rs.stream().map(Round::produceRequests).toList())));
    }
  }

  /** One ROW line per case, as benchmarks/run-all.sh collects them. */
  static List<String> rows(List<Case> cases, Map<String, List<Round>> rounds) {
    List<String> rows = new ArrayList<>();
    for (Case c : cases) {
      List<Round> rs = rounds.get(c.what());
      double ratio = Stats.median(rs.stream().map(Round::ratio).toList());
      rows.add(
          Stats.format(
              "ROW | %s | ingest CPU per upload, %s (%s) | %s ms | %s ms | %.2fx | <= %.2fx | %s",
              TARGET,
              c.name(),
              c.what(),
              ms(rs, Round::ingestNanos),
              ms(rs, Round::parseNanos),
              ratio,
              TARGET_RATIO,
              ratio <= TARGET_RATIO ? "yes" : "no"));
    }
    // the floor: what a bare Jetty request for the same body costs; above a quarter of the parse,
    // HTTP alone puts the row out of the target's reach
    for (Case c : cases) {
      List<Round> rs = rounds.get(c.what());
      rows.add(
          Stats.format(
              "ROW | %s | HTTP floor: bare Jetty request, %s (%s) | %s ms | parse %s ms | %.2fx"
                  + " | - | measured",
              TARGET,
              c.name(),
              c.what(),
              ms(rs, Round::floorNanos),
              ms(rs, Round::parseNanos),
              Stats.median(rs.stream().map(Round::floorRatio).toList())));
    }
    // all the floors together against the quarter of the parse the target allows them
    for (Case c : cases) {
      List<Round> rs = rounds.get(c.what());
      rows.add(
          Stats.format(
              "ROW | %s | floors: bare Jetty + Avro + producer, %s (%s) | %s ms | parse %s ms"
                  + " | %.2fx | <= %.2fx allowance | %s",
              TARGET,
              c.name(),
              c.what(),
              Stats.format(
                  "%.3f", Stats.median(rs.stream().map(Round::floorsNanos).toList()) / 1e6),
              ms(rs, Round::parseNanos),
              Stats.median(rs.stream().map(Round::floorsRatio).toList()),
              TARGET_RATIO - 1,
              verdict(rs)));
    }
    return rows;
  }

  /**
   * Whether a row is out of reach (the floors alone exceed the quarter of the parse the target
   * leaves them) or how much of ingest's own glue would have to go for it to be met.
   */
  static String verdict(List<Round> rs) {
    double floors = Stats.median(rs.stream().map(Round::floorsRatio).toList());
    double glue = Stats.median(rs.stream().map(Round::glueRatio).toList());
    if (floors > TARGET_RATIO - 1) {
      return Stats.format("out of reach: floors alone %.2fx > %.2fx", floors, TARGET_RATIO - 1);
    }
    double toCut = glue - (TARGET_RATIO - 1 - floors);
    if (toCut <= 0) {
      return Stats.format("within reach: glue %.2fx fits beside the floors", glue);
    }
    return Stats.format("glue %.2fx of the parse left, %.2fx of it to cut", glue, toCut);
  }

  private static String share(double nanos, double parse) {
    return Stats.format("%.3f ms (%.2fx)", nanos / 1e6, nanos / parse);
  }

  private static void step(PrintStream out, String name, double nanos, double parse) {
    out.println(Stats.format("| %s | %.3f | %.2f |", name, nanos / 1e6, nanos / parse));
  }

  private static String ms(List<Round> rounds, java.util.function.ToDoubleFunction<Round> f) {
    return Stats.format(
        "%.3f", Stats.median(rounds.stream().map(r -> f.applyAsDouble(r)).toList()) / 1e6);
  }

  private static String spread(List<Double> values, String format) {
    return Stats.format(
        format + " (" + format + "-" + format + ")",
        Stats.median(values),
        values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
        values.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
  }

  private static String load() {
    return Stats.format(
        "%.2f",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static InputStream in(byte[] body) {
    return new ByteArrayInputStream(body);
  }

  private static String athlete(int upload) {
    return "bench-athlete-" + upload % 10;
  }

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = IngestCpu.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no " + path + " on the classpath");
      }
      return in.readAllBytes();
    }
  }

  private IngestCpu() {}
}
