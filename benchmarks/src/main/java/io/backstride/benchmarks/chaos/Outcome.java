package io.backstride.benchmarks.chaos;

import io.backstride.avro.ActivitySummary;
import io.backstride.avro.AthleteTrend;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.cli.PipelineProbe;
import io.backstride.cli.TopicReader;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What came out of the pipeline for one athlete, read from the topics (committed records only) and
 * the SMTP sink: one summary per counted activity, the latest trend of each day, the alerts and the
 * emails.
 *
 * @param summariesPerActivity how many summaries each activity id has (more than one: counted
 *     twice)
 * @param trends the latest trend of each day, with the athlete id blanked so that two athletes'
 *     trends compare equal when their runs are the same
 * @param alertIds the ids of the athlete's alerts
 * @param emailsPerAlert how many emails named each alert id in {@code X-Backstride-Alert-Id}
 */
public record Outcome(
    Map<String, Integer> summariesPerActivity,
    int conflictingSummaries,
    Map<LocalDate, AthleteTrend> trends,
    Set<String> alertIds,
    Map<String, Integer> emailsPerAlert) {

  /** Activities with at least one summary. */
  public int counted() {
    return summariesPerActivity.size();
  }

  /** Summary records beyond the first of each activity. */
  public int resentSummaries() {
    return summariesPerActivity.values().stream().mapToInt(n -> n - 1).sum();
  }

  /** Acknowledged activities without a summary. */
  public int lost(Set<String> accepted) {
    return (int) accepted.stream().filter(id -> !summariesPerActivity.containsKey(id)).count();
  }

  public int emails() {
    return emailsPerAlert.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Emails beyond the first of each alert. */
  public int duplicateEmails() {
    return emailsPerAlert.values().stream().mapToInt(n -> Math.max(0, n - 1)).sum();
  }

  /** Alerts no email named. */
  public int lostEmails() {
    return (int) alertIds.stream().filter(id -> !emailsPerAlert.containsKey(id)).count();
  }

  /**
   * Waits until the athlete's trends equal {@code expected} (a clean run's), or, with no
   * expectation, until the last day has a trend; then until the rules and the notifier have
   * committed past every trend and alert there is; returns what came out. Returns what there is at
   * {@code timeout} too: the caller compares it and reports the difference.
   */
  public static Outcome await(
      ChaosStack stack, String athleteId, Map<LocalDate, AthleteTrend> expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    AvroSerdes avro = new AvroSerdes(new RestSchemaRegistryClient(stack.registryUrl()));
    String bootstrap = stack.bootstrapServers();
    try (TopicReader<ActivitySummary> summaries =
            new TopicReader<>(
                KafkaConnection.plaintext(bootstrap), avro, Topics.ACTIVITY_SUMMARIES);
        TopicReader<AthleteTrend> trends =
            new TopicReader<>(KafkaConnection.plaintext(bootstrap), avro, Topics.ATHLETE_TRENDS);
        TopicReader<BackPainRiskAlert> alerts =
            new TopicReader<>(KafkaConnection.plaintext(bootstrap), avro, Topics.BACK_PAIN_ALERTS);
        PipelineProbe probe = new PipelineProbe(KafkaConnection.plaintext(bootstrap))) {
      Map<LocalDate, AthleteTrend> latest = new TreeMap<>();
      waitFor(
          () -> {
            latest.clear();
            latest.putAll(latestTrends(trends.poll(Duration.ofMillis(200)), athleteId));
            return expected == null
                ? latest.containsKey(Uploader.LAST_DAY)
                : latest.equals(expected);
          },
          deadline);
      waitFor(() -> probe.hasProcessed(PipelineProbe.ALERTS_GROUP, trends.lastOffsets()), deadline);
      // the rules may raise an alert a step after they commit past the trend that caused it (a
      // join on another input): wait for the athlete's alert itself, not just the rules' offsets
      waitFor(
          () ->
              alerts.poll(Duration.ofMillis(200)).stream()
                  .anyMatch(a -> a.value().getAthleteId().equals(athleteId)),
          deadline);
      alerts.readToEnd(Duration.ofSeconds(10));
      waitFor(
          () -> probe.hasProcessed(PipelineProbe.NOTIFIER_GROUP, alerts.lastOffsets()), deadline);
      Map<String, Integer> perActivity = new HashMap<>();
      Map<String, Set<ActivitySummary>> distinct = new HashMap<>();
      for (ConsumerRecord<String, ActivitySummary> r :
          summaries.readToEnd(Duration.ofSeconds(10))) {
        if (r.value() != null && r.value().getAthleteId().equals(athleteId)) {
          perActivity.merge(r.value().getActivityId(), 1, Integer::sum);
          distinct.computeIfAbsent(r.value().getActivityId(), k -> new HashSet<>()).add(r.value());
        }
      }
      int conflicting = (int) distinct.values().stream().filter(v -> v.size() > 1).count();
      Set<String> alertIds =
          alerts.readToEnd(Duration.ofSeconds(10)).stream()
              .map(ConsumerRecord::value)
              .filter(a -> a.getAthleteId().equals(athleteId))
              .map(BackPainRiskAlert::getAlertId)
              .collect(Collectors.toSet());
      return new Outcome(
          perActivity,
          conflicting,
          latestTrends(trends.readToEnd(Duration.ofSeconds(10)), athleteId),
          alertIds,
          emailsPerAlert(stack.smtp().received(), athleteId + "@example.org"));
    }
  }

  private static Map<LocalDate, AthleteTrend> latestTrends(
      List<ConsumerRecord<String, AthleteTrend>> records, String athleteId) {
    Map<LocalDate, AthleteTrend> latest = new TreeMap<>();
    for (ConsumerRecord<String, AthleteTrend> r : records) {
      if (r.value() != null && r.value().getAthleteId().equals(athleteId)) {
        latest.put(
            r.value().getDate(), AthleteTrend.newBuilder(r.value()).setAthleteId("-").build());
      }
    }
    return latest;
  }

  /** How many emails named each alert id, among those sent to {@code address}. */
  public static Map<String, Integer> emailsPerAlert(List<MimeMessage> inbox, String address) {
    Map<String, Integer> perAlert = new HashMap<>();
    for (MimeMessage m : inbox) {
      try {
        boolean mine =
            Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(address));
        String[] ids = m.getHeader("X-Backstride-Alert-Id");
        if (mine && ids != null) {
          for (String id : ids[0].split(",")) {
            perAlert.merge(id.strip(), 1, Integer::sum);
          }
        }
      } catch (MessagingException e) {
        throw new IllegalStateException("An email that cannot be read", e);
      }
    }
    return perAlert;
  }

  /** Waits for {@code condition} until {@code deadline}; past it, returns all the same. */
  private static void waitFor(BooleanSupplier condition, long deadline) {
    long left = Math.max(1, deadline - System.nanoTime());
    try {
      Awaitility.await()
          .pollInterval(Duration.ofMillis(100))
          .atMost(Duration.ofNanos(left))
          .until(condition::getAsBoolean);
    } catch (ConditionTimeoutException e) {
      // the caller compares what came out with what was expected and reports the difference
    }
  }
}
