package io.backstride.benchmarks.chaos;

import io.backstride.avro.AthleteTrend;
import io.backstride.embeddedkafka.EmbeddedKafkaCluster;
import io.backstride.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;

/**
 * The faults of a chaos run, each one round: an athlete's seven-week history uploaded while
 * something breaks, then what came out compared with a clean round's. Every round uses athletes of
 * its own, so rounds do not disturb each other's counts.
 */
public final class ChaosRounds {
  /** The upload before which a fault strikes: the middle of the 21-run history. */
  static final int MIDDLE = 10;

  /**
   * The upload of the run that raises the downhill alert (the ramp's second run, two days before
   * the last): a broker lost before it is lost while the alert is raised and emailed.
   */
  static final int ALERT_RUN = 19;

  private final ChaosStack stack;
  private final Services services;
  private final Duration timeout;
  private final List<String> history = Uploader.history();
  private Map<LocalDate, AthleteTrend> clean;

  public ChaosRounds(ChaosStack stack, Services services, Duration timeout) {
    this.stack = stack;
    this.services = services;
    this.timeout = timeout;
  }

  /** Uploads a history with nothing broken; its trends are what every other round must match. */
  public RoundResult clean(String athlete) throws InterruptedException {
    Uploader uploader = new Uploader(services.ingestUrl());
    uploader.putProfile(athlete, timeout);
    uploader.uploadAll(athlete, history, i -> {}, timeout);
    Outcome outcome = Outcome.await(stack, athlete, null, timeout);
    clean = outcome.trends();
    return RoundResult.of(List.of(athlete), "none (clean run)", uploader, outcome, true, null);
  }

  /**
   * Kills the broker that coordinates the training-load application's transactions half-way through
   * the uploads and keeps it down to the end. Recovery: from the kill to the next 202.
   */
  public RoundResult brokerKilledDuringImport(String athlete) throws InterruptedException {
    return withCoordinatorDown(
        athlete, "__transaction_state", "transaction coordinator", MIDDLE, "mid-import");
  }

  /**
   * Kills the broker that coordinates the rules' and the notifier's consumer groups just before the
   * upload that raises the alert, so that the alert is raised and emailed with it gone.
   */
  public RoundResult brokerKilledDuringEmails(String athlete) throws InterruptedException {
    return withCoordinatorDown(
        athlete,
        "__consumer_offsets",
        "group coordinator",
        ALERT_RUN,
        "while the alert is emailed");
  }

  /**
   * Uploads the history with the broker that leads partition 0 of {@code coordinatorTopic} (the
   * {@code role} it plays) killed before upload {@code before}, and down to the end.
   *
   * @param when when the kill happens, for the round's fault line
   */
  private RoundResult withCoordinatorDown(
      String athlete, String coordinatorTopic, String role, int before, String when)
      throws InterruptedException {
    int broker = leaderIndex(coordinatorTopic, 0);
    String fault = "broker " + (broker + 1) + " (" + role + ") killed " + when;
    requireClean();
    EmbeddedKafkaCluster cluster = stack.cluster();
    Uploader uploader = new Uploader(services.ingestUrl());
    uploader.putProfile(athlete, timeout);
    long[] killedAt = {0};
    Duration[] recovery = {null};
    try {
      uploader.uploadAll(
          athlete,
          history,
          i -> {
            if (i == before) {
              cluster.kill(broker);
              killedAt[0] = System.nanoTime();
            } else if (i == before + 1) {
              recovery[0] = Duration.ofNanos(System.nanoTime() - killedAt[0]);
            }
          },
          timeout);
      if (recovery[0] == null) {
        recovery[0] = Duration.ofNanos(System.nanoTime() - killedAt[0]);
      }
      Outcome outcome = Outcome.await(stack, athlete, clean, timeout);
      return RoundResult.of(
          List.of(athlete), fault, uploader, outcome, outcome.trends().equals(clean), recovery[0]);
    } finally {
      cluster.restart(broker);
    }
  }

