package io.backstride.cli;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.AthleteProfile;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.core.links.AthleteLinks;
import io.backstride.localstack.LocalStack;
import io.backstride.localstack.SmtpSink;
import io.backstride.pages.PagesConfig;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The local stack and the whole pipeline in this JVM, for the commands that push a history through
 * them and report what came out ({@code demo}, {@code analyze}). It knows how to wait for the
 * pipeline by committed offsets, not by time: a stage is done with a record once its consumer group
 * has committed past it.
 */
final class LocalRun implements AutoCloseable {
  /**
   * The pause between two looks at the pipeline: the looks are a consumer's poll (which itself
   * waits for records) or one admin request, and every pause past the moment the pipeline got there
   * is time the command waits for nothing.
   */
  private static final Duration AGAIN = Duration.ofMillis(20);

  private final LocalStack stack;
  private final Pipeline pipeline;
  private final AvroSerdes avro;
  private final String trendsUrl;
  private final Duration timeout;
  private final Path work;
  private final Duration stackStart;
  private final Duration pipelineStart;

  /** What came out for one athlete: the latest trend of each day, and every alert raised. */
  record Outcome(Map<LocalDate, AthleteTrend> trends, List<BackPainRiskAlert> alerts) {}

  private LocalRun(
      LocalStack stack,
      Pipeline pipeline,
      String trendsUrl,
      Duration timeout,
      Path work,
      Duration stackStart,
      Duration pipelineStart) {
    this.work = work;
    this.stackStart = stackStart;
    this.pipelineStart = pipelineStart;
    this.stack = stack;
    this.pipeline = pipeline;
    this.avro = new AvroSerdes(new RestSchemaRegistryClient(stack.registryUrl()));
    this.trendsUrl = trendsUrl;
    this.timeout = timeout;
  }

  /**
   * Starts the broker, registry and SMTP sink under {@code work}, then the pipeline on them, with
   * the athlete pages.
   *
   * @param work a directory of this run's own (Kafka data, Streams state): deleted on close, so a
   *     demo leaves nothing behind
   */
  static LocalRun start(Path work, Duration timeout) {
    return start(work, timeout, true, url -> {});
  }

