package io.backstride.benchmarks.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Breaks the pipeline on purpose and prints what survived, as one table: three in-process brokers
 * (replication 3, min ISR 2) on 127.0.0.1 with ingest, two training-load instances and alerts as
 * separate JVMs; rounds of a broker killed mid-import, a broker killed while an alert is emailed,
 * two brokers down then back, and a training-load instance killed with SIGKILL mid-import, each
 * repeated {@code repeats} times after one clean round. Bounded: at most 5 repeats, every wait
 * bounded by {@code timeoutSeconds}, the whole run stops after 30 minutes at the latest.
 *
 * <p>Run by {@code benchmarks/chaos.sh [repeats] [timeoutSeconds]}; it exits 1 if any round lost or
 * doubled something.
 */
public final class ChaosHarness {
  private static final Duration LONGEST_RUN = Duration.ofMinutes(30);

  /** Each service process's output, kept after the run (relative to where it is started). */
  private static final Path LOGS = Path.of("target", "results", "chaos-logs");

  public static void main(String[] args) throws Exception {
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    Duration timeout = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 180);
    if (repeats < 1 || repeats > 5) {
      throw new IllegalArgumentException("repeats must be 1 to 5, was " + repeats);
    }
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(LONGEST_RUN.toMillis());
                System.err.println("chaos harness: stopped after " + LONGEST_RUN);
                System.exit(2);
              } catch (InterruptedException e) {
                // the run finished first
              }
            },
            "chaos-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();

    Path work = Files.createTempDirectory("backstride-chaos-");
    deleteQuietly(LOGS);
    Instant started = Instant.now();
    List<RoundResult> results = new ArrayList<>();
    // a short acknowledgement timeout, so that refusing with two brokers down is quick to see
    Duration ackTimeout = Duration.ofSeconds(2);
    try (ChaosStack stack = ChaosStack.start(work, ackTimeout);
        ServiceProcesses services = ServiceProcesses.start(stack.env("state"), 2, LOGS, timeout)) {
      System.out.println(
          "three brokers up in " + stack.cluster().startTime().toMillis() + " ms; services up");
      ChaosRounds rounds = new ChaosRounds(stack, services, timeout);
      results.add(print(rounds.clean("clean")));
      for (int r = 1; r <= repeats; r++) {
        results.add(print(rounds.brokerKilledDuringImport("r" + r + "-import")));
        results.add(print(rounds.brokerKilledDuringEmails("r" + r + "-emails")));
        results.add(print(rounds.twoBrokersDown("r" + r + "-two-down")));
      }
      // last: the killed instance does not come back, the survivor carries on alone
      results.add(print(rounds.trainingLoadKilled("kill9", services, 0)));
      // an email missing when its round ended may still have come: late is not lost
      for (RoundResult r : results) {
        if (r.outcome().lostEmails() > 0) {
          for (String athlete : r.athletes()) {
            System.out.println(
                "emails to "
                    + athlete
                    + " by the end of the run: "
                    + Outcome.emailsPerAlert(stack.smtp().received(), athlete + "@example.org"));
          }
        }
      }
    } finally {
      deleteQuietly(work);
    }
    System.out.println();
    System.out.println(
        "chaos run of "
            + started
            + ", "
            + Duration.between(started, Instant.now()).toSeconds()
            + " s, ingest ack timeout "
            + ackTimeout.toMillis()
            + " ms, "
            + Runtime.getRuntime().availableProcessors()
            + " cores");
    System.out.println(RoundResult.header());
    results.forEach(r -> System.out.println(r.row()));
    boolean allClean = results.stream().allMatch(RoundResult::clean);
    System.out.println(allClean ? "every round clean" : "SOME ROUND LOST OR DOUBLED SOMETHING");
    System.exit(allClean ? 0 : 1);
  }

  private static RoundResult print(RoundResult r) {
    System.out.println(r.row());
    return r;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception e) {
      // a leftover temporary directory is not worth failing a finished run for
    }
  }

  private ChaosHarness() {}
}
