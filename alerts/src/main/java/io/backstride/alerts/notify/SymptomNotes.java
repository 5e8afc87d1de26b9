package io.backstride.alerts.notify;

import io.backstride.avro.SymptomReport;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.TopicFollower;
import io.backstride.schemas.Topics;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What athletes wrote with their pain reports, read from {@code symptom-reports.v1} by a {@link
 * TopicFollower}, so that the email about a report can quote the athlete's words back to them. A
 * note is health information in the athlete's own words: it stays between this reader and the email
 * to that athlete and never travels on the alert topic, which analysts read. Kept per athlete for
 * the {@value #DAYS} days up to the athlete's newest report: emails are about the last few days.
 */
public final class SymptomNotes implements AutoCloseable {

  /** Days of reports kept per athlete, counted back from the newest. */
  public static final int DAYS = 14;

  private final Map<String, Reports> byAthlete = new ConcurrentHashMap<>();
  private final TopicFollower<SymptomReport> follower;

  public SymptomNotes(KafkaConnection kafka, AvroSerdes avro) {
    this(
        new KafkaConsumer<>(
            TopicFollower.consumerConfig(kafka, "notifier-symptom-notes"),
            new StringDeserializer(),
            avro.value(Topics.SYMPTOM_REPORTS).deserializer()));
  }

  /** Notes read through {@code consumer}, which they then own. */
  SymptomNotes(Consumer<String, SymptomReport> consumer) {
    this.follower =
        new TopicFollower<>(
            "symptom-notes",
            consumer,
            List.of(Topics.SYMPTOM_REPORTS.name()),
            (athleteId, report) -> add(report),
            "pain emails go out without the athlete's note");
  }

  public SymptomNotes start() {
    follower.start();
    return this;
  }

  /**
   * The athlete's notes of {@code day}, keyed by that day (empty when they wrote none), waiting at
   * most {@code wait} for a report of that day: it was written before the alert about it, but this
   * reader may be a little behind.
   */
  public Map<LocalDate, String> on(String athleteId, LocalDate day, Duration wait) {
    follower.awaitUntil(() -> has(athleteId, day), wait);
    Reports reports = byAthlete.get(athleteId);
    Optional<String> note = reports == null ? Optional.empty() : reports.noteOf(day);
    return note.map(n -> Map.of(day, n)).orElse(Map.of());
  }

  boolean has(String athleteId, LocalDate day) {
    Reports reports = byAthlete.get(athleteId);
    return reports != null && reports.has(day);
  }

  void add(SymptomReport report) {
    byAthlete.computeIfAbsent(report.getAthleteId().toString(), a -> new Reports()).add(report);
  }

  /**
   * One athlete's recent reports by day and report id. A report id stands for one day and timing,
   * so a corrected report replaces the one before it, note included, and a note taken back
   * disappears.
   */
  static final class Reports {
    private final NavigableMap<LocalDate, Map<String, String>> byDay =
        new ConcurrentSkipListMap<>();

    synchronized void add(SymptomReport r) {
      CharSequence note = r.getNote();
      byDay
          .computeIfAbsent(r.getDate(), d -> new LinkedHashMap<>())
          .put(r.getReportId().toString(), note == null ? "" : note.toString().strip());
      byDay.headMap(byDay.lastKey().minusDays(DAYS - 1), false).clear();
    }

    synchronized boolean has(LocalDate day) {
      return byDay.containsKey(day);
    }

    /** The notes of the day's reports, in the order they came, or empty when none has one. */
    synchronized Optional<String> noteOf(LocalDate day) {
      List<String> notes =
          byDay.getOrDefault(day, Map.of()).values().stream().filter(n -> !n.isEmpty()).toList();
      return notes.isEmpty() ? Optional.empty() : Optional.of(String.join(" / ", notes));
    }
  }

  @Override
  public void close() {
    follower.close();
  }
}
