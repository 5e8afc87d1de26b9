package io.backstride.cli;

import io.backstride.alerts.AlertsHttp;
import io.backstride.core.links.AthleteLinks;
import io.backstride.ingest.IngestApi;
import io.backstride.localstack.KafkaSchemaStore;
import io.backstride.localstack.LocalStack;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.pages.PagesConfig;
import io.backstride.platform.EnvValues;
import io.backstride.platform.KafkaConnection;
import io.backstride.streams.query.TrendsApi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backstride run}: the pipeline as a long-running service. Without {@code --kafka} it starts
 * the local stack (broker, registry, SMTP sink writing .eml files) beside it, every part on a fixed
 * port so that other tools can be pointed at it; with it, it joins an existing Kafka cluster,
 * schema registry and SMTP server.
 *
 * <p>Environment variables are read when the command runs, not when the command line is built, so
 * that a bad {@code BACKSTRIDE_SMTP_PORT} troubles {@code run} only, with one line naming it.
 */
@Command(name = "run", description = "Run the pipeline as a service until stopped (Ctrl-C).")
final class RunCommand implements Callable<Integer> {
  static final String KAFKA_PORT = "BACKSTRIDE_KAFKA_PORT";
  static final String REGISTRY_PORT = "BACKSTRIDE_REGISTRY_PORT";
  static final String SMTP_PORT = "BACKSTRIDE_SMTP_PORT";
  static final String INGEST_PORT = "BACKSTRIDE_INGEST_PORT";
  static final String TRENDS_PORT = "BACKSTRIDE_STREAMS_HTTP_PORT";
  static final String PAGES_PORT = PagesConfig.PORT;
  static final String ALERTS_PORT = AlertsHttp.PORT;

  private static final Pattern OPENAPI_PATH = Pattern.compile("^  (/\\S*):\\s*$");
  private static final Pattern OPENAPI_METHOD =
      Pattern.compile("^    (get|put|post|delete|patch):\\s*$");

  /** How long the Streams applications may take to be at work once ingest accepts requests. */
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  @Spec CommandSpec spec;

  /** The environment the command reads; the process's own unless a test gives another. */
  Map<String, String> env = System.getenv();

