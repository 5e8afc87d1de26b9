package io.backstride.core.symptom;

import java.time.LocalDate;

/**
 * Back pain as the athlete reported it.
 *
 * @param reportId deterministic from athlete, date and timing: a second report of the same pain on
 *     the same day replaces the first
 * @param severity 0-10
 * @param note the athlete's own words; {@code null} when none were given
 */
public record SymptomReport(
    String reportId,
    String athleteId,
    LocalDate date,
    int severity,
    PainTiming when,
    String note) {}