  /**
   * Takes two of the three brokers away half-way through: ingest must refuse with 503 and {@code
   * Retry-After} within its acknowledgement timeout. Then brings them back and uploads the rest,
   * without restarting any service. Recovery: from the brokers' return to the next 202.
   */
  public RoundResult twoBrokersDown(String athlete) throws InterruptedException {
    requireClean();
    EmbeddedKafkaCluster cluster = stack.cluster();
    Uploader uploader = new Uploader(services.ingestUrl());
    uploader.putProfile(athlete, timeout);
    uploader.uploadAll(athlete, history.subList(0, MIDDLE), i -> {}, timeout);
    int first = leaderIndex(Topics.ACTIVITY_SAMPLES.name(), 0);
    int second = (first + 1) % cluster.size();
    cluster.kill(first);
    cluster.kill(second);
    long restarted;
    try {
      byte[] next = history.get(MIDDLE).getBytes(StandardCharsets.UTF_8);
      // a few tries: right after the kill the leader may still count the dead followers as in sync
      // and hold the write until the acknowledgement timeout instead of refusing it at once
      for (int i = 0; i < 3; i++) {
        Uploader.Answer a = uploader.upload(athlete, next);
        if (a.status() != 503) {
          throw new IllegalStateException(
              "With two of three brokers down ingest answered " + a.status() + ": " + a.body());
        }
      }
    } finally {
      cluster.restart(first);
      cluster.restart(second);
      restarted = System.nanoTime();
    }
    Duration[] recovery = {null};
    uploader.uploadAll(
        athlete,
        history.subList(MIDDLE, history.size()),
        i -> {
          if (i == 1) {
            recovery[0] = Duration.ofNanos(System.nanoTime() - restarted);
          }
        },
        timeout);
    Outcome outcome = Outcome.await(stack, athlete, clean, timeout);
    return RoundResult.of(
        List.of(athlete),
        "brokers " + (first + 1) + " and " + (second + 1) + " down, then back",
        uploader,
        outcome,
        outcome.trends().equals(clean),
        recovery[0]);
  }

  /**
   * Kills training-load instance {@code instance} with SIGKILL half-way through the uploads of
   * three athletes, one on each partition, so that whichever partitions the instance owned, an
   * athlete's state was on it; the survivor must take them over. Recovery: from the kill to every
   * athlete's trends equal to the clean run's.
   */
  public RoundResult trainingLoadKilled(String prefix, ServiceProcesses processes, int instance)
      throws InterruptedException {
    requireClean();
    List<String> athletes = onePerPartition(prefix, 3);
    Uploader uploader = new Uploader(services.ingestUrl());
    for (String athlete : athletes) {
      uploader.putProfile(athlete, timeout);
    }
    long killedAt = 0;
    for (int i = 0; i < history.size(); i++) {
      if (i == MIDDLE) {
        processes.killTrainingLoad(instance);
        killedAt = System.nanoTime();
      }
      for (String athlete : athletes) {
        uploader.uploadAll(athlete, history.subList(i, i + 1), j -> {}, timeout);
      }
    }
    Map<String, Integer> perActivity = new HashMap<>();
    int conflicting = 0;
    Map<LocalDate, AthleteTrend> unused = new HashMap<>();
    Set<String> alerts = new HashSet<>();
    Map<String, Integer> emails = new HashMap<>();
    boolean allEqual = true;
    for (String athlete : athletes) {
      Outcome o = Outcome.await(stack, athlete, clean, timeout);
      perActivity.putAll(o.summariesPerActivity());
      conflicting += o.conflictingSummaries();
      alerts.addAll(o.alertIds());
      o.emailsPerAlert().forEach((k, v) -> emails.merge(k, v, Integer::sum));
      allEqual &= o.trends().equals(clean);
    }
    Duration recovery = Duration.ofNanos(System.nanoTime() - killedAt);
    if (!processes.aliveExceptKilled(instance)) {
      throw new IllegalStateException("A service process died besides the one killed");
    }
    return RoundResult.of(
        athletes,
        "training-load instance " + (instance + 1) + " of 2 killed -9 mid-import (3 athletes)",
        uploader,
        new Outcome(perActivity, conflicting, unused, alerts, emails),
        allEqual,
        recovery);
  }

  /** Athlete ids {@code prefix-0, prefix-1, ...}, the first found on each of the partitions. */
  static List<String> onePerPartition(String prefix, int partitions) {
    String[] found = new String[partitions];
    for (int i = 0; Arrays.asList(found).contains(null); i++) {
      String id = prefix + "-" + i;
      int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions;
      if (found[p] == null) {
        found[p] = id;
      }
    }
    return new ArrayList<>(List.of(found));
  }

  private void requireClean() {
    if (clean == null) {
      throw new IllegalStateException("Run the clean round first: it is what the others match");
    }
  }

  /** The 0-based index of the broker leading {@code topic}'s partition. */
  private int leaderIndex(String topic, int partition) {
    try (Admin admin =
        Admin.create(
            Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      return admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .get(partition)
              .leader()
              .id()
          - 1;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot find the leader of " + topic + "-" + partition, e);
    }
  }
}
