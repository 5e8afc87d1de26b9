package io.backstride.ingest.http;

/**
 * The body of a 202 for a symptom report, sent once Kafka has acknowledged it.
 *
 * @param reportId deterministic (athlete, date, when): reporting the same pain again replaces it
 * @param date the day, {@code YYYY-MM-DD}
 * @param severity 0-10
 * @param when {@code during}, {@code after} or {@code unrelated}
 */
public record SymptomAccepted(String reportId, String date, int severity, String when) {}
