package io.backstride.ingest.http;

/**
 * The body of {@code POST /v1/athletes/{athleteId}/symptoms} as sent; checked by {@code
 * SymptomReports}.
 *
 * @param date the day of the pain, {@code YYYY-MM-DD} in the athlete's own calendar
 * @param severity 0 (none) to 10 (worst)
 * @param when {@code during}, {@code after} or {@code unrelated} (to running)
 * @param note free text, at most 500 characters
 */
public record SymptomRequest(String date, Integer severity, String when, String note) {}
