package io.backstride.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.core.links.AthleteLinks;
import io.backstride.localstack.LocalStack;
import io.backstride.schemas.Topics;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backstride demo}: the whole product in one JVM on real parts. A demo athlete's seven weeks
 * of GPX runs go through the real HTTP API, Kafka broker, schema registry, Streams applications and
 * SMTP, and the command prints the alerts and where their email went.
 */
@Command(
    name = "demo",
    description =
        "Run seven weeks of a demo runner's GPX files through the local pipeline and show the alerts.")
final class DemoCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(
      names = "--outbox",
      description = "Folder for the emails as .eml files (default: ${DEFAULT-VALUE}).")
  Path outbox = Path.of("outbox");

  @Option(names = "--athlete", description = "Demo athlete id (default: ${DEFAULT-VALUE}).")
  String athleteId = "demo-runner";

  @Option(
      names = "--email",
      description = {"Demo athlete's email address,", "default: ${DEFAULT-VALUE}"})
  String email = "runner@example.org";

  @Option(
      names = "--timeout",
      description = "Seconds to wait for the pipeline (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 180;

  @Option(
      names = "--keep",
      description = {
        "Keep the stack running after the demo, until Ctrl-C,",
        "so that the athlete page can be opened and clicked through."
      })
  boolean keep;

  /** Counted down to end a kept demo, as Ctrl-C does; a test uses it. */
  final CountDownLatch stop = new CountDownLatch(1);

  private long started;
  private PrintWriter out;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    Arguments.athleteId(spec, "--athlete", athleteId);
    started = System.nanoTime();
    out.println("backstride demo: seven weeks of a runner's GPX files through the real pipeline");
    progress(
        "starting a local stack of its own (Kafka broker, schema registry, SMTP sink) and the"
            + " pipeline, all on free ports; this takes 5-20 s (the JVM started %.1f s ago) ...",
        (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime())
            / 1000.0);
    Path work = Files.createTempDirectory("backstride-demo-");
    try (LocalRun run = LocalRun.start(work, Duration.ofSeconds(timeoutSeconds))) {
      LocalStack stack = run.stack();
      progress(
          "local stack up in %.1f s: Kafka broker (KRaft, in-process) at %s in %.1f s, schema registry %s, SMTP sink %s:%d",
          run.stackStart().toMillis() / 1000.0,
          stack.bootstrapServers(),
          stack.broker().startTime().toMillis() / 1000.0,
          stack.registryUrl(),
          stack.smtpSink().host(),
          stack.smtpSink().port());
      progress(
          "pipeline up in %.1f s: ingest %s, training-load streams (trends %s), alerts and notifier",
          run.pipelineStart().toMillis() / 1000.0, run.ingestUrl(), run.trendsUrl());
      List<DemoHistory.DemoRun> runs = upload(run.ingestUrl());
      progress("waiting for the pipeline: trends, rules, email ...");
      LocalDate lastDay = runs.get(runs.size() - 1).date();
      LocalRun.Outcome outcome =
          run.await(
              athleteId,
              trends -> trends.containsKey(lastDay) && trends.get(lastDay).getAcuteRuns() == 3,
              true);
      progress("trends computed through %s (%d days)", lastDay, outcome.trends().size());
      report(outcome.alerts(), stack, run.pagesUrl());
      if (keep) {
        keepRunning(run);
      }
    }
    if (keptClosed != null) {
      keptClosed.countDown();
    }
    progress("done: stack shut down cleanly");
    return alertsPrinted ? 0 : 1;
  }

  private boolean alertsPrinted;

  private List<DemoHistory.DemoRun> upload(String ingestUrl) throws Exception {
    IngestClient client = new IngestClient(ingestUrl);
    IngestClient.Response profile =
        client.putProfile(
            athleteId,
            "{\"email\":\""
                + email
                + "\",\"name\":\"Demo Runner\",\"timeZone\":\"UTC\",\"units\":\"km\",\"notifications\":true}");
    if (profile.status() != 200) {
      throw new IllegalStateException(
          "Profile rejected: " + profile.status() + " " + profile.body());
    }
    progress("profile of %s saved (%s)", athleteId, email);
    List<DemoHistory.DemoRun> runs =
        DemoHistory.runs(LocalDate.now(ZoneOffset.UTC), DemoHistory.startAt(Instant.now()), 2026L);
    out.printf(
        "uploading %d GPX runs through POST /v1/athletes/%s/activities:%n", runs.size(), athleteId);
    int n = 0;
    for (DemoHistory.DemoRun run : runs) {
      IngestClient.Response r =
          client.uploadActivity(athleteId, run.gpx().getBytes(StandardCharsets.UTF_8));
      if (r.status() != 202) {
        throw new IllegalStateException("Upload rejected: " + r.status() + " " + r.body());
      }
      JsonNode body = JSON.readTree(r.body());
      out.printf(
          Locale.ROOT,
          "  [%2d/%d] %s  %.1f km, hill %3.0f m  -> %d %s, %d samples in %d batches%n",
          ++n,
          runs.size(),
          run.date(),
          run.distanceM() / 1000,
          run.climbM(),
          r.status(),
          body.path("activityId").asText(),
          body.path("samples").asInt(),
          body.path("batches").asInt());
      out.flush();
    }
    return runs;
  }

  /** Waits for Ctrl-C (or {@link #stop}); the stack is closed by the caller afterwards. */
  private void keepRunning(LocalRun run) throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                // the JVM ends when the hooks do: wait until the stack is down and its data gone
                closed.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "backstride-demo-keep");
    Runtime.getRuntime().addShutdownHook(hook);
    progress(
        "keeping the stack running: ingest %s, athlete pages %s (open the email's link above);"
            + " Ctrl-C stops it",
        run.ingestUrl(), run.pagesUrl());
    try {
      stop.await();
      progress("stopping ...");
    } finally {
      keptClosed = closed;
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is what is waiting
      }
    }
  }

  private CountDownLatch keptClosed;

  private static final Pattern PAGES_LINK =
      Pattern.compile("https?://\\S+" + Pattern.quote(AthleteLinks.PAGES_PATH) + "[A-Za-z0-9._-]+");

  /** The athlete pages' link in an email's text part, as the athlete would click it. */
  static Optional<String> pagesLink(Part part, String pagesUrl) throws Exception {
    if (pagesUrl == null) {
      return Optional.empty();
    }
    if (part.isMimeType("text/plain")) {
      Matcher m = PAGES_LINK.matcher(String.valueOf(part.getContent()));
      return m.find() ? Optional.of(m.group()) : Optional.empty();
    }
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        Optional<String> link = pagesLink(multipart.getBodyPart(i), pagesUrl);
        if (link.isPresent()) {
          return link;
        }
      }
    }
    return Optional.empty();
  }

  private void report(List<BackPainRiskAlert> alerts, LocalStack stack, String pagesUrl)
      throws Exception {
    out.printf("%nalerts on %s:%n", Topics.BACK_PAIN_ALERTS.name());
    for (BackPainRiskAlert a : alerts) {
      out.printf(
          Locale.ROOT,
          "  %s  %s  %s  %s: %.0f m in the 7 days %s..%s against a usual %.0f m a week (%s; fires at %.1fx and >= %.0f m)%n",
          a.getRule(),
          a.getSeverity(),
          a.getDate(),
          a.getMetric(),
          a.getAcute(),
          a.getAcuteFrom(),
          a.getAcuteTo(),
          a.getChronic(),
          a.getRatio() == null ? "from none" : String.format(Locale.ROOT, "%.2fx", a.getRatio()),
          a.getThreshold(),
          a.getMinimum());
    }
    alertsPrinted = !alerts.isEmpty();
    if (alerts.isEmpty()) {
      out.println("  none (unexpected: the demo history should raise DOWNHILL_RAMP)");
    }
    List<MimeMessage> received = stack.smtpSink().received();
    List<Path> saved = stack.smtpSink().exportTo(outbox);
    out.printf("%nemails received by the SMTP sink: %d%n", received.size());
    for (int i = 0; i < received.size(); i++) {
      MimeMessage m = received.get(i);
      Path eml = i < saved.size() ? saved.get(i).toAbsolutePath() : null;
      Path html =
          eml == null
              ? null
              : eml.resolveSibling(eml.getFileName().toString().replace(".eml", ".html"));
      out.printf(
          "  to %s: \"%s\"%n    saved as %s (open it with any mail program)%n",
          String.join(", ", List.of(m.getAllRecipients()).stream().map(Object::toString).toList()),
          m.getSubject(),
          eml == null ? "(saved earlier)" : eml);
      if (html != null && Files.exists(html)) {
        out.printf("    and as %s (open it in a browser: text, advice and chart)%n", html);
      }
      Optional<String> link = pagesLink(m, pagesUrl);
      if (link.isPresent()) {
        out.printf(
            "    athlete page: %s%n      (%s)%n",
            link.get(),
            keep
                ? "open it now: load chart, alerts, report pain, preferences, unsubscribe"
                : "it works while the stack runs: ./backstride demo --keep keeps it up");
      }
    }
  }

  private void progress(String format, Object... args) {
    out.printf(
        Locale.ROOT,
        "[%5.1f s] %s%n",
        (System.nanoTime() - started) / 1e9,
        String.format(Locale.ROOT, format, args));
    out.flush();
  }
}
