package io.backstride.alerts.notify;

import io.backstride.alerts.rules.Advice;
import io.backstride.avro.BackPainRiskAlert;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** Writes the email for an alert, in the athlete's units, with the numbers and the advice. */
public final class AlertEmails {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.ENGLISH);
  private static final DateTimeFormatter SHORT_DAY =
      DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH);
  private static final double FEET_PER_METRE = 3.28084;

  public static Email compose(BackPainRiskAlert alert, AthleteContact contact) {
    String what = whatRose(alert);
    String amount = amount(alert.getAcute(), contact.metric());
    String usual = amount(alert.getChronic(), contact.metric());
    String times =
        alert.getRatio() == null
            ? "where you usually run almost none"
            : String.format(
                Locale.ENGLISH, "about %.1fx your usual %s a week", alert.getRatio(), usual);
    String subject =
        alert.getRatio() == null
            ? "Your " + what + " rose quickly this week"
            : String.format(
                Locale.ENGLISH,
                "Your %s rose quickly: %.1fx your usual week",
                what,
                alert.getRatio());
    StringBuilder text = new StringBuilder();
    text.append("Hi ").append(contact.name()).append(",\n\n");
    text.append(
        String.format(
            Locale.ENGLISH,
            "In the seven days up to %s your runs went %s downhill in all, %s"
                + " (your weekly average from %s to %s).%n",
            DAY.format(alert.getDate()),
            amount,
            times,
            SHORT_DAY.format(alert.getChronicFrom()),
            SHORT_DAY.format(alert.getChronicTo())));
    text.append(
        String.format(
            Locale.ENGLISH,
            "Severity: %s. This alert fires at %.1fx your usual week and at least %s.%n%n",
            alert.getSeverity(),
            alert.getThreshold(),
            amount(alert.getMinimum(), contact.metric())));
    text.append(
        "A quick increase in downhill running or in speed is the most common running cause of"
            + " back pain. What helps:\n\n");
    for (String code : alert.getAdviceCodes()) {
      String advice = Advice.text(code);
      if (!advice.isEmpty()) {
        text.append("- ").append(advice).append("\n");
      }
    }
    text.append("\nAlert ").append(alert.getAlertId()).append(" - backstride\n");
    return new Email(
        contact.email().orElseThrow(),
        subject,
        text.toString(),
        html(text.toString()),
        Map.of("X-Backstride-Alert-Id", alert.getAlertId()));
  }

  private static String whatRose(BackPainRiskAlert alert) {
    return switch (alert.getRule()) {
      case DOWNHILL_RAMP -> "downhill running";
      case SPEED_RAMP -> "running speed";
      case VOLUME_RAMP -> "running distance";
      default -> "back pain";
    };
  }

  private static String amount(double metres, boolean metric) {
    return metric
        ? String.format(Locale.ENGLISH, "%.0f m", metres)
        : String.format(Locale.ENGLISH, "%.0f ft", metres * FEET_PER_METRE);
  }

  /** The same words as HTML, escaped; richer HTML (charts) comes with the emails issue. */
  private static String html(String text) {
    String escaped =
        text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;");
    return "<!doctype html><html><body><pre style=\"font-family:sans-serif;white-space:pre-wrap\">"
        + escaped
        + "</pre></body></html>";
  }

  private AlertEmails() {}
}
