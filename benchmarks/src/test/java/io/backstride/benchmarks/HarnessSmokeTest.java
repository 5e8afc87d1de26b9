package io.backstride.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.ingest.xml.SecureXml;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs each benchmark once at the smallest size, so that a change elsewhere that breaks a harness
 * shows in {@code mvn verify} rather than at the next measurement. Nothing here is timed.
 */
class HarnessSmokeTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static BenchStack stack;

  @BeforeAll
  static void startStack() {
    BenchStack.quietLogging();
    stack = BenchStack.start();
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @Test
  void parseBenchmarkReadsTheSamePointsWithEveryReader() throws Exception {
    ParseBenchmark benchmark = new ParseBenchmark();
    benchmark.load();
    ParseBenchmark.XmlReaders aalto = readers(SecureXml.Stax.AALTO);
    ParseBenchmark.XmlReaders jdk = readers(SecureXml.Stax.JDK);
    ParseBenchmark.Points backstride = new ParseBenchmark.Points();
    ParseBenchmark.Points jpx = new ParseBenchmark.Points();

    benchmark.gpxExtensionsBackstride(aalto, backstride);
    benchmark.gpxExtensionsJpx(jpx);
    assertThat(backstride.points).isEqualTo(SyntheticRun.TYPICAL_SECONDS).isEqualTo(jpx.points);
    assertThat(benchmark.gpxExtensionsBackstride(aalto, new ParseBenchmark.Points()).samples())
        .isEqualTo(benchmark.gpxExtensionsBackstride(jdk, new ParseBenchmark.Points()).samples())
        .first()
        .satisfies(s -> assertThat(s.heartRateBpm()).isNotNull())
        .satisfies(s -> assertThat(s.cadenceSpm()).isNotNull());
    assertThat(benchmark.gpxPlainBackstride(aalto, new ParseBenchmark.Points()))
        .isEqualTo(benchmark.gpxPlainBackstride(jdk, new ParseBenchmark.Points()));

    ParseBenchmark.Points real = new ParseBenchmark.Points();
    ParseBenchmark.Points realJpx = new ParseBenchmark.Points();
    benchmark.gpxRealBackstride(aalto, real);
    benchmark.gpxRealJpx(realJpx);
    assertThat(real.points).isEqualTo(realJpx.points).isPositive();
    assertThat(benchmark.gpxRealBackstride(aalto, new ParseBenchmark.Points()))
        .isEqualTo(benchmark.gpxRealBackstride(jdk, new ParseBenchmark.Points()));

    ParseBenchmark.Points fit = new ParseBenchmark.Points();
    ParseBenchmark.Points sdk = new ParseBenchmark.Points();
    benchmark.fitRealBackstride(fit);
    benchmark.fitRealSdkDecode(sdk);
    assertThat(fit.points).isPositive();
    assertThat(sdk.points).isPositive();
    assertThat(benchmark.tcxRealBackstride(aalto, new ParseBenchmark.Points()).samples())
        .isNotEmpty()
        .isEqualTo(benchmark.tcxRealBackstride(jdk, new ParseBenchmark.Points()).samples());
  }

  private static ParseBenchmark.XmlReaders readers(SecureXml.Stax stax) {
    ParseBenchmark.XmlReaders readers = new ParseBenchmark.XmlReaders();
    readers.stax = stax;
    readers.create();
    return readers;
  }

  @Test
  void ingestCpuHarnessPrintsOneRowPerFormatWithBothFiguresTheHttpFloorAndAllFloorsOfEach()
      throws Exception {
    List<String> rows = IngestCpu.run(stack, new IngestCpu.Options(1, 1, 0), QUIET);

    assertThat(rows)
        .extracting(row -> row.split(" \\| ")[2].replaceAll(" \\(.*", ""))
        .containsExactly(
            "ingest CPU per upload, GPX",
            "ingest CPU per upload, GPX real",
            "ingest CPU per upload, TCX",
            "ingest CPU per upload, FIT",
            "ingest CPU per upload, sync",
            "HTTP floor: bare Jetty request, GPX",
            "HTTP floor: bare Jetty request, GPX real",
            "HTTP floor: bare Jetty request, TCX",
            "HTTP floor: bare Jetty request, FIT",
            "HTTP floor: bare Jetty request, sync",
            "floors: bare Jetty + Avro + producer, GPX",
            "floors: bare Jetty + Avro + producer, GPX real",
            "floors: bare Jetty + Avro + producer, TCX",
            "floors: bare Jetty + Avro + producer, FIT",
            "floors: bare Jetty + Avro + producer, sync");
    for (String row : rows) {
      String[] fields = row.split(" \\| ");
      assertThat(fields).hasSize(8);
      assertThat(fields[0]).isEqualTo("ROW");
      assertThat(fields[1]).isEqualTo("15.1");
      assertThat(fields[5]).endsWith("x");
      if (fields[2].startsWith("HTTP floor")) {
        // the bare request's CPU against the same row's parse, both measured
        assertThat(Double.parseDouble(fields[3].replace(" ms", ""))).isPositive();
        assertThat(Double.parseDouble(fields[4].replace("parse ", "").replace(" ms", "")))
            .isPositive();
        assertThat(fields[6]).isEqualTo("-");
        assertThat(fields[7]).isEqualTo("measured");
      } else if (fields[2].startsWith("floors")) {
        // the three floors' sum against the parse and the allowance, with a verdict
        assertThat(Double.parseDouble(fields[3].replace(" ms", ""))).isPositive();
        assertThat(fields[6]).isEqualTo("<= 0.25x allowance");
        assertThat(fields[7]).matches("out of reach: .*|glue .* to cut|within reach: .*");
      } else {
        // ingest's CPU and the parser's, both measured
        assertThat(Double.parseDouble(fields[3].replace(" ms", ""))).isPositive();
        assertThat(Double.parseDouble(fields[4].replace(" ms", ""))).isPositive();
        assertThat(fields[6]).isEqualTo("<= 1.25x");
        assertThat(fields[7]).isIn("yes", "no");
      }
    }
  }

  @Test
  void ingestHarnessMeasuresParseHttpAndProducerPerformance() throws Exception {
    IngestThroughput.Result result =
        IngestThroughput.run(stack, new IngestThroughput.Options(2, 1, 2, 50, 1), QUIET);

    assertThat(result.samples()).isEqualTo(2L * SyntheticRun.TYPICAL_SECONDS);
    assertThat(result.parseSamplesPerS()).isPositive();
    assertThat(result.e2eSamplesPerS()).isPositive();
    assertThat(result.e2eConcurrentSamplesPerS()).isPositive();
    assertThat(result.parseAllCoresSamplesPerS()).isPositive();
    assertThat(result.perfRecordsPerS()).isPositive();
    assertThat(result.cpu().parse()).isPositive();
    assertThat(result.cpu().service()).isPositive();
    assertThat(result.cpu().clients()).isPositive();
  }

  @Test
  void topologyHarnessMeasuresThroughputAndStatePerAthlete() throws Exception {
    TopologyThroughput.Result result =
        TopologyThroughput.run(stack, new TopologyThroughput.Options(2, 1, 200, 1, true), QUIET);

    assertThat(result.samples()).isEqualTo(2L * 3 * 200);
    assertThat(result.plainSamplesPerS()).isPositive();
    assertThat(result.topologySamplesPerS()).isPositive();
    assertThat(result.stateBytesByStore())
        .containsKeys(TopologyThroughput.HISTORY_STORES.toArray(String[]::new));
    assertThat(result.historyBytes()).isPositive();
    // both floors read the whole topic (their run ends when the group committed its end)
    assertThat(result.floorExactlyOnce().samplesPerS()).isPositive();
    assertThat(result.floorAtLeastOnce().samplesPerS()).isPositive();
    assertThat(result.floorExactlyOnce().guarantee()).isEqualTo("exactly_once_v2");
  }

  @Test
  void failoverHarnessKillsTheOwnerAndTheSurvivorServesTheSameTrends() throws Exception {
    // the broker's shortest session timeout, so that the round takes seconds, not 45
    List<FailoverTime.Round> rounds =
        FailoverTime.run(
            stack,
            new FailoverTime.Options(
                6, 2, 60, 1, List.of(1), List.of(6_000), Duration.ofSeconds(1)),
            QUIET);

    assertThat(rounds)
        .singleElement()
        .satisfies(r -> assertThat(r.served()).as("the survivor served the trends").isTrue())
        .satisfies(r -> assertThat(r.wrong()).isZero())
        .satisfies(
            r ->
                assertThat(r.answers())
                    .allMatch(
                        a -> a.kind().startsWith("503") || a.kind().startsWith("200, the same")));
    assertThat(FailoverTime.row(rounds, 1, 6_000, 6)).startsWith("ROW | 15.5-failover | standby 1");
  }

  @Test
  void historyHarnessImportsAndAnalyzesAHistoryOfItsOwn() throws Exception {
    // the harness runs the commands through the repository's launcher, as a user does; the tests
    // run in benchmarks/, the launcher is one folder up (its jar built earlier in the reactor)
    System.setProperty(
        "history.launcher", Path.of("..", "backstride").toAbsolutePath().normalize().toString());
    HistoryImport.Result result;
    try {
      result = HistoryImport.run(new HistoryImport.Options(8, 1, 1, 1, false), QUIET);
    } finally {
      System.clearProperty("history.launcher");
    }

    assertThat(result.files()).isEqualTo(8);
    assertThat(result.parseOneThread()).isPositive();
    assertThat(result.parseParallel()).isPositive();
    assertThat(result.importFilesPerS()).hasSize(1).allSatisfy(r -> assertThat(r).isPositive());
    assertThat(result.importToLastTrendS()).hasSize(1);
    assertThat(result.cold())
        .as("the cold first import ran before the measured round")
        .hasValueSatisfying(c -> assertThat(c.seconds()).isPositive());
    assertThat(result.floor())
        .as("the import floor ran its measured rounds")
        .hasValueSatisfying(
            f -> {
              assertThat(f.rounds()).hasSize(2);
              assertThat(f.filesPerS()).allSatisfy(r -> assertThat(r).isPositive());
            });
    assertThat(result.smallAnalyzeS()).hasSize(1);
    assertThat(result.smallPhases()).contains("from the JVM's start", "uploads", "shutdown");
  }
}
