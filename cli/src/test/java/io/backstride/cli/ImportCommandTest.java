package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * How import reads a history several files at a time and sends it one file at a time, against a
 * stand-in for the ingest service (the JDK's HTTP server) that counts the uploads in flight and can
 * stop answering. The real service, resumption and duplicates are proven in {@code
 * UploadImportCommandsIT}.
 */
class ImportCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  @TempDir Path dir;
  private HttpServer server;
  private ExecutorService serverThreads;

  /** The ingest stand-in: what it saw, in the order it saw it. */
  private final List<String> received = Collections.synchronizedList(new ArrayList<>());

  /** Told each upload's day as it arrives, before the answer. */
  private volatile IntConsumer onUpload = day -> {};

  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
      serverThreads.shutdownNow();
    }
  }

  @Test
  void theServiceGetsTheFilesOldestFirstOneAtATimeWhileTheyAreReadSeveralAtATime()
      throws Exception {
    String url = serve(n -> true);
    Path export = Files.createDirectories(dir.resolve("newest-first"));
    for (int day = 1; day <= 6; day++) {
      // named so that name order is newest first
      Files.writeString(
          export.resolve((char) ('a' + 6 - day) + ".gpx"), gpx(T0.plusSeconds(86_400L * day), 3));
    }
    Path journal = dir.resolve("journal.json");

    Run run = runImport(url, export, journal, "--parallel", "4");

    assertThat(run.code()).as(String.join("\n", run.lines())).isZero();
    assertThat(run.lines().get(0))
        .isEqualTo(
            "imported 6, duplicates 0, already imported 0, rejected 0, skipped 0 (not activities)");
    assertThat(received).containsExactly("run-1", "run-2", "run-3", "run-4", "run-5", "run-6");
    assertThat(mostInFlight.get()).isEqualTo(1);
    assertThat(entries(journal, export)).hasSize(6);
  }

  @Test
  void aFileBrokenPastItsFirstPointIsSentInItsPlaceForTheServiceToJudge() throws Exception {
    // ordering reads only up to the first timed point: the broken elevation further on is the
    // service's to refuse, so the file keeps its place instead of going last as "unreadable here"
    String url = serve(n -> true);
    Path export = history(4);
    Files.writeString(
        export.resolve("run-2.gpx"),
        gpx(T0.plusSeconds(86_400L * 2), 3)
            .replaceFirst("(<trkpt[^\n]*\n<trkpt[^>]*><ele>)170", "$1x"));
    Path journal = dir.resolve("journal.json");

    Run run = runImport(url, export, journal);

    assertThat(run.code()).as(String.join("\n", run.lines())).isZero();
    assertThat(received).containsExactly("run-1", "run-2", "run-3", "run-4");
  }

  @Test
  void whenTheServiceStopsAnsweringOnlyTheAnsweredOlderFilesAreRecordedAndTheRestResumes()
      throws Exception {
    // the third oldest file meets a 503: the run stops there, and the next one takes up from it
    AtomicInteger posts = new AtomicInteger();
    String url = serve(n -> !name(n).equals("run-3") || posts.incrementAndGet() > 1);
    Path export = history(6);
    Path journal = dir.resolve("journal.json");

    Run first = runImport(url, export, journal);
    JsonNode afterFirst = entries(journal, export);
    Run second = runImport(url, export, journal);

    assertThat(first.code()).isEqualTo(1);
    assertThat(first.lines().get(0))
        .isEqualTo(
            "imported 2, duplicates 0, already imported 0, rejected 1, skipped 0 (not activities)");
    assertThat(first.lines()).contains("4 files left; run the same command again to continue");
    // oldest first: the two recorded are the two oldest, whatever else was in flight
    assertThat(afterFirst.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("run-1.gpx", "run-2.gpx");
    assertThat(second.code()).isZero();
    assertThat(second.lines().get(0))
        .isEqualTo(
            "imported 4, duplicates 0, already imported 2, rejected 0, skipped 0 (not activities)");
    assertThat(entries(journal, export)).hasSize(6);
  }

  @Test
  void eachFileIsAppendedToTheJournalsLogAndTheJournalIsWrittenWholeOnceAtTheEnd()
      throws Exception {
    String url = serve(n -> true);
    Path export = history(6);
    Path journal = dir.resolve("journal.json");
    Path log = ImportCommand.logOf(journal);
    List<String> seenAtTheFourth = new ArrayList<>();
    onUpload =
        day -> {
          if (day == 4) {
            seenAtTheFourth.add("journal there: " + Files.exists(journal));
            seenAtTheFourth.addAll(readLines(log));
          }
        };

    Run run = runImport(url, export, journal);

    assertThat(run.code()).isZero();
    // while the fourth is sent, the three before it are lines of the log, and nothing more
    assertThat(seenAtTheFourth).hasSize(4);
    assertThat(seenAtTheFourth.get(0)).isEqualTo("journal there: false");
    assertThat(seenAtTheFourth.subList(1, 4))
        .extracting(line -> JSON.readTree(line).path("entry").asText())
        .containsExactly("run-1.gpx", "run-2.gpx", "run-3.gpx");
    assertThat(JSON.readTree(seenAtTheFourth.get(1)).path("outcome").asText())
        .isEqualTo("imported");
    assertThat(entries(journal, export)).hasSize(6);
    assertThat(log).doesNotExist();
  }

  @Test
  void aRunCutOffMidLineResumesFromTheWholeLinesOfItsLogAndSendsTheCutOneAgain() throws Exception {
    String url = serve(n -> true);
    Path export = history(6);
    Path journal = dir.resolve("journal.json");
    // what a run killed while writing its third line leaves: no journal yet, a log cut short
    String target = ImportCommand.target(url);
    String source = export.toAbsolutePath().normalize().toString();
    String whole =
        line(target, source, "run-1.gpx", "run-1") + line(target, source, "run-2.gpx", "run-2");
    String cut = line(target, source, "run-3.gpx", "run-3");
    Files.writeString(ImportCommand.logOf(journal), whole + cut.substring(0, cut.length() / 2));

    Run run = runImport(url, export, journal);

    assertThat(run.code()).as(String.join("\n", run.lines())).isZero();
    assertThat(run.lines().get(0))
        .isEqualTo(
            "imported 4, duplicates 0, already imported 2, rejected 0, skipped 0 (not activities)");
    assertThat(received).containsExactly("run-3", "run-4", "run-5", "run-6");
    assertThat(entries(journal, export)).hasSize(6);
    assertThat(ImportCommand.logOf(journal)).doesNotExist();
  }

  private static String line(String target, String source, String entry, String id)
      throws IOException {
    return JSON.writeValueAsString(
            new ImportCommand.JournalLine("a1", target, source, entry, id, "imported"))
        + "\n";
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Six runs a day apart, {@code run-1.gpx} the oldest, named so that name order is not age. */
  private Path history(int runs) throws IOException {
    Path export = Files.createDirectories(dir.resolve("export"));
    for (int i = 1; i <= runs; i++) {
      Files.writeString(export.resolve("run-" + i + ".gpx"), gpx(T0.plusSeconds(86_400L * i), 3));
    }
    return export;
  }

  private JsonNode entries(Path journal, Path export) throws IOException {
    JsonNode targets = JSON.readTree(journal.toFile()).path("targets");
    return targets.elements().next().path(export.toAbsolutePath().toString());
  }

  /**
   * Starts the stand-in. {@code answers} says, by the upload's start second, whether it is taken
   * (202) or meets a 503.
   */
  private String serve(IntPredicate answers) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    serverThreads = Executors.newFixedThreadPool(8);
    server.setExecutor(serverThreads);
    server.createContext("/health", x -> reply(x, 200, "{\"status\":\"UP\"}"));
    server.createContext(
        "/v1/athletes/",
        x -> {
          int now = inFlight.incrementAndGet();
          mostInFlight.accumulateAndGet(now, Math::max);
          try {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int day = day(body);
            received.add(name(day));
            onUpload.accept(day);
            if (answers.test(day)) {
              reply(x, 202, "{\"activityId\":\"" + name(day) + "\"}");
            } else {
              reply(x, 503, "{\"detail\":\"overloaded\"}");
            }
          } finally {
            inFlight.decrementAndGet();
          }
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Which of the runs a body is: its first point's day after T0. */
  private static int day(String gpx) {
    int at = gpx.indexOf("<time>") + "<time>".length();
    Instant start = Instant.parse(gpx.substring(at, gpx.indexOf("</time>", at)));
    return (int) ((start.getEpochSecond() - T0.getEpochSecond()) / 86_400L);
  }

  private static String name(int day) {
    return "run-" + day;
  }

  private static void reply(HttpExchange x, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  private record Run(int code, List<String> lines) {}

  private static Run runImport(String url, Path export, Path journal, String... more) {
    StringWriter out = new StringWriter();
    ImportCommand command = new ImportCommand();
    command.progressTo = new me.tongfei.progressbar.DelegatingProgressBarConsumer(line -> {});
    CommandLine cli = new CommandLine(command).setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(new StringWriter()));
    List<String> args =
        new ArrayList<>(
            List.of(
                export.toString(),
                "--athlete",
                "a1",
                "--journal",
                journal.toString(),
                "--url",
                url));
    args.addAll(List.of(more));
    int code = cli.execute(args.toArray(String[]::new));
    return new Run(code, out.toString().lines().toList());
  }

  private static String gpx(Instant start, int points) {
    StringBuilder gpx =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<gpx version=\"1.1\" creator=\"tests\" xmlns=\"http://www.topografix.com/GPX/1/1\">"
                + "<trk><type>running</type><trkseg>\n");
    for (int i = 0; i < points; i++) {
      gpx.append(
          String.format(
              Locale.ROOT,
              "<trkpt lat=\"%.6f\" lon=\"16.37\"><ele>170</ele><time>%s</time></trkpt>\n",
              48.2 + i * 0.00003,
              start.plusSeconds(i)));
    }
    return gpx.append("</trkseg></trk></gpx>\n").toString();
  }
}
