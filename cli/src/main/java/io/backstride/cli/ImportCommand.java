package io.backstride.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.backstride.ingest.ActivityIds;
import io.backstride.ingest.ActivityReaders;
import io.backstride.ingest.InvalidActivityException;
import io.backstride.ingest.archive.ActivityArchive;
import io.backstride.ingest.archive.ArchiveEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code backstride import ARCHIVE_OR_FOLDER --athlete ID}: loads a history export (a Strava or
 * Garmin zip, or a folder) into a running service, one file at a time, with a progress bar on
 * stderr and a summary on stdout.
 *
 * <p>Resumable: every file the service accepted is recorded before the next one is sent, as a line
 * appended to the journal's log ({@code ATHLETE.json.log}), and the journal itself ({@code
 * .backstride/imports/ATHLETE.json} under the working directory unless {@code --journal} says
 * otherwise) is written whole once, at the end of the run; so a second run after an interruption
 * sends only what is left. The journal is kept per target (the service's URL and the Kafka cluster
 * its {@code /health} names): importing the same folder into another service, or into a fresh local
 * stack at the same URL, sends everything again. Duplicates (the same run exported twice, say as
 * GPX and FIT) are recognised before sending: each file is read locally with the service's own
 * readers to compute its deterministic activity id, and an id already in the journal is not sent
 * again.
 *
 * <p>Exit code 0 when every file was handled (imported, duplicate, rejected or skipped); 1 when the
 * run stopped early because the service did not answer: run it again to finish.
 */
@Command(
    name = "import",
    description =
        "Import a history export (zip or folder) into a running service; resumable, skips duplicates.")
