package io.backstride.alerts.notify;

import io.backstride.alerts.rules.Advice;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.Rule;
import io.backstride.core.links.AthleteLinks;
import io.backstride.core.load.Trend;
import io.backstride.core.profile.Units;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one email for one athlete's alerts of one day: what rose and by how much against the
 * athlete's own usual week, in the athlete's units; the advice in backstride's words; a chart of
 * the last eight weeks; and the way to change preferences or unsubscribe.
 */
public final class AlertEmails {
  private static final Logger LOG = LoggerFactory.getLogger(AlertEmails.class);
  public static final String DEFAULT_PREFERENCES_URL = "http://localhost:8080/v1/athletes/{id}";
  static final String CHART_CID = "chart@backstride";

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.ENGLISH);
  private static final DateTimeFormatter SHORT_DAY =
      DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH);

  /**
   * The closing line of an email about reported pain alone: the rules' own disclaimer says that
   * something "rose faster than usual", which is not what happened when the athlete wrote in.
   */
  static final String PAIN_NOT_MEDICAL =
      "This is not medical advice and not a diagnosis: it only passes on what tends to help runners"
          + " with back pain. If pain persists or worries you, see a physiotherapist.";

  /** One alert, no chart, the default preferences link. */
  public static Email compose(BackPainRiskAlert alert, AthleteContact contact) {
    return compose(List.of(alert), contact, List.of(), DEFAULT_PREFERENCES_URL);
  }

  /** The email of a day's alerts, without the athlete's notes. */
  public static Email compose(
      List<BackPainRiskAlert> alerts,
      AthleteContact contact,
      List<Trend> history,
      String preferencesUrl) {
    return compose(alerts, contact, history, Map.of(), preferencesUrl);
  }

  /**
   * The email of a day's alerts.
   *
   * @param alerts one athlete's alerts of one day, at least one
   * @param history the athlete's trends up to that day (for the chart; may be empty: no chart)
   * @param notes what the athlete wrote with their pain reports, by the day of the report: quoted
   *     back in the finding of that day's BACK_PAIN_REPORTED; days without a note are absent
   * @param preferencesUrl where the athlete changes units or turns emails off; {@code {id}} is
   *     replaced by the athlete id
   */
  public static Email compose(
      List<BackPainRiskAlert> alerts,
      AthleteContact contact,
      List<Trend> history,
      Map<LocalDate, String> notes,
      String preferencesUrl) {
    return compose(alerts, contact, history, notes, preferencesUrl, null, null);
  }

  /**
   * The email of a day's alerts with signed links to the athlete pages: "see your load" and a
   * one-click unsubscribe ({@code List-Unsubscribe} and {@code List-Unsubscribe-Post}, RFC 8058).
   *
   * @param links the pages' links, or null for the preferences link alone (no pages configured)
   * @param now when the links' tokens start to count their lifetime
   */
  public static Email compose(
      List<BackPainRiskAlert> alerts,
      AthleteContact contact,
      List<Trend> history,
      Map<LocalDate, String> notes,
      String preferencesUrl,
      AthleteLinks links,
      Instant now) {
    List<BackPainRiskAlert> ordered =
        alerts.stream()
            .sorted(
                Comparator.comparing((BackPainRiskAlert a) -> a.getSeverity())
                    .reversed()
                    .thenComparing(a -> order(a.getRule())))
            .toList();
    BackPainRiskAlert first = ordered.get(0);
    Units units = new Units(contact.metric());
    String prefs =
        links == null
            ? preferencesUrl.replace("{id}", contact.athleteId())
            : links.pagesUrl(contact.athleteId(), now);
    String unsubscribe = links == null ? prefs : links.unsubscribeUrl(contact.athleteId(), now);

    List<String> findings =
        ordered.stream().map(a -> withNote(finding(a, units), a, notes)).toList();
    Set<String> advice = new LinkedHashSet<>();
    ordered.forEach(a -> advice.addAll(a.getAdviceCodes()));
    advice.remove(Advice.NOT_MEDICAL); // said once, at the end, whatever the rules asked for
    List<String> adviceTexts = advice.stream().map(Advice::text).filter(t -> !t.isEmpty()).toList();
    String notMedical = somethingRose(ordered) ? Advice.text(Advice.NOT_MEDICAL) : PAIN_NOT_MEDICAL;

    StringBuilder text = new StringBuilder();
    text.append("Hi ").append(contact.name()).append(",\n\n");
    text.append("Here is what backstride noticed in the days up to ")
        .append(DAY.format(first.getDate()))
        .append(":\n\n");
    findings.forEach(f -> text.append("- ").append(f).append("\n"));
    text.append("\nWhat helps:\n\n");
    adviceTexts.forEach(a -> text.append("- ").append(a).append("\n"));
    text.append("\n").append(notMedical).append("\n\n");
    if (links == null) {
      text.append("Change your units or turn these emails off: ").append(prefs).append("\n");
    } else {
      text.append("Your load week by week, your alerts, report back pain, change units: ")
          .append(prefs)
          .append("\n");
      text.append("Unsubscribe: ").append(unsubscribe).append("\n");
    }
    text.append("Alerts ")
        .append(String.join(", ", ordered.stream().map(a -> a.getAlertId().toString()).toList()))
        .append(" - backstride\n");

    BackPainRiskAlert charted =
        ordered.stream().filter(a -> isTrendRule(a.getRule())).findFirst().orElse(first);
    AlertChart.Metric metric =
        isTrendRule(charted.getRule())
            ? AlertChart.Metric.of(charted.getMetric().toString())
            : AlertChart.Metric.DISTANCE;
    List<Email.InlineImage> images = new ArrayList<>();
    if (!history.isEmpty()) {
      try {
        images.add(
            new Email.InlineImage(
                CHART_CID,
                "image/png",
                AlertChart.png(
                    AlertChart.weeks(history, charted.getDate(), metric, units), metric, units)));
      } catch (RuntimeException | LinkageError e) {
        // the chart is an extra: an email without it beats no email (e.g. no fonts on the host)
        LOG.warn("Alert email goes without its chart: {}", e.toString());
      }
    }
    String html =
        html(
            contact,
            first,
            findings,
            adviceTexts,
            notMedical,
            prefs,
            links == null ? null : unsubscribe,
            images.isEmpty() ? null : metric,
            units);

    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(
        "X-Backstride-Alert-Id",
        String.join(",", ordered.stream().map(a -> a.getAlertId().toString()).toList()));
    if (links == null) {
      headers.put("List-Unsubscribe", "<" + prefs + ">");
    } else {
      // a mailto only where the pages read its mailbox; its subject carries the signed token
      String mailto = links.unsubscribeMailto(contact.athleteId(), now);
      headers.put(
          "List-Unsubscribe",
          "<" + unsubscribe + ">" + (mailto == null ? "" : ", <" + mailto + ">"));
      // RFC 8058: a mail client may POST "List-Unsubscribe=One-Click" to the URL, no page opened
      headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }
    return new Email(
        contact.email().orElseThrow(),
        subject(ordered),
        text.toString(),
        html,
        headers,
        images,
        messageId(ordered));
  }

  /** Whether a load rose: the ramps, and a return that brought speed or hills too early. */
  private static boolean somethingRose(List<BackPainRiskAlert> alerts) {
    return alerts.stream()
        .anyMatch(a -> isTrendRule(a.getRule()) || a.getRule() == Rule.RETURN_TOO_FAST);
  }

  /** The athlete's own words, back to them, with the pain they reported that day. */
  private static String withNote(
      String finding, BackPainRiskAlert a, Map<LocalDate, String> notes) {
    String note = a.getRule() == Rule.BACK_PAIN_REPORTED ? notes.get(a.getDate()) : null;
    if (note == null || note.isBlank()) {
      return finding;
    }
    // one line, as the athlete's words sit inside a list item
    return finding + " You wrote: \u201c" + note.strip().replaceAll("\\s+", " ") + "\u201d";
  }

  private static boolean isTrendRule(Rule rule) {
    return rule == Rule.SPEED_RAMP || rule == Rule.DOWNHILL_RAMP || rule == Rule.VOLUME_RAMP;
  }

  private static int order(Rule rule) {
    return switch (rule) {
      case RETURN_TOO_FAST -> 0;
      case BACK_PAIN_REPORTED -> 1;
      case RECURRING_BACK_PAIN -> 2;
      case DOWNHILL_RAMP -> 3;
      case SPEED_RAMP -> 4;
      case VOLUME_RAMP -> 5;
    };
  }

  static String subject(List<BackPainRiskAlert> alerts) {
    List<String> rose =
        alerts.stream()
            .filter(a -> isTrendRule(a.getRule()))
            .map(a -> whatRose(a.getRule()))
            .distinct()
            .toList();
    boolean pain =
        alerts.stream()
            .anyMatch(
                a ->
                    a.getRule() == Rule.BACK_PAIN_REPORTED
                        || a.getRule() == Rule.RECURRING_BACK_PAIN);
    boolean returning = alerts.stream().anyMatch(a -> a.getRule() == Rule.RETURN_TOO_FAST);
    if (returning) {
      return "Coming back from back pain: your "
          + String.join(" and ", rose.isEmpty() ? List.of("speed or hills") : rose)
          + " rose before your distance";
    }
    if (rose.size() == 1 && !pain && alerts.size() == 1 && alerts.get(0).getRatio() != null) {
      return String.format(
          Locale.ENGLISH,
          "Your %s rose quickly: %.1fx %s",
          rose.get(0),
          alerts.get(0).getRatio(),
          // a new runner has no usual week yet: the volume rule compares with the week before
          alerts.get(0).getMetric().toString().equals("distanceMVsPreviousWeek")
              ? "the week before"
              : "your usual week");
    }
    if (!rose.isEmpty()) {
      return "Your " + String.join(" and ", rose) + " rose quickly this week";
    }
    return "About the back pain you reported";
  }

  private static String whatRose(Rule rule) {
    return switch (rule) {
      case DOWNHILL_RAMP -> "downhill running";
      case SPEED_RAMP -> "running speed";
      case VOLUME_RAMP -> "running distance";
      default -> "back pain";
    };
  }

  /** One sentence per alert, with its numbers in the athlete's units. */
  static String finding(BackPainRiskAlert a, Units u) {
    String ratio =
        a.getRatio() == null
            ? "where you usually run almost none"
            : String.format(Locale.ENGLISH, "about %.1fx", a.getRatio());
    String usualFrom =
        String.format(
            " (your weekly average from %s to %s)",
            SHORT_DAY.format(a.getChronicFrom()), SHORT_DAY.format(a.getChronicTo()));
    String severity = a.getSeverity().toString().toLowerCase(Locale.ENGLISH);
    return switch (a.getRule()) {
      case DOWNHILL_RAMP ->
          String.format(
              "Downhill this week: %s, %s your usual %s a week%s. Rated %s: this fires at %.1fx"
                  + " and %s.",
              u.elevation(a.getAcute()),
              ratio,
              u.elevation(a.getChronic()),
              usualFrom,
              severity,
              a.getThreshold(),
              u.elevation(a.getMinimum()));
      case SPEED_RAMP ->
          a.getMetric().toString().equals("speedMps")
              ? String.format(
                  Locale.ENGLISH,
                  "Average pace this week: %s, %.0f%% faster than your usual %s%s. Rated %s.",
                  u.pace(a.getAcute()),
                  (a.getRatio() - 1) * 100,
                  u.pace(a.getChronic()),
                  usualFrom,
                  severity)
              : String.format(
                  "Fast running this week: %s, %s your usual %s a week%s. Rated %s.",
                  u.distance(a.getAcute()), ratio, u.distance(a.getChronic()), usualFrom, severity);
      case VOLUME_RAMP ->
          a.getMetric().toString().equals("distanceMVsPreviousWeek")
              ? String.format(
                  "Distance this week: %s, %s the %s of the week before. Rated %s.",
                  u.distance(a.getAcute()), ratio, u.distance(a.getChronic()), severity)
              : String.format(
                  "Distance this week: %s, %s your usual %s a week%s. Rated %s.",
                  u.distance(a.getAcute()), ratio, u.distance(a.getChronic()), usualFrom, severity);
      case BACK_PAIN_REPORTED ->
          String.format(
              Locale.ENGLISH,
              "You reported back pain of %.0f out of 10 on %s.",
              a.getAcute(),
              DAY.format(a.getDate()));
      case RECURRING_BACK_PAIN ->
          String.format(
              Locale.ENGLISH,
              "This is back pain on %.0f different days within %d days: it keeps coming back.",
              a.getAcute(),
              java.time.temporal.ChronoUnit.DAYS.between(a.getAcuteFrom(), a.getAcuteTo()) + 1);
      case RETURN_TOO_FAST ->
          String.format(
              "Since your back pain, your distance this week is %s, still below the %s a week"
                  + " you ran before it, and this week also brought more speed or hills.",
              u.distance(a.getAcute()), u.distance(a.getChronic()));
    };
  }

  private static String html(
      AthleteContact contact,
      BackPainRiskAlert first,
      List<String> findings,
      List<String> advice,
      String notMedical,
      String prefs,
      String unsubscribe,
      AlertChart.Metric chart,
      Units units) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>backstride</title></head>")
        .append("<body style=\"font-family:Helvetica,Arial,sans-serif;max-width:600px;")
        .append("margin:auto;color:#222;line-height:1.45\">")
        .append("<p>Hi ")
        .append(escape(contact.name()))
        .append(",</p><p>Here is what backstride noticed in the days up to <b>")
        .append(escape(DAY.format(first.getDate())))
        .append("</b>:</p><ul>");
    findings.forEach(f -> h.append("<li>").append(escape(f)).append("</li>"));
    h.append("</ul>");
    if (chart != null) {
      h.append("<p><img src=\"cid:")
          .append(CHART_CID)
          .append("\" width=\"560\" height=\"280\" alt=\"")
          .append(escape(AlertChart.title(chart, units)))
          .append(": the last eight weeks against your usual week\"></p>");
    }
    h.append("<h3 style=\"margin-bottom:4px\">What helps</h3><ul>");
    advice.forEach(a -> h.append("<li>").append(escape(a)).append("</li>"));
    h.append("</ul><p style=\"background:#f4f4f4;padding:8px\"><i>")
        .append(escape(notMedical))
        .append("</i></p>");
    if (unsubscribe == null) {
      h.append("<p style=\"font-size:small;color:#666\">")
          .append("<a href=\"")
          .append(escape(prefs))
          .append("\">Change your units or turn these emails off</a></p>");
    } else {
      h.append("<p><a href=\"")
          .append(escape(prefs))
          .append("\">See your load week by week, report back pain, change units</a></p>")
          .append("<p style=\"font-size:small;color:#666\"><a href=\"")
          .append(escape(unsubscribe))
          .append("\">Unsubscribe</a></p>");
    }
    h.append("</body></html>");
    return h.toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** The same alerts give the same Message-ID, so a resend after a crash is recognisable. */
  private static String messageId(List<BackPainRiskAlert> alerts) {
    String ids =
        String.join("|", alerts.stream().map(a -> a.getAlertId().toString()).sorted().toList());
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(ids.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16) + "@backstride";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  private AlertEmails() {}
}
