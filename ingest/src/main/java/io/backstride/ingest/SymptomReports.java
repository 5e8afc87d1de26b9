package io.backstride.ingest;

import io.backstride.avro.SymptomReport;
import io.backstride.core.symptom.PainTiming;
import io.backstride.ingest.http.SymptomRequest;
import io.backstride.schemas.codec.SymptomCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Checks a symptom report and gives it a deterministic id. The id is made of athlete, date and
 * timing, so that correcting a report (another severity, a note) replaces it downstream instead of
 * counting as a second episode of pain, which would fire {@code RECURRING_BACK_PAIN}.
 */
public final class SymptomReports {
  public static final int MAX_NOTE_CHARS = 500;
  private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

  /** A required field is absent: a malformed request (400) rather than a wrong value (422). */
  public static final class MissingFieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    MissingFieldException(String field, String allowed) {
      super(field + " is required: " + allowed);
    }
  }

  /**
   * The report for {@code request}.
   *
   * @param now the server's clock: a date more than a day after today (UTC) is refused, which
   *     leaves room for athletes in time zones ahead of UTC
   * @throws MissingFieldException for an absent field
   * @throws IllegalArgumentException with a one-line reason fit for the caller
   */
  public static SymptomReport of(String athleteId, SymptomRequest request, Instant now) {
    if (request.date() == null) {
      throw new MissingFieldException("date", "YYYY-MM-DD");
    }
    if (request.severity() == null) {
      throw new MissingFieldException("severity", "a whole number from 0 to 10");
    }
    if (request.when() == null) {
      throw new MissingFieldException("when", "during, after or unrelated");
    }
    LocalDate date;
    try {
      date = LocalDate.parse(request.date());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("date must be YYYY-MM-DD, was '" + request.date() + "'");
    }
    LocalDate latest = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1);
    if (date.isAfter(latest) || date.isBefore(EARLIEST)) {
      throw new IllegalArgumentException(
          "date " + date + " must lie between " + EARLIEST + " and " + latest);
    }
    if (request.severity() < 0 || request.severity() > 10) {
      throw new IllegalArgumentException(
          "severity must be a whole number from 0 to 10, was " + request.severity());
    }
    PainTiming when = timing(request.when());
    String note =
        request.note() == null || request.note().isBlank() ? null : request.note().strip();
    if (note != null && note.codePointCount(0, note.length()) > MAX_NOTE_CHARS) {
      throw new IllegalArgumentException("note must be at most " + MAX_NOTE_CHARS + " characters");
    }
    return SymptomCodec.toAvro(
        new io.backstride.core.symptom.SymptomReport(
            reportId(athleteId, date, when), athleteId, date, request.severity(), when, note));
  }

  /** {@code "sym-"} and 16 hex digits of SHA-256 over athlete, date and timing. */
  public static String reportId(String athleteId, LocalDate date, PainTiming when) {
    String input = athleteId + "\n" + date + "\n" + when.name();
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
      return "sym-" + HexFormat.of().formatHex(hash).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static PainTiming timing(String when) {
    switch (when.strip().toLowerCase(Locale.ROOT)) {
      case "during":
        return PainTiming.DURING;
      case "after":
        return PainTiming.AFTER;
      case "unrelated":
        return PainTiming.UNRELATED;
      default:
        break;
    }
    throw new IllegalArgumentException(
        "when must be during, after or unrelated, was '" + when + "'");
  }

  private SymptomReports() {}
}