  /**
   * Like {@link #start(Path, Duration)}.
   *
   * @param pages whether to start the athlete pages (where the emails' links lead): a run that
   *     sends no email has no use for them, and their start and close take time
   * @param ingestListening told ingest's base URL as soon as it accepts requests, maybe before the
   *     Streams applications run (on the starting thread: hand longer work to another)
   */
  static LocalRun start(
      Path work, Duration timeout, boolean pages, Consumer<String> ingestListening) {
    long started = System.nanoTime();
    LocalStack stack = LocalStack.start(work.resolve("data"));
    long stackUp = System.nanoTime();
    try {
      int trendsPort = freePort();
      Map<String, String> env = stack.serviceEnv();
      env.put("BACKSTRIDE_INGEST_PORT", "0");
      // chosen here rather than 0 so that the URL can be shown: Pipeline does not expose it
      env.put("BACKSTRIDE_STREAMS_HTTP_PORT", String.valueOf(trendsPort));
      env.put("BACKSTRIDE_STATE_DIR", work.resolve("state").toString());
      if (pages) {
        // the athlete pages, linked from the emails: a secret of this run's own, kept with its
        // data
        int pagesPort = freePort();
        env.put("BACKSTRIDE_LINK_SECRET", LinkSecretFile.in(work));
        env.put("BACKSTRIDE_PAGES_PORT", String.valueOf(pagesPort));
        env.put("BACKSTRIDE_PUBLIC_URL", "http://localhost:" + pagesPort);
        unsubscribeMailbox(stack.smtpSink(), env);
      }
      Pipeline pipeline = Pipeline.start(env, ingestListening);
      return new LocalRun(
          stack,
          pipeline,
          "http://localhost:" + trendsPort,
          timeout,
          work,
          Duration.ofNanos(stackUp - started),
          Duration.ofNanos(System.nanoTime() - stackUp));
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  /**
   * Puts the sink's unsubscribe mailbox into {@code env}: the emails then offer a {@code mailto:}
   * to it, and the pages poll it every 2 s, so a mail sent there unsubscribes as in production.
   */
  static void unsubscribeMailbox(SmtpSink sink, Map<String, String> env) {
    env.put(AthleteLinks.UNSUBSCRIBE_MAILTO, SmtpSink.UNSUBSCRIBE_ADDRESS);
    env.put(PagesConfig.UNSUBSCRIBE_MAILBOX, sink.unsubscribeMailboxUrl());
    env.put(PagesConfig.UNSUBSCRIBE_MAILBOX_PASSWORD, sink.unsubscribeMailboxPassword());
    env.putIfAbsent(PagesConfig.UNSUBSCRIBE_POLL_SECONDS, "2");
  }

  /** How long the local stack (broker, registry, SMTP sink) took to start. */
  Duration stackStart() {
    return stackStart;
  }

  /** How long the pipeline took to start on the stack, until both Streams apps were running. */
  Duration pipelineStart() {
    return pipelineStart;
  }

  LocalStack stack() {
    return stack;
  }

  Pipeline pipeline() {
    return pipeline;
  }

  String ingestUrl() {
    return pipeline.ingestUrl();
  }

  /** Base URL of the athlete pages (the emails' links lead there). */
  String pagesUrl() {
    return pipeline.pagesUrl();
  }

  /** Base URL of the training-load trends endpoint. */
  String trendsUrl() {
    return trendsUrl;
  }

  /** Uploads one activity file as it is (GPX, TCX or FIT, gzipped or not); the ingest sniffs it. */
  IngestClient.Response uploadFile(String athleteId, byte[] file)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(ingestUrl() + "/v1/athletes/" + athleteId + "/activities"))
                    .header("Content-Type", "application/octet-stream")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return new IngestClient.Response(r.statusCode(), r.body());
  }

  /**
   * Saves a profile and waits until the training-load application has read it, so that every
   * activity uploaded after it lands on the days of the profile's zone from the start.
   */
  void putProfile(String athleteId, String json) throws Exception {
    IngestClient.Response r = new IngestClient(ingestUrl()).putProfile(athleteId, json);
    if (r.status() != 200) {
      throw new IllegalStateException("Profile rejected: " + r.status() + " " + r.body());
    }
    awaitProfileRead(athleteId);
  }

  /** Waits until the training-load application has read the athlete's latest saved profile. */
  void awaitProfileRead(String athleteId) throws Exception {
    try (TopicReader<AthleteProfile> profiles =
            new TopicReader<>(stack.kafka(), avro, Topics.ATHLETE_PROFILES);
        PipelineProbe probe = new PipelineProbe(stack.kafka())) {
      ConsumerRecord<String, AthleteProfile>[] saved = new ConsumerRecord[1];
      Waits.until(
          () -> {
            for (ConsumerRecord<String, AthleteProfile> p : profiles.poll(Duration.ofMillis(200))) {
              if (athleteId.equals(p.key())) {
                saved[0] = p;
              }
            }
            return saved[0] != null;
          },
          timeout,
          "the profile of " + athleteId,
          AGAIN);
      Map<TopicPartition, Long> at =
          Map.of(new TopicPartition(saved[0].topic(), saved[0].partition()), saved[0].offset());
      Waits.until(
          () -> healthy() && probe.hasProcessed(PipelineProbe.TRAINING_LOAD_GROUP, at),
          timeout,
          "the training-load application to read the profile",
          AGAIN);
    }
  }

