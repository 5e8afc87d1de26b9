package io.backstride.cli;

import io.backstride.alerts.AlertsConfig;
import io.backstride.alerts.AlertsService;
import io.backstride.core.links.AthleteLinks;
import io.backstride.ingest.IngestConfig;
import io.backstride.ingest.IngestService;
import io.backstride.pages.PagesConfig;
import io.backstride.pages.PagesService;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.streams.StreamsRunner;
import io.backstride.platform.topic.TopicAdmin;
import io.backstride.schemas.registry.RegistrySettings;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.registry.TopicSchemas;
import io.backstride.streams.TrainingLoadConfig;
import io.backstride.streams.TrainingLoadService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The three services of backstride in one JVM (ingest, training-load streams, alerts), and the
 * athlete pages when a link secret is set ({@code BACKSTRIDE_LINK_SECRET}), configured from one map
 * of {@code BACKSTRIDE_*} variables: the same names each service reads on its own in
 * docker-compose.yml.
 */
public final class Pipeline implements AutoCloseable {
  private final IngestService ingest;
  private final TrainingLoadService trainingLoad;
  private final AlertsService alerts;
  private final PagesService pages;

  private Pipeline(
      IngestService ingest,
      TrainingLoadService trainingLoad,
      AlertsService alerts,
      PagesService pages) {
    this.ingest = ingest;
    this.trainingLoad = trainingLoad;
    this.alerts = alerts;
    this.pages = pages;
  }

  /** Like {@link #start(Map, Consumer)}, without being told when ingest listens. */
  public static Pipeline start(Map<String, String> env) {
    return start(env, url -> {});
  }

  /**
   * Creates missing topics, then starts ingest and the two Streams applications side by side;
   * returns once all three are up. Nothing orders them: ingest needs only Kafka (what it accepts
   * waits in its topics), and the Streams applications need only the topics, so their joins and
   * restores (seconds) run while ingest starts rather than after it.
   *
   * @param ingestListening told ingest's base URL as soon as it accepts requests, whether or not
   *     the Streams applications run yet
   */
  public static Pipeline start(Map<String, String> env, Consumer<String> ingestListening) {
    checkSettings(env);
    TrainingLoadConfig trainingLoadConfig = TrainingLoadConfig.fromEnv(env);
    AlertsConfig alertsConfig = AlertsConfig.fromEnv(env);
    IngestConfig ingestConfig = IngestConfig.fromEnv(env);
    // credentials the cluster refuses stop the start here, in one line, before anything is made
    trainingLoadConfig.kafka().checkAccepted(KafkaConnection.CHECK_WAIT);
    TopicAdmin.ensureTopics(trainingLoadConfig.kafka(), trainingLoadConfig.topics());
    SchemaRegistryClient registry =
        RestSchemaRegistryClient.fromEnv(trainingLoadConfig.schemaRegistryUrl(), env);
    boolean autoRegister = TopicSchemas.autoRegister(env);
    ExecutorService starter = Executors.newFixedThreadPool(2, Pipeline::starterThread);
    Future<TrainingLoadService> trainingLoad =
        starter.submit(() -> TrainingLoadService.start(trainingLoadConfig, registry, autoRegister));
    Future<AlertsService> alerts =
        starter.submit(() -> AlertsService.start(alertsConfig, registry, autoRegister));
    starter.shutdown();
    IngestService ingest;
    try {
      ingest = IngestService.start(ingestConfig, registry, autoRegister);
    } catch (RuntimeException e) {
      closeOnceStarted(trainingLoad);
      closeOnceStarted(alerts);
      throw e;
    }
    try {
      ingestListening.accept(ingest.url());
      TrainingLoadService load = started(trainingLoad);
      AlertsService alerting = started(alerts);
      // the athlete pages, where the emails' links lead: only with a link secret to check them
      PagesService pages =
          AthleteLinks.fromEnv(env).isEmpty()
              ? null
              : PagesService.start(
                  PagesConfig.fromEnv(env).withApis(ingest.url(), load.trendsUrl()), registry);
      return new Pipeline(ingest, load, alerting, pages);
    } catch (RuntimeException e) {
      ingest.close();
      closeOnceStarted(trainingLoad);
      closeOnceStarted(alerts);
      throw e;
    }
  }

  private static Thread starterThread(Runnable r) {
    Thread t = new Thread(r, "pipeline-start");
    t.setDaemon(true);
    return t;
  }

