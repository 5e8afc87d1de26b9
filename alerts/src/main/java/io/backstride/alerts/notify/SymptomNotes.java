package io.backstride.alerts.notify;

import io.backstride.avro.SymptomReport;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What athletes wrote with their pain reports, read from {@code symptom-reports.v1} by a thread of
 * its own, so that the email about a report can quote the athlete's words back to them. A note is
 * health information in the athlete's own words: it stays between this reader and the email to that
 * athlete and never travels on the alert topic, which analysts read. Kept per athlete for the
 * {@value #DAYS} days up to the athlete's newest report: emails are about the last few days.
 */
public final class SymptomNotes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SymptomNotes.class);

  /** Days of reports kept per athlete, counted back from the newest. */
  public static final int DAYS = 14;

  private final Map<String, Reports> byAthlete = new ConcurrentHashMap<>();
  private final TopicFollower<SymptomReport> follower;

  public SymptomNotes(String bootstrapServers, AvroSerdes avro) {
    this.follower =
        new TopicFollower<>(
            bootstrapServers,
            avro,
            Topics.SYMPTOM_REPORTS,
            "symptom-notes",
            (athleteId, report) -> add(report),
            byAthlete,
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
    long deadline = System.nanoTime() + wait.toNanos();
    while (!has(athleteId, day) && System.nanoTime() < deadline) {
      synchronized (byAthlete) {
        try {
          byAthlete.wait(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
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