final class ImportCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The journal's log: one JSON object per line. */
  private static final ObjectMapper LINES = new ObjectMapper();

  /** Where journals go unless {@code --journal} says otherwise; ignored by git. */
  static final Path DEFAULT_JOURNALS = Path.of(".backstride", "imports");

  /** Where the progress bar is drawn; a test sets its own. */
  ProgressBarConsumer progressTo;

  /** How many names of skipped files the summary lists before it only counts. */
  private static final int SKIPPED_SHOWN = 10;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ARCHIVE_OR_FOLDER", description = "A .zip or a folder.")
  Path source;

  @Option(
      names = "--athlete",
      required = true,
      description = "The athlete the history belongs to (A-Z, a-z, 0-9, '_', '-').")
  String athleteId;

  @Mixin IngestServiceOptions service;

  @Option(
      names = "--journal",
      description = {"Where to record progress, default:", ".backstride/imports/ATHLETE.json"})
  Path journalPath;

  @Option(
      names = "--max-files",
      description = "Send at most this many new files in this run (default: all).")
  int maxFiles = Integer.MAX_VALUE;

  /**
   * Files read at a time by default to put the history in order; reading is the import's own work,
   * and most of it (the service's is another process).
   */
  static final int DEFAULT_PARALLEL = 4;

  /**
   * Uploads under way at a time: one, so that the service takes the runs oldest first (its 202
   * follows Kafka's acknowledgement, and two uploads in flight can be written the other way round);
   * the next file is read from the archive while it is under way.
   */
  static final int UPLOADS_IN_FLIGHT = 1;

  @Option(
      names = "--parallel",
      description = "Files read at a time to order the history (default: ${DEFAULT-VALUE}).")
  int parallel = DEFAULT_PARALLEL;

  /**
   * What a journal holds: per target (the ingest service's base URL), per source (the archive's
   * absolute path), per entry name, what became of it. Within a target, the activity ids of every
   * source count for duplicates, so that importing a Garmin export after a Strava export of the
   * same runs sends nothing twice; another target starts from nothing, since it has none of them.
   */
  record Journal(String athleteId, Map<String, Map<String, Map<String, JournalEntry>>> targets) {
    /** The sources recorded for this target, created empty when there are none yet. */
    Map<String, Map<String, JournalEntry>> sources(String target) {
      return targets.computeIfAbsent(target, t -> new TreeMap<>());
    }
  }

  /**
   * One handled file.
   *
   * @param activityId the id the service gave (or that the local read computed, for a duplicate)
   * @param outcome {@code imported}, {@code duplicate}, or {@code not countable} (accepted, but the
   *     service warned that the trends will not count it: older than the kept window)
   */
  record JournalEntry(String activityId, String outcome) {}

  /**
   * The counts and reasons of one run.
   *
   * @param notCountable files accepted with a warning that the trends will not count them, each
   *     with the warning; not among {@code imported}
   * @param remaining files not handled in this run
   * @param serviceFailed whether the run stopped because the service did not answer (or 5xx)
   */
  record Summary(
      int imported,
      List<String> notCountable,
      int duplicates,
      int alreadyImported,
      List<String> rejected,
      List<ActivityArchive.Skipped> skipped,
      int remaining,
      boolean serviceFailed) {}

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Arguments.athleteId(spec, "--athlete", athleteId);
    IngestClient client = service.client(spec);
    if (!Files.exists(source)) {
      throw new IllegalArgumentException(
          source + ": no such file or folder (give a .zip export or a folder of activity files)");
    }
    Path journalFile =
        journalPath != null ? journalPath : DEFAULT_JOURNALS.resolve(athleteId + ".json");
    Summary summary = run(client, journalFile);
    print(out, summary, journalFile);
    return summary.serviceFailed() ? 1 : 0;
  }

  Summary run(IngestClient client, Path journalFile) throws IOException, InterruptedException {
    if (parallel < 1) {
      throw new IllegalArgumentException("--parallel must be at least 1, was " + parallel);
    }
    ActivityReaders readers = new ActivityReaders();
    Journal journal = load(journalFile);
    String target = target(client.baseUrl(), client.kafkaClusterId());
    Map<String, Map<String, JournalEntry>> sources = journal.sources(target);
    String key = source.toAbsolutePath().normalize().toString();
    Map<String, JournalEntry> done = sources.computeIfAbsent(key, k -> new TreeMap<>());
    Set<String> knownIds = new HashSet<>();
    sources.values().forEach(m -> m.values().forEach(e -> knownIds.add(e.activityId())));

    ExecutorService reading = Executors.newFixedThreadPool(parallel, r -> worker(r, "import-read"));
    ExecutorService sending =
        Executors.newFixedThreadPool(UPLOADS_IN_FLIGHT, r -> worker(r, "import-send"));
    try (ActivityArchive archive = ActivityArchive.open(source);
        ProgressBar bar = progressBar(archive.entries().size());
        JournalLog log = new JournalLog(journalFile, journal, target, key)) {
      List<Planned> entries = oldestFirst(archive, readers, done, reading);
      return new Sending(client, log, done, knownIds, archive, bar, sending).send(entries);
    } finally {
      reading.shutdownNow();
      sending.shutdownNow();
    }
  }

  /**
   * The journal's log: each handled file is appended to it as one line, at once, so that an
   * interruption loses at most the files in flight; at the end of the run the journal is written
   * whole once and the log removed. Rewriting the whole journal after every file cost a 1,000-file
   * history time that grew with the square of its length.
   */
  static Path logOf(Path journal) {
    return journal.resolveSibling(journal.getFileName() + ".log");
  }

  /**
   * One line of the log: which target and source the file belongs to, its entry name and what
   * became of it.
   */
  record JournalLine(
      String athleteId,
      String target,
      String source,
      String entry,
      String activityId,
      String outcome) {}

  /** Appends to the log as the run goes; writes the journal whole and drops the log on close. */
  private static final class JournalLog implements AutoCloseable {
    private final Path journalFile;
    private final Path logFile;
    private final Journal journal;
    private final String target;
    private final String source;
    private OutputStream out;

    JournalLog(Path journalFile, Journal journal, String target, String source) {
      this.journalFile = journalFile;
      this.logFile = logOf(journalFile);
      this.journal = journal;
      this.target = target;
      this.source = source;
    }

    /** Records one handled file (also in the journal in memory, whose map the caller gives). */
    void append(Map<String, JournalEntry> done, String entry, JournalEntry what)
        throws IOException {
      done.put(entry, what);
      if (out == null) {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        // unbuffered: each line reaches the file in one write, a torn one only at a crash
        out =
            Files.newOutputStream(
                logFile,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
      }
      byte[] line =
          (LINES.writeValueAsString(
                      new JournalLine(
                          journal.athleteId(),
                          target,
                          source,
                          entry,
                          what.activityId(),
                          what.outcome()))
                  + "\n")
              .getBytes(StandardCharsets.UTF_8);
      out.write(line);
    }

    /**
     * The journal written whole (a new file moved into place), then the log removed: a crash
     * between the two leaves lines that the next load applies again, to the same effect.
     */
    @Override
    public void close() throws IOException {
      if (out == null) {
        return;
      }
      out.close();
      save(journalFile, journal);
      Files.deleteIfExists(logFile);
    }
  }

  /** A pool's thread, named for what it does (a profile or the harness tells them apart so). */
  private static Thread worker(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * One run's sending: up to {@link #UPLOADS_IN_FLIGHT} uploads in flight while the next file is
   * read, their answers handled in the order the files were sent (oldest first), each recorded in
   * the journal as it is handled. A run that stops (the service is gone, or {@code --max-files})
   * leaves the files after the first unhandled one to the next run; one of those already accepted
   * by the service is sent again then, and the service, whose activity ids follow from the content,
   * stores it once.
   */
  private final class Sending {
    private final IngestClient client;
    private final JournalLog log;
    private final Map<String, JournalEntry> done;
    private final Set<String> knownIds;
    private final ActivityArchive archive;
    private final ProgressBar bar;
    private final ExecutorService pool;
    private final Tally tally = new Tally();
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private int sent;

    /** An upload under way: the entry's place in the plan, its local id, the answer to come. */
    private record InFlight(int index, ArchiveEntry entry, Future<UploadCommand.Outcome> outcome) {}

    Sending(
        IngestClient client,
        JournalLog log,
        Map<String, JournalEntry> done,
        Set<String> knownIds,
        ActivityArchive archive,
        ProgressBar bar,
        ExecutorService pool) {
      this.client = client;
      this.log = log;
      this.done = done;
      this.knownIds = knownIds;
      this.archive = archive;
      this.bar = bar;
      this.pool = pool;
    }

    Summary send(List<Planned> entries) throws IOException, InterruptedException {
      Set<String> pendingIds = new HashSet<>();
      for (int i = 0; i < entries.size(); i++) {
        ArchiveEntry entry = entries.get(i).entry();
        if (done.containsKey(entry.name())) {
          tally.already++;
          bar.step();
          continue;
        }
        if (sent >= maxFiles) {
          Optional<Integer> stopped = drain(0);
          return tally.summary(
              archive.skipped(), entries.size() - stopped.orElse(i), stopped.isPresent());
        }
        byte[] bytes;
        try (InputStream in = archive.open(entry)) {
          bytes = in.readAllBytes();
        } catch (IOException e) {
          tally.rejected.add(entry.name() + ": cannot be read from the archive: " + e.getMessage());
          bar.step();
          continue;
        }
        // the id the service will give the file, known from reading its first timed point for the
        // order; a file whose points are out of order gets another from the service, whose answer
        // then finds it a duplicate after sending instead of before
        Optional<String> localId =
            entries.get(i).start().map(start -> ActivityIds.of(athleteId, start));
        if (localId.isPresent() && pendingIds.contains(localId.get())) {
          // the same run is on its way under another name: whether it was taken decides this one
          Optional<Integer> stopped = drain(0);
          pendingIds.clear();
          if (stopped.isPresent()) {
            return tally.summary(archive.skipped(), entries.size() - stopped.get(), true);
          }
        }
        if (localId.isPresent() && knownIds.contains(localId.get())) {
          tally.duplicates++;
          log.append(done, entry.name(), new JournalEntry(localId.get(), "duplicate"));
          bar.step();
          continue;
        }
        Optional<Integer> answered = drain(UPLOADS_IN_FLIGHT - 1);
        if (answered.isPresent()) {
          return tally.summary(archive.skipped(), entries.size() - answered.get(), true);
        }
        sent++;
        localId.ifPresent(pendingIds::add);
        String name = entry.name();
        inFlight.add(
            new InFlight(
                i, entry, pool.submit(() -> UploadCommand.post(client, athleteId, name, bytes))));
      }
      Optional<Integer> stopped = drain(0);
      return tally.summary(
          archive.skipped(), stopped.map(at -> entries.size() - at).orElse(0), stopped.isPresent());
    }

    /**
     * Handles the answers of the oldest uploads until at most {@code left} are in flight.
     *
     * @return the plan index of the file at which the run stopped because the service did not
     *     answer (the rest in flight are left for the next run), or empty
     */
    private Optional<Integer> drain(int left) throws IOException, InterruptedException {
      while (inFlight.size() > left) {
        InFlight next = inFlight.poll();
        UploadCommand.Outcome outcome;
        try {
          outcome = next.outcome().get();
        } catch (ExecutionException e) {
          throw new IllegalStateException(
              "sending " + next.entry().name() + " failed", e.getCause());
        }
        if (!handle(next.entry(), outcome)) {
          // the service is down or overloaded: what is still in flight is not recorded
          for (InFlight rest : inFlight) {
            rest.outcome().cancel(true);
          }
          inFlight.clear();
          return Optional.of(next.index());
        }
      }
      return Optional.empty();
    }

    /** Records one answer; false when the service did not answer (or 5xx): stop the run. */
    private boolean handle(ArchiveEntry entry, UploadCommand.Outcome outcome) throws IOException {
      if (outcome.accepted()) {
        boolean duplicate = !knownIds.add(outcome.activityId());
        String what;
        if (duplicate) {
          tally.duplicates++;
          what = "duplicate";
        } else if (outcome.notCountable()) {
          tally.notCountable.add(entry.name() + ": " + outcome.warning());
          what = "not countable";
        } else {
          tally.imported++;
          what = "imported";
        }
        // as each answer is handled: an interruption loses at most the files in flight, which
        // the service stores idempotently anyway
        log.append(done, entry.name(), new JournalEntry(outcome.activityId(), what));
      } else if (outcome.status() == 0 || outcome.status() >= 500) {
        tally.rejected.add(
            entry.name() + ": " + outcome.line() + " (stopped; run again to resume)");
        return false;
      } else {
        tally.rejected.add(entry.name() + ": " + outcome.line());
      }
      bar.step();
      bar.setExtraMessage(
          tally.imported
              + " new, "
              + tally.duplicates
              + " dup, "
              + tally.rejected.size()
              + " rejected");
      return true;
    }
  }

  /** The counts of a run so far. */
  private static final class Tally {
    int imported;
    int duplicates;
    int already;
    final List<String> rejected = new ArrayList<>();
    final List<String> notCountable = new ArrayList<>();

    Summary summary(List<ActivityArchive.Skipped> skipped, int remaining, boolean serviceFailed) {
      return new Summary(
          imported, notCountable, duplicates, already, rejected, skipped, remaining, serviceFailed);
    }
  }

  /**
   * An archive entry and when its activity started, if it could be read here (not read again when
   * already done).
   */
  private record Planned(ArchiveEntry entry, Optional<Instant> start) {}

  /**
   * The archive's entries in the order their activities started, those already done first (they are
   * only counted) and those that cannot be read here last (the service will say why). The
   * training-load state keeps the last 26 weeks behind an athlete's latest run, so a history sent
   * newest first would have its older runs refused; sent oldest first, every run counts, as when
   * they were synced one by one. Each file is read here only up to its first timed point ({@link
   * ActivityReaders#firstTime}: a full read cost the import most of its CPU, for one instant), and
   * read whole once more to send it. The files are read {@code --parallel} at a time; the archive
   * unpacks one at a time.
   */
  private List<Planned> oldestFirst(
      ActivityArchive archive,
      ActivityReaders readers,
      Map<String, JournalEntry> done,
      ExecutorService pool)
      throws InterruptedException {
    List<ArchiveEntry> all = archive.entries();
    List<Future<Optional<Instant>>> starts = new ArrayList<>(all.size());
    for (ArchiveEntry entry : all) {
      starts.add(
          done.containsKey(entry.name())
              ? CompletableFuture.completedFuture(Optional.empty())
              : pool.submit(() -> start(archive, readers, entry)));
    }
    List<Planned> planned = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      try {
        planned.add(new Planned(all.get(i), starts.get(i).get()));
      } catch (ExecutionException e) {
        throw new IllegalStateException("reading " + all.get(i).name() + " failed", e.getCause());
      }
    }
    planned.sort(
        Comparator.comparing(
                (Planned p) ->
                    done.containsKey(p.entry().name())
                        ? Instant.MIN
                        : p.start().orElse(Instant.MAX))
            .thenComparing(p -> p.entry().name()));
    return planned;
  }

  /** When the activity of an entry started, or empty when it cannot be read here. */
  private static Optional<Instant> start(
      ActivityArchive archive, ActivityReaders readers, ArchiveEntry entry) {
    byte[] bytes;
    try {
      synchronized (archive) {
        try (InputStream in = archive.open(entry)) {
          bytes = in.readAllBytes();
        }
      }
      return Optional.of(readers.firstTime(new ByteArrayInputStream(bytes), entry.name()));
    } catch (IOException | InvalidActivityException | RuntimeException unreadable) {
      // sent last; the service's answer is what the summary reports
      return Optional.empty();
    }
  }

  /**
   * The key of a target in the journal: the service's base URL with the scheme and host in lower
   * case, {@code localhost} as {@code 127.0.0.1} and no trailing slash, so that spellings of one
   * URL share their history; and the Kafka cluster behind it when the service names it, so that a
   * fresh local stack at the same URL, which has none of the files, gets them again.
   */
  static String target(String baseUrl, Optional<String> kafkaClusterId) {
    return target(baseUrl) + kafkaClusterId.map(id -> " kafka:" + id).orElse("");
  }

  static String target(String baseUrl) {
    URI uri = URI.create(baseUrl);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return uri.getScheme().toLowerCase(Locale.ROOT)
        + "://"
        + (host.equals("localhost") ? "127.0.0.1" : host)
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + path;
  }

  private ProgressBar progressBar(int total) {
    return progressBar(
        total, progressTo != null ? progressTo : new ConsoleProgressBarConsumer(System.err));
  }

  static ProgressBar progressBar(int total, ProgressBarConsumer to) {
    return new ProgressBarBuilder()
        .setTaskName("import")
        .setInitialMax(total)
        .setRenderer(new ImportProgress())
        .setUpdateIntervalMillis(250)
        .setConsumer(to)
        .build();
  }

  /**
   * The journal as the last run left it: the file, with the lines of the log of a run that was
   * interrupted before it wrote the journal whole applied on top (and written whole now, so that
   * this run's log starts empty). A last line cut off by the interruption is left out: its file was
   * not recorded, and is sent again.
   */
  private Journal load(Path file) throws IOException {
    Journal journal = readJournal(file);
    Path log = logOf(file);
    if (!Files.exists(log)) {
      return journal;
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    List<String> lines = List.of(text.split("\n", -1));
    // the last piece is "" after a whole last line, or the line a crash cut off
    for (int i = 0; i < lines.size() - 1; i++) {
      JournalLine line;
      try {
        line = LINES.readValue(lines.get(i), JournalLine.class);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(
            "line "
                + (i + 1)
                + " of the journal's log "
                + log
                + " is not a journal line ("
                + e.getOriginalMessage()
                + "); move it away or use --journal",
            e);
      }
      if (!athleteId.equals(line.athleteId())) {
        throw new IllegalStateException(
            "the journal's log "
                + log
                + " belongs to athlete "
                + line.athleteId()
                + "; use --journal");
      }
      journal
          .sources(line.target())
          .computeIfAbsent(line.source(), k -> new TreeMap<>())
          .put(line.entry(), new JournalEntry(line.activityId(), line.outcome()));
    }
    save(file, journal);
    Files.delete(log);
    return journal;
  }

  private Journal readJournal(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new Journal(athleteId, new TreeMap<>());
    }
    Journal read;
    try {
      read = JSON.readValue(file.toFile(), Journal.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "the journal "
              + file
              + " is not a backstride import journal ("
              + e.getOriginalMessage()
              + "); move it away or use --journal",
          e);
    }
    if (!athleteId.equals(read.athleteId()) || read.targets() == null) {
      throw new IllegalStateException(
          "the journal " + file + " belongs to athlete " + read.athleteId() + "; use --journal");
    }
    Map<String, Map<String, Map<String, JournalEntry>>> targets = new TreeMap<>();
    read.targets()
        .forEach(
            (target, sources) -> {
              Map<String, Map<String, JournalEntry>> copy = new TreeMap<>();
              sources.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
              targets.put(target, copy);
            });
    return new Journal(athleteId, targets);
  }

  /** Writes a new file and moves it into place, so that a crash never leaves half a journal. */
  private static void save(Path file, Journal journal) throws IOException {
    Path parent = Files.createDirectories(file.toAbsolutePath().getParent());
    Path temp = Files.createTempFile(parent, ".backstride-import-", ".tmp");
    try {
      JSON.writeValue(temp.toFile(), journal);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void print(PrintWriter out, Summary s, Path journalFile) {
    out.printf(
        "imported %d, duplicates %d, already imported %d, rejected %d, skipped %d (not activities)%n",
        s.imported(), s.duplicates(), s.alreadyImported(), s.rejected().size(), s.skipped().size());
    if (!s.notCountable().isEmpty()) {
      out.println(s.notCountable().size() + " not countable (older than the kept window):");
      s.notCountable().forEach(n -> out.println("  " + n));
    }
    if (!s.rejected().isEmpty()) {
      out.println("rejected:");
      s.rejected().forEach(r -> out.println("  " + r));
    }
    if (!s.skipped().isEmpty()) {
      out.println("skipped:");
      s.skipped().stream()
          .limit(SKIPPED_SHOWN)
          .forEach(k -> out.println("  " + k.name() + ": " + k.reason()));
      if (s.skipped().size() > SKIPPED_SHOWN) {
        out.println("  ... and " + (s.skipped().size() - SKIPPED_SHOWN) + " more");
      }
    }
    if (s.remaining() > 0) {
      out.println(s.remaining() + " files left; run the same command again to continue");
    }
    out.println("journal: " + journalFile);
    out.flush();
  }
}