  /** The started service, or the exception its start failed with. */
  private static <T> T started(Future<T> service) {
    try {
      return service.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("A pipeline stage did not start", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting the pipeline", e);
    }
  }

  /** Waits for a start still under way to end, and closes what it started. */
  private static void closeOnceStarted(Future<? extends AutoCloseable> service) {
    try {
      service.get().close();
    } catch (Exception startFailedOrCloseFailed) {
      // the start's own exception is the one reported; this only must not leak a running stage
    }
  }

  /**
   * Reads every setting the three services take from {@code env}, so that one that does not parse
   * fails now, with one line naming it, rather than after the broker has started.
   *
   * @throws IllegalArgumentException naming the first variable that does not parse
   */
  public static void checkSettings(Map<String, String> env) {
    TrainingLoadConfig trainingLoad = TrainingLoadConfig.fromEnv(env);
    AlertsConfig.fromEnv(env);
    IngestConfig.fromEnv(env);
    // the registry's credentials and truststore (whose file is read here)
    RegistrySettings.fromEnv(trainingLoad.schemaRegistryUrl(), env);
    if (AthleteLinks.fromEnv(env).isPresent()) {
      PagesConfig.fromEnv(env);
    }
  }

  public String ingestUrl() {
    return ingest.url();
  }

  /** Where the athlete pages listen, or null when no link secret is configured (no pages). */
  public String pagesUrl() {
    return pages == null ? null : pages.url();
  }

  public AlertsService alerts() {
    return alerts;
  }

  /** Where the alerts service serves {@code /metrics} and {@code /health/*}. */
  public String alertsUrl() {
    return "http://127.0.0.1:" + alerts.httpPort();
  }

  TrainingLoadService trainingLoad() {
    return trainingLoad;
  }

  /** Where the training-load service serves its trends API, {@code /metrics} and health. */
  public String trendsUrl() {
    return trainingLoad.trendsUrl();
  }

  public boolean healthy() {
    return trainingLoad.healthy() && alerts.healthy();
  }

  /**
   * Waits until the whole pipeline is at work: ingest answers its health check with 200, the
   * training-load application runs and its trends API answers a query (not a 503), the rules
   * application runs and the notifier has joined its group.
   *
   * @throws IllegalStateException naming what is not ready when {@code timeout} has passed
   */
  public void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Waits.until(
        () -> answers(http, ingest.url() + "/health", 200), left(deadline), "ingest /health");
    Waits.until(trainingLoad::healthy, left(deadline), "the training-load application to run");
    // any athlete will do: 200 or 404 means the stores were queried, 503 that they are not open
    Waits.until(
        () -> answers(http, trainingLoad.trendsUrl() + "/v1/athletes/ready-probe/trends", 200, 404),
        left(deadline),
        "the trends API to answer");
    Waits.until(
        alerts::ready, left(deadline), "the alerts application to run and the notifier to join");
    if (pages != null) {
      Waits.until(
          () -> answers(http, pages.url() + "/health", 200), left(deadline), "the pages /health");
    }
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private static boolean answers(HttpClient http, String url, int... statuses) {
    try {
      int status =
          http.send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
      return IntStream.of(statuses).anyMatch(s -> s == status);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The Streams applications' states (training-load, alerts), with why one stopped if it did. */
  public List<StreamsRunner.Health> health() {
    return List.of(trainingLoad.health(), alerts.health());
  }

  /** One line naming each stage that is down, its state and cause; empty when all are up. */
  public String whyUnhealthy() {
    return health().stream()
        .filter(h -> !h.healthy())
        .map(h -> h.name() + " is " + h.state() + (h.cause() == null ? "" : ": " + h.cause()))
        .collect(Collectors.joining("; "));
  }

  /**
   * Stops ingest first, so that nothing new comes in, then the two Streams applications side by
   * side: each commits what it has processed and leaves its group, and neither waits for the other
   * (what training-load writes while alerts is already closing stays in its topic, and alerts reads
   * it from its committed offsets on its next start, as after any stop). One after the other they
   * took the sum of their closes, most of a local run's shutdown.
   */
  @Override
  public void close() {
    try {
      if (pages != null) {
        pages.close();
      }
      ingest.close();
    } finally {
      closeSideBySide(trainingLoad, alerts);
    }
  }

  /**
   * Closes each on a thread of its own and returns once all are closed; the first failure is
   * thrown, with the others suppressed, after every one has had its close.
   */
  static void closeSideBySide(AutoCloseable... stages) {
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (AutoCloseable stage : stages) {
      closing.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  stage.close();
                } catch (RuntimeException e) {
                  throw e;
                } catch (Exception e) {
                  throw new IllegalStateException("closing " + stage + " failed", e);
                }
              },
              r -> {
                Thread t = new Thread(r, "pipeline-close");
                t.setDaemon(true);
                t.start();
              }));
    }
    RuntimeException failed = null;
    boolean interrupted = false;
    for (CompletableFuture<Void> c : closing) {
      while (true) {
        try {
          c.get();
          break;
        } catch (InterruptedException e) {
          // a close under way is let finish: a stage left half-closed would hold its group
          interrupted = true;
        } catch (ExecutionException e) {
          RuntimeException cause =
              e.getCause() instanceof RuntimeException r
                  ? r
                  : new IllegalStateException(e.getCause());
          if (failed == null) {
            failed = cause;
          } else {
            failed.addSuppressed(cause);
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failed != null) {
      throw failed;
    }
  }
}
