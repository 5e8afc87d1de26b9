package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.avro.SampleBatch;
import io.backstride.core.access.AccessTokens;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.ingest.ActivityIds;
import io.backstride.ingest.IngestConfig;
import io.backstride.ingest.IngestService;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicAdmin;
import io.backstride.platform.topic.TopicSettings;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code backstride upload} and {@code backstride import} against a real ingest service with auth
 * on, on the shared in-process broker.
 */
class UploadImportCommandsIT {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final String TOKEN = "cli-test-token-0000001";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String bootstrap;
  private static SchemaRegistryServer registry;
  private static IngestService service;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    registry = SchemaRegistryServer.start(bootstrap, 0);
    TopicAdmin.ensureTopics(KafkaConnection.plaintext(bootstrap), TopicSettings.of(3, 1));
    service =
        IngestService.start(
            IngestConfig.defaults()
                .withKafkaBootstrap(bootstrap)
                .withPort(0)
                .withTokens(AccessTokens.parse(TOKEN + "=*")),
            new RestSchemaRegistryClient(registry.url()));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void uploadPrintsOneLinePerFileAndExitsNonZeroWhenAnyFailed() throws Exception {
    String athlete = athlete();
    Path plain = write("run.gpx", gpx(T0, 5));
    Path gzipped = dir.resolve("later.gpx.gz");
    Files.write(gzipped, gzip(gpx(T0.plusSeconds(86_400), 5)));
    Path broken = write("broken.gpx", "<gpx>\n<trk>oops</gpx>");

    Result result =
        run(new UploadCommand(), plain, gzipped, broken, "--athlete", athlete, "--token", TOKEN);

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.lines()).hasSize(3);
    assertThat(result.lines().get(0)).isEqualTo(plain + ": 202 " + ActivityIds.of(athlete, T0));
    assertThat(result.lines().get(1))
        .isEqualTo(gzipped + ": 202 " + ActivityIds.of(athlete, T0.plusSeconds(86_400)));
    assertThat(result.lines().get(2)).startsWith(broken + ": 400 malformed XML at line 2, column ");
  }

  @Test
  void uploadShowsTheServicesRefusalOfAMissingToken() throws Exception {
    Path plain = write("run.gpx", gpx(T0, 5));

    Result result = run(new UploadCommand(), plain, "--athlete", athlete(), "--token", "");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.lines()).containsExactly(plain + ": 401 send Authorization: Bearer TOKEN");
  }

  @Test
  void interruptedImportResumesWithoutDuplicatesAndReportsWhatHappenedToEachFile()
      throws Exception {
    String athlete = athlete();
    Path export = Files.createDirectories(dir.resolve("export"));
    for (int day = 0; day < 4; day++) {
      Files.writeString(
          export.resolve((char) ('a' + day) + "-run.gpx"), gpx(T0.plusSeconds(86_400L * day), 5));
    }
    // The first run again, exported once more under another name: a duplicate.
    Files.writeString(export.resolve("e-copy-of-a.gpx"), gpx(T0, 5));
    Files.writeString(export.resolve("f-broken.gpx"), "<gpx><trk>");
    Files.writeString(export.resolve("notes.txt"), "not an activity");
    Path journal = dir.resolve("journal.json");

    Result first = runImport(export, athlete, journal.toString(), "--max-files", "2");
    Result second = runImport(export, athlete, journal.toString());
    Result third = runImport(export, athlete, journal.toString());

    assertThat(first.code()).isZero();
    // oldest first: a, then its copy (known by then, so not sent), b; then c, d, and the broken
    // file, which cannot be read here, last
    assertThat(first.lines().get(0))
        .isEqualTo(
            "imported 2, duplicates 1, already imported 0, rejected 0, skipped 1 (not activities)");
    assertThat(first.lines()).contains("3 files left; run the same command again to continue");
    assertThat(second.code()).isZero();
    assertThat(second.lines().get(0))
        .isEqualTo(
            "imported 2, duplicates 0, already imported 3, rejected 1, skipped 1 (not activities)");
    assertThat(second.lines()).anyMatch(l -> l.startsWith("  f-broken.gpx: 400 "));
    assertThat(second.lines()).contains("  notes.txt: " + skippedReason(second));
    assertThat(third.lines().get(0))
        .isEqualTo(
            "imported 0, duplicates 0, already imported 5, rejected 1, skipped 1 (not activities)");

    JsonNode targets = JSON.readTree(journal.toFile()).path("targets");
    assertThat(targets.size()).isEqualTo(1);
    // keyed by the URL and the Kafka cluster the service names in its health
    assertThat(targets.fieldNames().next()).startsWith(service.url() + " kafka:");
    JsonNode entries = targets.elements().next().path(export.toAbsolutePath().toString());
    assertThat(entries.size()).isEqualTo(5);
    assertThat(entries.path("a-run.gpx").path("activityId").asText())
        .isEqualTo(ActivityIds.of(athlete, T0));
    assertThat(entries.path("e-copy-of-a.gpx").path("outcome").asText()).isEqualTo("duplicate");
    // Four runs, one batch each: the duplicate and the repeated runs produced nothing more.
    assertThat(recordsOnSamplesTopic(athlete)).isEqualTo(4);
  }

  @Test
  void importSendsAHistoryOldestFirstWhateverItsFilesAreCalled() throws Exception {
    String athlete = athlete();
    Path export = Files.createDirectories(dir.resolve("newest-first"));
    for (int week = 0; week < 4; week++) {
      // named so that name order is newest first, as some exports number them
      Files.writeString(
          export.resolve((char) ('a' + week) + ".gpx"),
          gpx(T0.plusSeconds(7 * 86_400L * (3 - week)), 5));
    }

    Result result = runImport(export, athlete, dir.resolve("order-journal.json").toString());

    assertThat(result.code()).isZero();
    List<String> expected = new ArrayList<>();
    for (int week = 0; week < 4; week++) {
      expected.add(ActivityIds.of(athlete, T0.plusSeconds(7 * 86_400L * week)));
    }
    assertThat(activityIdsOnSamplesTopic(athlete)).isEqualTo(expected);
  }

  @Test
  void theSameFolderImportedIntoAnotherServiceIsSentAgain() throws Exception {
    String athlete = athlete();
    Path export = Files.createDirectories(dir.resolve("history"));
    for (int day = 0; day < 2; day++) {
      Files.writeString(
          export.resolve("run-" + day + ".gpx"), gpx(T0.plusSeconds(86_400L * day), 5));
    }
    Path journal = dir.resolve("journal.json");
    IngestService other =
        IngestService.start(
            IngestConfig.defaults()
                .withKafkaBootstrap(bootstrap)
                .withPort(0)
                .withTokens(AccessTokens.parse(TOKEN + "=*")),
            new RestSchemaRegistryClient(registry.url()));
    try {
      Result first = runImport(export, athlete, journal.toString());
      Result elsewhere = runImportTo(other.url(), export, athlete, journal.toString());
      Result again = runImportTo(other.url() + "/", export, athlete, journal.toString());

      assertThat(first.lines().get(0)).startsWith("imported 2, duplicates 0, already imported 0");
      assertThat(elsewhere.lines().get(0))
          .startsWith("imported 2, duplicates 0, already imported 0");
      // the same service spelt with a trailing slash shares its history
      assertThat(again.lines().get(0)).startsWith("imported 0, duplicates 0, already imported 2");
      assertThat(JSON.readTree(journal.toFile()).path("targets").size()).isEqualTo(2);
    } finally {
      other.close();
    }
  }

  @Test
  void aFreshStackAtTheSameUrlGetsTheFilesAgain(@TempDir Path freshData) throws Exception {
    String athlete = athlete();
    Path export = Files.createDirectories(dir.resolve("same-url"));
    for (int day = 0; day < 2; day++) {
      Files.writeString(
          export.resolve("run-" + day + ".gpx"), gpx(T0.plusSeconds(86_400L * day), 5));
    }
    Path journal = dir.resolve("same-url-journal.json");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Result first;
    Result sameStack;
    IngestService before = ingestOn(bootstrap, registry.url(), port);
    try {
      first = runImportTo(before.url(), export, athlete, journal.toString());
      sameStack = runImportTo("http://localhost:" + port, export, athlete, journal.toString());
    } finally {
      before.close();
    }
    Result freshStack;
    try (EmbeddedKafkaBroker fresh = EmbeddedKafkaBroker.start(freshData)) {
      SchemaRegistryServer freshRegistry = SchemaRegistryServer.start(fresh.bootstrapServers(), 0);
      IngestService after = null;
      try {
        TopicAdmin.ensureTopics(
            KafkaConnection.plaintext(fresh.bootstrapServers()), TopicSettings.of(3, 1));
        after = ingestOn(fresh.bootstrapServers(), freshRegistry.url(), port);
        freshStack = runImportTo(after.url(), export, athlete, journal.toString());
      } finally {
        if (after != null) {
          after.close();
        }
        freshRegistry.close();
      }
    }

    assertThat(first.lines().get(0)).startsWith("imported 2, duplicates 0, already imported 0");
    // the same cluster, with localhost for 127.0.0.1: nothing sent again
    assertThat(sameStack.lines().get(0)).startsWith("imported 0, duplicates 0, already imported 2");
    // a new cluster behind the same URL has none of the files
    assertThat(freshStack.lines().get(0))
        .startsWith("imported 2, duplicates 0, already imported 0");
  }

  @Test
  void aRunTheTrendsCannotCountIsAcceptedWithItsWarningShown() throws Exception {
    String athlete = athlete();
    Path newest = write("newest.gpx", gpx(T0, 5));
    Instant behind = T0.minus(Duration.ofDays(200));
    Path old = write("old.gpx", gpx(behind, 5));
    Path export = Files.createDirectories(dir.resolve("with-an-old-run"));
    Files.writeString(export.resolve("older.gpx"), gpx(T0.minus(Duration.ofDays(300)), 5));
    Files.writeString(export.resolve("recent.gpx"), gpx(T0.minus(Duration.ofDays(1)), 5));

    Result upload = run(new UploadCommand(), newest, old, "--athlete", athlete, "--token", TOKEN);
    Result imported = runImport(export, athlete, dir.resolve("old-journal.json").toString());

    assertThat(upload.code()).isZero();
    assertThat(upload.lines().get(0)).isEqualTo(newest + ": 202 " + ActivityIds.of(athlete, T0));
    assertThat(upload.lines().get(1))
        .startsWith(
            old
                + ": 202 "
                + ActivityIds.of(athlete, behind)
                + " (warning: not counted in the trends: this run starts ");
    assertThat(imported.code()).isZero();
    assertThat(imported.lines().get(0))
        .isEqualTo(
            "imported 1, duplicates 0, already imported 0, rejected 0, skipped 0 (not activities)");
    assertThat(imported.lines().get(1)).isEqualTo("1 not countable (older than the kept window):");
    assertThat(imported.lines().get(2)).startsWith("  older.gpx: not counted in the trends: ");
  }

  private static IngestService ingestOn(String kafka, String registryUrl, int port) {
    return IngestService.start(
        IngestConfig.defaults()
            .withKafkaBootstrap(kafka)
            .withPort(port)
            .withTokens(AccessTokens.parse(TOKEN + "=*")),
        new RestSchemaRegistryClient(registryUrl));
  }

  /**
   * {@code backstride import} as a user runs it, in a folder of a git checkout with the project's
   * .gitignore and no --journal: afterwards git sees nothing new.
   */
  @Test
  void theDefaultJournalStaysOutOfGitStatus() throws Exception {
    Path checkout = Files.createDirectories(dir.resolve("checkout"));
    git(checkout, "init", "-q");
    Files.copy(
        Path.of(System.getProperty("backstride.repository"), ".gitignore"),
        checkout.resolve(".gitignore"));
    git(checkout, "add", ".gitignore");
    git(checkout, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "i");
    Path export = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(export.resolve("run.gpx"), gpx(T0, 5));
    Path work = Files.createDirectories(checkout.resolve("sub"));

    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Backstride.class.getName(),
                "import",
                export.toString(),
                "--athlete",
                athlete(),
                "--token",
                TOKEN,
                "--url",
                service.url())
            .directory(work.toFile())
            .redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();

    assertThat(output).contains("imported 1,").contains("journal: .backstride/imports/");
    try (var files = Files.walk(work.resolve(".backstride/imports"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".json")).count()).isEqualTo(1);
    }
    assertThat(git(checkout, "status", "--porcelain", "--untracked-files=all")).isEmpty();
  }

  private static String git(Path in, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();
    return output.strip();
  }

  // --- helpers ---

  private record Result(int code, List<String> lines) {}

  /** {@code import} of {@code source} for {@code athlete} with the test token and a journal. */
  private static Result runImport(Path source, String athlete, Object journal, Object... more) {
    Object[] args = new Object[7 + more.length];
    Object[] fixed = {source, "--athlete", athlete, "--token", TOKEN, "--journal", journal};
    System.arraycopy(fixed, 0, args, 0, fixed.length);
    System.arraycopy(more, 0, args, fixed.length, more.length);
    return run(new ImportCommand(), args);
  }

  private static Result runImportTo(String url, Path source, String athlete, Object journal) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new ImportCommand()).setOut(new PrintWriter(out));
    int code =
        cli.execute(
            source.toString(),
            "--athlete",
            athlete,
            "--token",
            TOKEN,
            "--journal",
            journal.toString(),
            "--url",
            url);
    return new Result(code, out.toString().lines().toList());
  }

  private static Result run(Object command, Object... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(command).setOut(new PrintWriter(out));
    String[] strings = new String[args.length + 2];
    for (int i = 0; i < args.length; i++) {
      strings[i] = args[i].toString();
    }
    strings[args.length] = "--url";
    strings[args.length + 1] = service.url();
    int code = cli.execute(strings);
    return new Result(code, out.toString().lines().toList());
  }

  private static String athlete() {
    return "cli-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String skippedReason(Result result) {
    return result.lines().stream()
        .filter(l -> l.startsWith("  notes.txt: "))
        .findFirst()
        .map(l -> l.substring("  notes.txt: ".length()))
        .orElse("(not listed)");
  }

  /** Every record of the athlete on the samples topic, read up to the end offsets. */
  private static int recordsOnSamplesTopic(String athlete) {
    return samplesOf(athlete).size();
  }

  /** The activity ids of the athlete's batches, in the order they are on the topic. */
  private static List<String> activityIdsOnSamplesTopic(String athlete) {
    Deserializer<SampleBatch> batches =
        new AvroSerdes(new RestSchemaRegistryClient(registry.url()))
            .value(Topics.ACTIVITY_SAMPLES)
            .deserializer();
    return samplesOf(athlete).stream()
        .map(bytes -> batches.deserialize(Topics.ACTIVITY_SAMPLES.name(), bytes).getActivityId())
        .toList();
  }

  /** The athlete's records on the samples topic, read up to the end offsets, in offset order. */
  private static List<byte[]> samplesOf(String athlete) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.ACTIVITY_SAMPLES.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      // one athlete's records share a partition, so poll order is their offset order
      List<byte[]> records = new ArrayList<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (athlete.equals(r.key())) {
            records.add(r.value());
          }
        }
      }
      return records;
    }
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  /** A GPX run of {@code points} points, one a second from {@code start}. */
  private static String gpx(Instant start, int points) {
    StringBuilder gpx =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<gpx version=\"1.1\" creator=\"tests\" xmlns=\"http://www.topografix.com/GPX/1/1\">"
                + "<trk><type>running</type><trkseg>\n");
    for (int i = 0; i < points; i++) {
      gpx.append(
          String.format(
              java.util.Locale.ROOT,
              "<trkpt lat=\"%.6f\" lon=\"16.37\"><ele>170</ele><time>%s</time></trkpt>\n",
              48.2 + i * 0.00003,
              start.plusSeconds(i)));
    }
    return gpx.append("</trkseg></trk></gpx>\n").toString();
  }
}
