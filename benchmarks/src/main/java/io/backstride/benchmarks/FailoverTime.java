package io.backstride.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.avro.SampleBatch;
import io.backstride.benchmarks.chaos.ServiceProcesses;
import io.backstride.core.Sport;
import io.backstride.ingest.ActivityIds;
import io.backstride.ingest.KafkaActivityPublisher;
import io.backstride.ingest.ParsedActivity;
import io.backstride.ingest.SampleBatches;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.StaticMembership;
import io.backstride.schemas.Topics;
import io.backstride.schemas.serde.AvroSerdes;
import io.backstride.streams.query.TrendsApi;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Failover of the trends query API (issue 15, target 5): two training-load instances run as
 * separate JVMs (the services' own {@code main}, as docker-compose runs them) on one in-process
 * broker; the one owning an athlete's partition is killed with {@code SIGKILL}, and the survivor is
 * asked for that athlete's trends until it answers with the trends the victim gave before the kill.
 *
 * <ol>
 *   <li><b>Load</b>: synthetic athletes run three times a week for {@code weeks} weeks; their
 *       sample batches are produced to {@code activity-samples.v1} and two instances process them
 *       until the group's committed offsets reach the end of the topic. They are then stopped
 *       (SIGTERM).
 *   <li><b>A round</b>: two instances start with empty state directories (so new static member ids)
 *       and restore their share from the changelogs, every round alike; once both are ready and the
 *       group is stable with two members, and a few seconds more for the standbys to catch up, an
 *       athlete is asked for on instance 0: the {@code X-Backstride-Served-By} header names the
 *       instance whose store answered (the query API's metadata), which becomes the victim. The
 *       clock starts right before SIGKILL; the survivor is asked every {@value #POLL_MS} ms, and
 *       every answer is classed (503 and its reason, Retry-After or not, 404, 200 with other
 *       trends), until it answers 200 with the same body. The group is watched beside it: when it
 *       is stable with the survivor alone, the rebalance is done.
 * </ol>
 *
 * <p>Every instance runs with {@code acceptable.recovery.lag} unbounded: with empty state
 * directories neither instance is "caught up", and Kafka Streams would otherwise leave all active
 * tasks on whichever joined first for the 10 minutes of {@code probing.rebalance.interval.ms}. It
 * decides nothing in the failover itself, where one instance is left to take every task.
 *
 * <p>Usage: {@code FailoverTime [athletes] [weeks] [secondsPerRun] [rounds] [sessionTimeoutMs ...]
 * [standby=N ...]}, defaults 2000 12 60 3 default standby=1 standby=0; each session timeout ({@code
 * default}: the service's own, {@link StaticMembership#SESSION_TIMEOUT}) is measured with each
 * number of standby replicas. The ROW lines are those of the first session timeout.
 */
public final class FailoverTime {
  static final long DEFAULT_SESSION_S = StaticMembership.SESSION_TIMEOUT.toSeconds();
  private static final int POLL_MS = 100;
  private static final int STEADY_ANSWERS = 10;
  private static final LocalDate FIRST_DAY = LocalDate.parse("2026-01-05");
  private static final int[] RUN_DAYS = {0, 2, 5};
  private static final String GROUP = "failover-training-load";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param sessionTimeoutsMs null for the service's default
   * @param settle how long the harness waits after the group is stable before it kills: the
   *     standbys' restore of the changelog, which no endpoint reports
   */
  record Options(
      int athletes,
      int weeks,
      int secondsPerRun,
      int rounds,
      List<Integer> standbys,
      List<Integer> sessionTimeoutsMs,
      Duration settle) {
    static Options parse(String[] args) {
      List<Integer> sessions = new ArrayList<>();
      List<Integer> standbys = new ArrayList<>();
      for (int i = 4; i < args.length; i++) {
        if (args[i].startsWith("standby=")) {
          standbys.add(Integer.valueOf(args[i].substring("standby=".length())));
        } else {
          sessions.add(args[i].equals("default") ? null : Integer.valueOf(args[i]));
        }
      }
      if (standbys.isEmpty()) {
        standbys.addAll(List.of(1, 0));
      }
      if (sessions.isEmpty()) {
        sessions.add(null);
      }
      return new Options(
          args.length > 0 ? Integer.parseInt(args[0]) : 2000,
          args.length > 1 ? Integer.parseInt(args[1]) : 12,
          args.length > 2 ? Integer.parseInt(args[2]) : 60,
          args.length > 3 ? Integer.parseInt(args[3]) : 3,
          standbys,
          sessions,
          Duration.ofSeconds(5));
    }

    int activities() {
      return athletes * weeks * RUN_DAYS.length;
    }
  }

  /** What the survivor answered, in order of first appearance, and how often. */
  record Answer(String kind, long firstMs, long lastMs, int count) {}

  /**
   * One kill.
   *
   * @param servedMs from SIGKILL to the survivor's first answer with the victim's trends; -1 never
   * @param steadyMs from SIGKILL to the first of the right answers that followed the rebalance
   *     without a 503 between them; -1 never
   * @param rebalancedMs from SIGKILL to the group stable with the survivor alone; -1 not seen
   * @param wrong answers that were neither the victim's trends nor a 503: a bug
   */
  record Round(
      int standby,
      Integer sessionTimeoutMs,
      String athlete,
      long servedMs,
      long steadyMs,
      long rebalancedMs,
      List<Answer> answers,
      int wrong) {
    boolean served() {
      return servedMs >= 0;
    }
  }

  public static void main(String[] args) throws Exception {
    BenchStack.quietLogging();
    Options options = Options.parse(args);
    try (BenchStack stack = BenchStack.start()) {
      List<Round> rounds = run(stack, options, System.out);
      System.out.println();
      System.out.println(
          Stats.format(
              "| %d athletes x %d weeks (%,d activities), %d rounds each | time to serve: median"
                  + " (range) | served steadily | rebalance done | what the survivor answered"
                  + " | wrong answers |",
              options.athletes(), options.weeks(), options.activities(), options.rounds()));
      System.out.println("|---|---:|---:|---:|---|---:|");
      for (Integer session : options.sessionTimeoutsMs()) {
        for (int standby : options.standbys()) {
          List<Round> these = select(rounds, standby, session);
          System.out.println(
              Stats.format(
                  "| standby replicas %d, session timeout %s | %s | %s | %s | %s | %d |",
                  standby,
                  sessionLabel(session),
                  spread(these.stream().map(Round::servedMs).toList()),
                  spread(these.stream().map(Round::steadyMs).toList()),
                  spread(these.stream().map(Round::rebalancedMs).toList()),
                  answered(these),
                  these.stream().mapToInt(Round::wrong).sum()));
        }
      }
      System.out.println();
      Integer reference = options.sessionTimeoutsMs().get(0);
      for (int standby : options.standbys()) {
        System.out.println(
            row(select(rounds, standby, reference), standby, reference, options.athletes()));
      }
    }
  }

  static String row(List<Round> rounds, int standby, Integer sessionTimeoutMs, int athletes) {
    double sessionS = sessionTimeoutMs == null ? DEFAULT_SESSION_S : sessionTimeoutMs / 1000.0;
    List<Double> served =
        rounds.stream().filter(Round::served).map(r -> r.servedMs() / 1000.0).toList();
    boolean good =
        !served.isEmpty()
            && served.size() == rounds.size()
            && rounds.stream().allMatch(r -> r.wrong() == 0);
    String figure =
        served.isEmpty() ? "never served" : Stats.format("%.1f s", Stats.median(served));
    String ratio = served.isEmpty() ? "-" : Stats.format("%.3fx", Stats.median(served) / sessionS);
    return Stats.format(
        "ROW | 15.5-failover | standby %d: kill -9 of the owner to its athlete's trends served by"
            + " the survivor (%d athletes; median of %d, %s) | %s | session.timeout.ms %.0f s | %s"
            + " | measured | %s",
        standby,
        athletes,
        rounds.size(),
        spread(rounds.stream().map(Round::servedMs).toList()),
        figure,
        sessionS,
        ratio,
        good ? "yes" : "no");
  }

  private static List<Round> select(List<Round> rounds, int standby, Integer session) {
    return rounds.stream()
        .filter(
            r -> r.standby() == standby && java.util.Objects.equals(r.sessionTimeoutMs(), session))
        .toList();
  }

  private static String sessionLabel(Integer sessionTimeoutMs) {
    return sessionTimeoutMs == null
        ? DEFAULT_SESSION_S + " s (default)"
        : Stats.format("%.0f s", sessionTimeoutMs / 1000.0);
  }

  /** Median and range of times in ms, printed in seconds; a -1 (never) makes it "n/a". */
  private static String spread(List<Long> millis) {
    if (millis.isEmpty() || millis.stream().anyMatch(m -> m < 0)) {
      return "n/a";
    }
    List<Double> s = millis.stream().map(m -> m / 1000.0).toList();
    return Stats.format(
        "%.1f s (%.1f-%.1f)",
        Stats.median(s),
        s.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
        s.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
  }

  /** The kinds of answer of all rounds, each with the range of its first and last moments. */
  private static String answered(List<Round> rounds) {
    Map<String, long[]> kinds = new LinkedHashMap<>();
    for (Round r : rounds) {
      for (Answer a : r.answers()) {
        long[] k = kinds.computeIfAbsent(a.kind(), x -> new long[] {Long.MAX_VALUE, 0, 0});
        k[0] = Math.min(k[0], a.firstMs());
        k[1] = Math.max(k[1], a.lastMs());
        k[2] += a.count();
      }
    }
    List<String> parts = new ArrayList<>();
    kinds.forEach(
        (kind, k) ->
            parts.add(
                Stats.format("%s (%d answers, %.1f-%.1f s)", kind, k[2], k[0] / 1e3, k[1] / 1e3)));
    return String.join("; ", parts);
  }

  static List<Round> run(BenchStack stack, Options options, PrintStream log) throws Exception {
    String applicationId = GROUP + "-" + System.currentTimeMillis();
    Path work = Files.createTempDirectory("backstride-failover-");
    Path logs = work.resolve("logs");
    Files.createDirectories(logs);
    log.printf("instance logs in %s%n", logs);
    long producing = System.nanoTime();
    long activities = produce(stack, options);
    log.printf(
        "produced %,d activities (%d athletes x %d weeks, %d s each) in %.1f s%n",
        activities,
        options.athletes(),
        options.weeks(),
        options.secondsPerRun(),
        (System.nanoTime() - producing) / 1e9);

    List<Round> rounds = new ArrayList<>();
    try (Admin admin = stack.admin()) {
      long loading = System.nanoTime();
      try (Pair load = Pair.start(stack, applicationId, work, "load", 0, null, logs)) {
        load.awaitReady(admin, Duration.ofMinutes(3));
        awaitCaughtUp(admin, applicationId, Duration.ofMinutes(20));
      }
      log.printf(
          "two instances processed every activity in %.1f s%n",
          (System.nanoTime() - loading) / 1e9);
      int number = 0;
      for (Integer session : options.sessionTimeoutsMs()) {
        for (int standby : options.standbys()) {
          for (int i = 0; i < options.rounds(); i++) {
            number++;
            String athlete = athlete((number * 97) % options.athletes());
            Round r =
                round(
                    stack,
                    admin,
                    applicationId,
                    work,
                    logs,
                    options,
                    standby,
                    session,
                    athlete,
                    number);
            log.printf(
                "round %d: standby %d, session timeout %s, %s: served after %s, steadily after %s,"
                    + " group rebalanced after %s; %s; %d wrong%n",
                number,
                standby,
                sessionLabel(session),
                athlete,
                r.served() ? Stats.format("%.2f s", r.servedMs() / 1e3) : "never",
                r.steadyMs() >= 0 ? Stats.format("%.2f s", r.steadyMs() / 1e3) : "never",
                r.rebalancedMs() >= 0 ? Stats.format("%.2f s", r.rebalancedMs() / 1e3) : "never",
                answered(List.of(r)),
                r.wrong());
            rounds.add(r);
          }
        }
      }
    }
    return rounds;
  }

  private static Round round(
      BenchStack stack,
      Admin admin,
      String applicationId,
      Path work,
      Path logs,
      Options options,
      int standby,
      Integer session,
      String athlete,
      int number)
      throws Exception {
    try (Pair pair =
        Pair.start(stack, applicationId, work, "round-" + number, standby, session, logs)) {
      pair.awaitReady(admin, Duration.ofMinutes(3));
      LockSupport.parkNanos(options.settle().toNanos());
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> before = pair.trends(http, 0, athlete);
      if (before.statusCode() != 200) {
        throw new IllegalStateException(
            "instance 0 answered "
                + before.statusCode()
                + " for "
                + athlete
                + ": "
                + before.body());
      }
      String servedBy = before.headers().firstValue(TrendsApi.SERVED_BY).orElseThrow();
      int victim = pair.indexOf(servedBy);
      int survivor = 1 - victim;
      String expected = before.body();
      HttpResponse<String> viaSurvivor = pair.trends(http, survivor, athlete);
      if (viaSurvivor.statusCode() != 200 || !viaSurvivor.body().equals(expected)) {
        throw new IllegalStateException(
            "the survivor-to-be answered " + viaSurvivor.statusCode() + " unlike the owner");
      }

      AtomicLong rebalanced = new AtomicLong(-1);
      long killed = System.nanoTime();
      Thread watcher = watchGroup(admin, applicationId, killed, rebalanced);
      pair.kill(victim);
      Map<String, Answer> answers = new LinkedHashMap<>();
      int wrong = 0;
      long servedMs = -1;
      long steadyMs = -1;
      int correctInARow = 0;
      int correctSinceRebalance = 0;
      long deadline = killed + TimeUnit.MINUTES.toNanos(3);
      // past the first right answer: a standby's answer may come before the rebalance, and a 503
      // while the promoted task restores after it; steady once right since the rebalance
      while (System.nanoTime() < deadline) {
        long asked = System.nanoTime();
        long at = TimeUnit.NANOSECONDS.toMillis(asked - killed);
        String kind;
        boolean correct = false;
        try {
          HttpResponse<String> r = pair.trends(http, survivor, athlete);
          correct = r.statusCode() == 200 && r.body().equals(expected);
          if (correct) {
            kind =
                r.headers().firstValue(TrendsApi.REPLICA).isPresent()
                    ? "200, the same trends, from its standby replica"
                    : "200, the same trends";
          } else {
            kind = kind(r);
            if (r.statusCode() != 503) {
              wrong++;
            }
          }
        } catch (IOException e) {
          kind = "no answer (" + e.getClass().getSimpleName() + ")";
          wrong++;
        }
        if (correct) {
          if (servedMs < 0) {
            servedMs = at;
          }
          if (correctInARow == 0) {
            steadyMs = at;
          }
          correctInARow++;
        } else {
          correctInARow = 0;
          correctSinceRebalance = 0;
          steadyMs = -1;
        }
        answers.merge(
            kind,
            new Answer(kind, at, at, 1),
            (a, b) -> new Answer(a.kind(), a.firstMs(), b.lastMs(), a.count() + 1));
        long rebalancedAt = rebalanced.get();
        if (correct && rebalancedAt >= 0 && at > rebalancedAt) {
          correctSinceRebalance++;
        }
        if (correctSinceRebalance >= STEADY_ANSWERS) {
          break;
        }
        LockSupport.parkNanos(
            Math.max(0, asked + TimeUnit.MILLISECONDS.toNanos(POLL_MS) - System.nanoTime()));
      }
      watcher.interrupt();
      watcher.join(TimeUnit.SECONDS.toMillis(10));
      return new Round(
          standby,
          session,
          athlete,
          servedMs,
          steadyMs,
          rebalanced.get(),
          List.copyOf(answers.values()),
          wrong);
    }
  }

  /** "503 + Retry-After: reason" with the reason cut before its detail (partitions, hosts). */
  private static String kind(HttpResponse<String> r) {
    String detail = r.body();
    try {
      JsonNode body = JSON.readTree(r.body());
      if (body.hasNonNull("detail")) {
        detail = body.get("detail").asText();
      } else if (r.statusCode() == 200) {
        detail = "other trends than before the kill";
      }
    } catch (IOException notJson) {
      // the raw body names it well enough
    }
    int colon = detail.indexOf(':');
    String reason = colon > 0 ? detail.substring(0, colon) : detail;
    return r.statusCode()
        + (r.headers().firstValue("Retry-After").isPresent() ? " + Retry-After" : "")
        + ": "
        + reason;
  }

  /**
   * Watches the group from {@code since} until it is stable with one member; records when. A thread
   * of its own: an admin call may take longer than a poll of the survivor.
   */
  private static Thread watchGroup(Admin admin, String group, long since, AtomicLong doneMs) {
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  ConsumerGroupDescription d =
                      admin
                          .describeConsumerGroups(List.of(group))
                          .all()
                          .get(5, TimeUnit.SECONDS)
                          .get(group);
                  if (d.groupState() == GroupState.STABLE && d.members().size() == 1) {
                    doneMs.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
                    return;
                  }
                } catch (InterruptedException e) {
                  return;
                } catch (Exception notNow) {
                  // the coordinator is busy with the rebalance: ask again
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
              }
            },
            "failover-group-watcher");
    t.setDaemon(true);
    t.start();
    return t;
  }

  static String athlete(int i) {
    return "failover-athlete-" + i;
  }

  /** Produces every athlete's runs, day by day across athletes; returns the activities. */
  private static long produce(BenchStack stack, Options options) {
    Serializer<SampleBatch> serializer =
        new AvroSerdes(stack.registryClient()).value(Topics.ACTIVITY_SAMPLES).serializer();
    long activities = 0;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            KafkaActivityPublisher.producerConfig(
                KafkaConnection.plaintext(stack.bootstrap()), Duration.ofSeconds(60)),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int week = 0; week < options.weeks(); week++) {
        for (int runDay : RUN_DAYS) {
          LocalDate day = FIRST_DAY.plusDays(7L * week + runDay);
          for (int a = 0; a < options.athletes(); a++) {
            Instant start = day.atTime(6, 0).toInstant(ZoneOffset.UTC).plusSeconds(a % 3600);
            SyntheticRun run =
                SyntheticRun.hill(start, options.secondsPerRun(), 30, 17L * a + day.toEpochDay());
            ParsedActivity activity =
                new ParsedActivity("gpx", Optional.of(Sport.RUNNING), run.samples());
            String athlete = athlete(a);
            for (SampleBatch batch :
                SampleBatches.of(athlete, ActivityIds.of(athlete, start), activity)) {
              producer.send(
                  new ProducerRecord<>(
                      Topics.ACTIVITY_SAMPLES.name(),
                      athlete,
                      serializer.serialize(Topics.ACTIVITY_SAMPLES.name(), batch)));
            }
            activities++;
          }
        }
      }
      producer.flush();
    }
    return activities;
  }

  /** Waits until the group's committed offsets on the samples topic are at its end. */
  private static void awaitCaughtUp(Admin admin, String group, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      for (int p = 0; p < BenchStack.PARTITIONS; p++) {
        ends.put(new TopicPartition(Topics.ACTIVITY_SAMPLES.name(), p), OffsetSpec.latest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
          admin.listOffsets(ends).all().get();
      boolean done =
          end.entrySet().stream()
              .allMatch(
                  e ->
                      committed.get(e.getKey()) != null
                          && committed.get(e.getKey()).offset() >= e.getValue().offset());
      if (done) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the samples were not all processed within " + timeout);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
    }
  }

  /** Two training-load instances as processes, each with a state directory of its own. */
  private static final class Pair implements AutoCloseable {
    private final List<Process> processes;
    private final List<Integer> ports;
    private final String group;
    private final Thread reaper = new Thread(this::killAll, "failover-reaper");

    private Pair(List<Process> processes, List<Integer> ports, String group) {
      this.processes = processes;
      this.ports = ports;
      this.group = group;
    }

    static Pair start(
        BenchStack stack,
        String applicationId,
        Path work,
        String name,
        int standby,
        Integer sessionTimeoutMs,
        Path logs)
        throws IOException {
      List<Process> processes = new ArrayList<>();
      List<Integer> ports = new ArrayList<>();
      Pair pair = new Pair(processes, ports, applicationId);
      // a harness stopped by Ctrl-C must not leave instances behind
      Runtime.getRuntime().addShutdownHook(pair.reaper);
      try {
        for (int i = 0; i < 2; i++) {
          int port = ServiceProcesses.freePort();
          Map<String, String> env = new HashMap<>();
          env.put("BACKSTRIDE_KAFKA_BOOTSTRAP", stack.bootstrap());
          env.put("BACKSTRIDE_SCHEMA_REGISTRY_URL", stack.registryUrl());
          env.put("BACKSTRIDE_STREAMS_APPLICATION_ID", applicationId);
          env.put("BACKSTRIDE_STATE_DIR", work.resolve(name).resolve("instance-" + i).toString());
          env.put("BACKSTRIDE_STREAMS_HTTP_PORT", String.valueOf(port));
          env.put("BACKSTRIDE_STANDBY_REPLICAS", String.valueOf(standby));
          // see the class comment: balanced tasks at every start, whatever the local state
          env.put("BACKSTRIDE_KAFKA_ACCEPTABLE_RECOVERY_LAG", String.valueOf(Long.MAX_VALUE));
          if (sessionTimeoutMs != null) {
            env.put("BACKSTRIDE_KAFKA_SESSION_TIMEOUT_MS", String.valueOf(sessionTimeoutMs));
          }
          processes.add(
              ServiceProcesses.spawn(ServiceProcesses.TRAINING_LOAD, env, Map.of(), logs));
          ports.add(port);
        }
      } catch (IOException | RuntimeException e) {
        pair.killAll();
        throw e;
      }
      return pair;
    }

    HttpResponse<String> trends(HttpClient http, int instance, String athlete)
        throws IOException, InterruptedException {
      return http.send(
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:"
                          + ports.get(instance)
                          + "/v1/athletes/"
                          + athlete
                          + "/trends?days=365"))
              .timeout(Duration.ofSeconds(15))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /** The instance whose {@code application.server} is {@code servedBy} (localhost:port). */
    int indexOf(String servedBy) {
      for (int i = 0; i < ports.size(); i++) {
        if (servedBy.endsWith(":" + ports.get(i))) {
          return i;
        }
      }
      throw new IllegalStateException("no instance of this pair is " + servedBy);
    }

    /** Both ready (RUNNING), the group stable with both. */
    void awaitReady(Admin admin, Duration timeout) throws Exception {
      HttpClient http = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        for (Process p : processes) {
          if (!p.isAlive()) {
            throw new IllegalStateException(
                "a training-load instance exited with " + p.exitValue() + " (see its log)");
          }
        }
        if (ready(http, 0) && ready(http, 1) && stableWithBoth(admin)) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the two instances were not ready within " + timeout);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
      }
    }

    private boolean ready(HttpClient http, int instance) {
      try {
        return http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + ports.get(instance) + "/health/ready"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    private boolean stableWithBoth(Admin admin) {
      try {
        ConsumerGroupDescription d =
            admin.describeConsumerGroups(List.of(group)).all().get(5, TimeUnit.SECONDS).get(group);
        return d.groupState() == GroupState.STABLE && d.members().size() == 2;
      } catch (Exception notYet) {
        return false;
      }
    }

    /** SIGKILL: no shutdown hook, no leaving the group, the state left as it was. */
    void kill(int instance) throws InterruptedException {
      Process p = processes.get(instance);
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }

    private void killAll() {
      processes.forEach(Process::destroyForcibly);
    }

    /** SIGTERM to whatever still runs (it leaves the group), SIGKILL after 30 s. */
    @Override
    public void close() {
      Runtime.getRuntime().removeShutdownHook(reaper);
      processes.forEach(Process::destroy);
      for (Process p : processes) {
        try {
          if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          p.destroyForcibly();
        }
      }
    }
  }

  private FailoverTime() {}
}