  /** Waits until every one of these activities has its summary; returns them. */
  List<ActivitySummary> awaitSummaries(String athleteId, Set<String> activityIds)
      throws InterruptedException {
    try (TopicReader<ActivitySummary> summaries =
        new TopicReader<>(stack.kafka(), avro, Topics.ACTIVITY_SUMMARIES)) {
      Map<String, ActivitySummary> latest = new HashMap<>();
      Waits.until(
          () -> {
            if (!healthy()) {
              throw new IllegalStateException(pipeline.whyUnhealthy());
            }
            for (ConsumerRecord<String, ActivitySummary> r :
                summaries.poll(Duration.ofMillis(200))) {
              if (r.value() != null && r.value().getAthleteId().equals(athleteId)) {
                latest.put(r.value().getActivityId(), r.value());
              }
            }
            return latest.keySet().containsAll(activityIds);
          },
          timeout,
          "the summaries of " + activityIds.size() + " activities",
          AGAIN);
      return activityIds.stream().map(latest::get).toList();
    }
  }

  /**
   * Waits until the athlete's trends satisfy {@code complete} (given the latest trend per day),
   * then until the rules have read every one of those trends, then, when asked, until the notifier
   * has handled every alert; returns the trends and the athlete's alerts.
   */
  Outcome await(
      String athleteId, Predicate<Map<LocalDate, AthleteTrend>> complete, boolean notifier)
      throws InterruptedException {
    KafkaConnection kafka = stack.kafka();
    try (TopicReader<AthleteTrend> trends = new TopicReader<>(kafka, avro, Topics.ATHLETE_TRENDS);
        TopicReader<BackPainRiskAlert> alerts =
            new TopicReader<>(kafka, avro, Topics.BACK_PAIN_ALERTS);
        PipelineProbe probe = new PipelineProbe(kafka)) {
      Map<LocalDate, AthleteTrend> latest = new TreeMap<>();
      Map<TopicPartition, Long> lastOffsets = new HashMap<>();
      int[] seen = {0};
      Waits.until(
          () -> {
            if (!healthy()) {
              throw new IllegalStateException(pipeline.whyUnhealthy());
            }
            List<ConsumerRecord<String, AthleteTrend>> all = trends.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, AthleteTrend> r : all.subList(seen[0], all.size())) {
              if (r.value().getAthleteId().equals(athleteId)) {
                latest.put(r.value().getDate(), r.value());
                lastOffsets.merge(
                    new TopicPartition(r.topic(), r.partition()), r.offset(), Math::max);
              }
            }
            seen[0] = all.size();
            return complete.test(latest);
          },
          timeout,
          "the trends of " + athleteId,
          AGAIN);
      Waits.until(
          () -> probe.hasProcessed(PipelineProbe.ALERTS_GROUP, lastOffsets),
          timeout,
          "the rules to read the last trends",
          AGAIN);
      List<BackPainRiskAlert> raised =
          alerts.readToEnd(Duration.ofSeconds(10)).stream()
              .map(ConsumerRecord::value)
              .filter(a -> a.getAthleteId().equals(athleteId))
              .toList();
      if (notifier) {
        Waits.until(
            () -> probe.hasProcessed(PipelineProbe.NOTIFIER_GROUP, alerts.lastOffsets()),
            timeout,
            "the notifier to handle the alerts",
            AGAIN);
      }
      return new Outcome(latest, raised);
    }
  }

  boolean healthy() {
    return pipeline.healthy();
  }

  /** Stops the pipeline, then the stack under it. */
  @Override
  public void close() {
    long closing = System.nanoTime();
    try {
      pipeline.close();
    } finally {
      long pipelineClosed = System.nanoTime();
      pipelineClose = Duration.ofNanos(pipelineClosed - closing);
      try {
        stack.close();
      } finally {
        deleteQuietly(work);
        stackClose = Duration.ofNanos(System.nanoTime() - pipelineClosed);
      }
    }
  }

  private Duration pipelineClose = Duration.ZERO;
  private Duration stackClose = Duration.ZERO;

  /** How long {@link #close} took to stop the pipeline (zero before it was closed). */
  Duration pipelineClose() {
    return pipelineClose;
  }

  /** How long {@link #close} took to stop the stack and remove its data (zero before). */
  Duration stackClose() {
    return stackClose;
  }

  /** Removes the run's directory; what cannot be removed stays, the run is over anyway. */
  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover temporary directory is not worth failing a finished run for
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port for the trends endpoint", e);
    }
  }
}