  @Option(
      names = "--kafka",
      description = {
        "Bootstrap servers of an existing Kafka cluster;",
        "without it, an in-process broker.",
        "Env BACKSTRIDE_KAFKA_BOOTSTRAP."
      })
  String kafka;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description = {
        "Kafka client properties for --kafka (security.protocol,",
        "sasl.*, ssl.truststore.*, ...), a Java properties file",
        "like the --command-config of Kafka's tools.",
        "Env " + KafkaConnection.CONFIG_FILE + "; BACKSTRIDE_KAFKA_<PROPERTY>",
        "variables win over it."
      })
  Path kafkaConfig;

  @Option(
      names = "--kafka-port",
      description = {
        "Port of the in-process broker; 0 picks a free one.",
        "Default 9092, env " + KAFKA_PORT + "."
      })
  Integer kafkaPort;

  @Option(
      names = "--schema-registry",
      description = {
        "URL of a Confluent-compatible schema registry;",
        "without it, the local one.",
        "Env BACKSTRIDE_SCHEMA_REGISTRY_URL."
      })
  String registryUrl;

  @Option(
      names = "--registry-port",
      description = {
        "Port of the local schema registry; 0: a free one.",
        "Default 8081, env " + REGISTRY_PORT + "."
      })
  Integer registryPort;

  @Option(
      names = "--smtp-host",
      description = {"SMTP server; without it, the local sink.", "Env BACKSTRIDE_SMTP_HOST."})
  String smtpHost;

  @Option(
      names = "--smtp-port",
      description = {
        "Port of the SMTP server, or of the local sink.",
        "Default 2525, env " + SMTP_PORT + "."
      })
  Integer smtpPort;

  @Option(
      names = "--port",
      description = {"HTTP port of the ingest API.", "Default 8080, env " + INGEST_PORT + "."})
  Integer port;

  @Option(
      names = "--trends-port",
      description = {"HTTP port of the trends API.", "Default 8082, env " + TRENDS_PORT + "."})
  Integer trendsPort;

  @Option(
      names = "--pages-port",
      description = {
        "HTTP port of the athlete pages (the emails' links).",
        "Default 8083, env " + PAGES_PORT + "."
      })
  Integer pagesPort;

  @Option(
      names = "--alerts-port",
      description = {
        "HTTP port of the alerts service's metrics and health checks.",
        "Default " + AlertsHttp.DEFAULT_RUN_PORT + ", env " + ALERTS_PORT + "."
      })
  Integer alertsPort;

  @Option(
      names = "--data-dir",
      description = "Where the local stack and the Streams state live (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of(".backstride");

  @Option(
      names = "--outbox",
      description = "Folder the local SMTP sink writes .eml files to (default: ${DEFAULT-VALUE}).")
  Path outbox = Path.of("outbox");

  /** Counted down once the service has stopped; a test waits on it. */
  final CountDownLatch stopped = new CountDownLatch(1);

  /** Counted down to stop the service, as Ctrl-C does; a test uses it. */
  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> pipelineEnv = new HashMap<>(env);
    String kafkaBootstrap =
        kafka != null ? kafka : EnvValues.text(env, "BACKSTRIDE_KAFKA_BOOTSTRAP", null);
    String registry =
        registryUrl != null
            ? registryUrl
            : EnvValues.text(env, "BACKSTRIDE_SCHEMA_REGISTRY_URL", null);
    String smtp = smtpHost != null ? smtpHost : EnvValues.text(env, "BACKSTRIDE_SMTP_HOST", null);
    int ingestPort = port != null ? port : EnvValues.port(env, INGEST_PORT, 8080);
    int trends = trendsPort != null ? trendsPort : EnvValues.port(env, TRENDS_PORT, 8082);
    int smtpPortValue = smtpPort != null ? smtpPort : EnvValues.port(env, SMTP_PORT, 2525);
    boolean local = kafkaBootstrap == null;
    if (kafkaConfig != null) {
      pipelineEnv.put(KafkaConnection.CONFIG_FILE, kafkaConfig.toString());
    }
    if (local && hasClientProperties(pipelineEnv)) {
      // the local broker has one PLAINTEXT listener: SASL or TLS settings could only fail there
      throw new IllegalArgumentException(
          "--kafka-config, "
              + KafkaConnection.CONFIG_FILE
              + " and BACKSTRIDE_KAFKA_<PROPERTY> variables are for an existing cluster: give its"
              + " bootstrap servers with --kafka");
    }
    // chosen now, so that the URLs can be shown: the services do not report what they bound
    trends = trends == 0 ? freePort() : trends;
    pipelineEnv.put(INGEST_PORT, String.valueOf(ingestPort));
    pipelineEnv.put(TRENDS_PORT, String.valueOf(trends));
    int pages =
        pagesPort != null ? pagesPort : EnvValues.port(env, PAGES_PORT, PagesConfig.DEFAULT_PORT);
    pages = pages == 0 ? freePort() : pages;
    pipelineEnv.put(PAGES_PORT, String.valueOf(pages));
    int alerts =
        alertsPort != null
            ? alertsPort
            : EnvValues.port(env, ALERTS_PORT, AlertsHttp.DEFAULT_RUN_PORT);
    alerts = alerts == 0 ? freePort() : alerts;
    pipelineEnv.put(ALERTS_PORT, String.valueOf(alerts));
    pipelineEnv.putIfAbsent(AthleteLinks.PUBLIC_URL, "http://localhost:" + pages);
    if (EnvValues.text(env, AthleteLinks.SECRET, null) == null) {
      // the local stack's own, kept with its data: old emails' links keep working after restarts
      pipelineEnv.put(AthleteLinks.SECRET, LinkSecretFile.in(dataDir));
    }
    pipelineEnv.putIfAbsent(
        "BACKSTRIDE_STATE_DIR", dataDir.resolve("state").toAbsolutePath().toString());
    // every setting is checked before anything starts: a typo costs a second, not a broker start
    Pipeline.checkSettings(pipelineEnv);

    List<FixedPort> fixedPorts = new ArrayList<>();
    fixedPorts.add(new FixedPort("ingest API", "--port", ingestPort));
    fixedPorts.add(new FixedPort("trends API", "--trends-port", trends));
    fixedPorts.add(new FixedPort("athlete pages", "--pages-port", pages));
    fixedPorts.add(new FixedPort("alerts metrics and health", "--alerts-port", alerts));
    int kafkaPortValue = 0;
    int registryPortValue = 0;
    if (local) {
      kafkaPortValue = kafkaPort != null ? kafkaPort : EnvValues.port(env, KAFKA_PORT, 9092);
      registryPortValue =
          registryPort != null ? registryPort : EnvValues.port(env, REGISTRY_PORT, 8081);
      fixedPorts.add(new FixedPort("Kafka broker", "--kafka-port", kafkaPortValue));
      if (registry == null) {
        fixedPorts.add(new FixedPort("schema registry", "--registry-port", registryPortValue));
      }
      if (smtp == null) {
        fixedPorts.add(new FixedPort("SMTP sink", "--smtp-port", smtpPortValue));
      }
    }
    requireFree(fixedPorts);

    out.printf(
        "backstride run: starting %s ...%n",
        local
            ? "the local stack (Kafka broker, schema registry, SMTP sink), then the pipeline"
            : "the pipeline on " + kafkaBootstrap);
    out.flush();
    LocalStack stack = null;
    ScheduledExecutorService exporter = null;
    long brokerUpAtMs = 0;
    if (local) {
      // returns once the broker is up: the registry reads its schemas while the pipeline makes
      // its topics, producers and caches (RELIABILITY.md, restart); ingest's registrations wait
      // for the read, so ingest still accepts only with its schemas known
      stack =
          LocalStack.startReadingRegistry(
              dataDir.toAbsolutePath(),
              kafkaPortValue,
              EnvValues.text(env, SchemaRegistryServer.HOST_ENV, "127.0.0.1"),
              registry == null ? registryPortValue : 0,
              EnvValues.text(env, SchemaRegistryServer.BASIC_AUTH, null),
              // unused beside another SMTP server: a free port, so that it cannot be in the way
              smtp == null ? smtpPortValue : 0);
      brokerUpAtMs = uptimeMs();
      pipelineEnv.put("BACKSTRIDE_KAFKA_BOOTSTRAP", stack.bootstrapServers());
      pipelineEnv.put(
          "BACKSTRIDE_SCHEMA_REGISTRY_URL", registry == null ? stack.registryUrl() : registry);
      if (registry == null) {
        LocalRegistryCredentials.handTo(pipelineEnv, env);
      }
      pipelineEnv.put("BACKSTRIDE_SMTP_HOST", smtp == null ? stack.smtpSink().host() : smtp);
      pipelineEnv.put(
          SMTP_PORT, String.valueOf(smtp == null ? stack.smtpSink().port() : smtpPortValue));
      if (smtp == null
          && EnvValues.text(env, AthleteLinks.UNSUBSCRIBE_MAILTO, null) == null
          && EnvValues.text(env, PagesConfig.UNSUBSCRIBE_MAILBOX, null) == null) {
        // mail to the sink's unsubscribe address lands in its IMAP mailbox, which the pages poll
        LocalRun.unsubscribeMailbox(stack.smtpSink(), pipelineEnv);
      }
      LocalStack s = stack;
      exporter = Executors.newSingleThreadScheduledExecutor();
      exporter.scheduleWithFixedDelay(() -> s.smtpSink().exportTo(outbox), 1, 1, TimeUnit.SECONDS);
    } else {
      pipelineEnv.put("BACKSTRIDE_KAFKA_BOOTSTRAP", kafkaBootstrap);
      if (registry != null) {
        pipelineEnv.put("BACKSTRIDE_SCHEMA_REGISTRY_URL", registry);
      }
      if (smtp != null) {
        pipelineEnv.put("BACKSTRIDE_SMTP_HOST", smtp);
      }
      pipelineEnv.put(SMTP_PORT, String.valueOf(smtpPortValue));
    }
    Pipeline pipeline = null;
    LocalStack startedStack = stack;
    long brokerUpMs = brokerUpAtMs;
    try {
      pipeline =
          Pipeline.start(
              pipelineEnv,
              url -> {
                if (startedStack != null) {
                  // where a start's time goes (after a kill -9 mostly the broker's: RELIABILITY.md,
                  // restart); the registry has read its store by now (ingest registered with it)
                  Duration registryRead = startedStack.awaitRegistry();
                  out.printf(
                      Locale.ROOT,
                      "backstride run: local stack up, %.1f s after start (Kafka broker %.1f s,"
                          + " schema registry %.1f s)%n",
                      (brokerUpMs + registryRead.toMillis()) / 1000.0,
                      startedStack.broker().startTime().toMillis() / 1000.0,
                      registryRead.toMillis() / 1000.0);
                }
                out.printf(
                    "backstride run: ingest API accepting at %s, %s; the Streams applications"
                        + " are starting ...%n",
                    url, sinceStart());
                out.flush();
              });
      if (ownRegistry(pipelineEnv, stack)) {
        // the services have registered their schemas: from now on nobody can slip in another
        stack.registry().setMode(KafkaSchemaStore.Mode.READONLY);
      }
      printEndpoints(
          out,
          pipeline.ingestUrl(),
          "http://127.0.0.1:" + trends,
          pipeline.pagesUrl(),
          "http://127.0.0.1:" + alerts,
          pipelineEnv,
          stack);
      pipeline.awaitReady(READY_TIMEOUT);
    } catch (RuntimeException e) {
      if (pipeline != null) {
        pipeline.close();
      }
      if (stack != null) {
        exporter.shutdownNow();
        RuntimeException reason = registryFailure(stack, e);
        stack.close();
        throw reason;
      }
      throw e;
    }
    // what "ready" means: Pipeline.awaitReady; a script can wait for this line
    out.printf(
        "backstride run: ready at %s, %s (ingest, training load and trends API, rules,"
            + " notifier, athlete pages at %s)%n",
        DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)),
        sinceStart(),
        pipelineEnv.get(AthleteLinks.PUBLIC_URL));
    out.flush();

    LocalStack finalStack = stack;
    ScheduledExecutorService finalExporter = exporter;
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                stopped.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "backstride-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stop.await();
    out.printf("backstride run: stopping ...%n");
    out.flush();
    try {
      pipeline.close();
      if (finalExporter != null) {
        finalExporter.shutdownNow();
        finalStack.smtpSink().exportTo(outbox);
        finalStack.close();
      }
      out.printf(
          "backstride run: stopped cleanly%s%n",
          local ? "; topics, schemas and state kept in " + dataDir.toAbsolutePath() : "");
      out.flush();
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is what is waiting for this
      }
    }
    return 0;
  }

  /** Whether {@code env} gives Kafka client properties (a file or a property variable). */
  private static boolean hasClientProperties(Map<String, String> env) {
    return EnvValues.text(env, KafkaConnection.CONFIG_FILE, null) != null
        || !KafkaConnection.fromEnv(env, "localhost:9092").properties().isEmpty();
  }

  /** Whether the pipeline uses the local stack's own registry (not one given by URL). */
  private static boolean ownRegistry(Map<String, String> env, LocalStack stack) {
    return stack != null && stack.registryUrl().equals(env.get("BACKSTRIDE_SCHEMA_REGISTRY_URL"));
  }

  /**
   * The pipeline's start failed: when the local registry could not read its store, that is the
   * reason to report (the pipeline's own failure, a 503 from the registry, follows from it).
   */
  private static RuntimeException registryFailure(LocalStack stack, RuntimeException pipeline) {
    try {
      stack.awaitRegistry();
      return pipeline;
    } catch (RuntimeException registry) {
      if (registry != pipeline) {
        // the same exception when ingest's start was told of the failed read (awaitRegistry)
        registry.addSuppressed(pipeline);
      }
      return registry;
    }
  }

  /** How long since this JVM started, e.g. {@code 4.2 s after start}. */
  private static String sinceStart() {
    return String.format(Locale.ROOT, "%.1f s after start", uptimeMs() / 1000.0);
  }

  private static long uptimeMs() {
    return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
  }

  private void printEndpoints(
      PrintWriter out,
      String ingestUrl,
      String trendsUrl,
      String pagesUrl,
      String alertsUrl,
      Map<String, String> env,
      LocalStack stack) {
    out.printf("backstride is running%n");
    out.printf("  ingest API       %s%n", ingestUrl);
    for (String route : ingestRoutes()) {
      out.printf("      %s%n", route);
    }
    out.printf("  trends API       %s%n", trendsUrl);
    for (String route : trendsRoutes()) {
      out.printf("      %s%n", route);
    }
    out.printf(
        "  athlete pages    %s  (the emails' links: %s/a/<token>)%n",
        pagesUrl, env.get(AthleteLinks.PUBLIC_URL));
    out.printf("  alerts           %s  (rules and notifier)%n", alertsUrl);
    for (String route : List.of("GET  /metrics", "GET  /health/live", "GET  /health/ready")) {
      out.printf("      %s%n", route);
    }
    out.printf("  (every service above serves GET /metrics, /health/live and /health/ready)%n");
    out.printf("  Kafka            %s%n", env.get("BACKSTRIDE_KAFKA_BOOTSTRAP"));
    out.printf(
        "  schema registry  %s%s%n",
        env.get("BACKSTRIDE_SCHEMA_REGISTRY_URL"),
        ownRegistry(env, stack)
            ? "  (Confluent-compatible; read-only while the services run)"
            : "");
    out.printf(
        "  SMTP             %s:%s%s%n",
        env.get("BACKSTRIDE_SMTP_HOST"),
        env.get(SMTP_PORT),
        stack == null ? "" : "  (local sink; emails saved to " + outbox.toAbsolutePath() + ")");
    if (env.get(PagesConfig.UNSUBSCRIBE_MAILBOX) != null) {
      out.printf(
          "  unsubscribe by mail to %s: the pages read %s%n",
          env.getOrDefault(AthleteLinks.UNSUBSCRIBE_MAILTO, "(no address offered)"),
          env.get(PagesConfig.UNSUBSCRIBE_MAILBOX));
    }
    out.printf("Ctrl-C stops it.%n");
    out.flush();
  }

  /**
   * The ingest routes as its OpenAPI document lists them ({@code METHOD path}), read from the
   * document the service itself serves, so that the list is complete as routes are added.
   */
  static List<String> ingestRoutes() {
    return documentedRoutes(IngestApi.OPENAPI_PATH);
  }

  /** The trends routes as its OpenAPI document lists them, like {@link #ingestRoutes}. */
  static List<String> trendsRoutes() {
    return documentedRoutes(TrendsApi.OPENAPI_RESOURCE);
  }

  private static List<String> documentedRoutes(String resource) {
    List<String> routes = new ArrayList<>();
    try (InputStream in = RunCommand.class.getResourceAsStream(resource)) {
      if (in == null) {
        return routes;
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      boolean inPaths = false;
      String path = null;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.startsWith(" ") && !line.isBlank()) {
          inPaths = line.startsWith("paths:");
          continue;
        }
        if (!inPaths) {
          continue;
        }
        Matcher p = OPENAPI_PATH.matcher(line);
        Matcher m = OPENAPI_METHOD.matcher(line);
        if (p.matches()) {
          path = p.group(1);
        } else if (m.matches() && path != null) {
          routes.add(
              String.format(Locale.ROOT, "%-4s %s", m.group(1).toUpperCase(Locale.ROOT), path));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the OpenAPI document " + resource, e);
    }
    return routes;
  }

  /** A port this run listens on, and the option that changes it. */
  private record FixedPort(String what, String option, int port) {}

  /** Fails with what to do when one of the fixed ports is taken, before anything has started. */
  private static void requireFree(List<FixedPort> ports) {
    for (FixedPort p : ports) {
      if (p.port() == 0) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p.port()));
      } catch (IOException e) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "port %d for the %s is in use (another backstride run?); choose another with %s",
                p.port(),
                p.what(),
                p.option()));
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
