package io.backstride.pages;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.Rule;
import io.backstride.core.advice.AdviceTexts;
import io.backstride.core.links.LinkTokens;
import io.backstride.core.profile.Units;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The body of every page, from values; escaping is {@link Html}'s. */
final class Views {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.ENGLISH);
  private static final DateTimeFormatter SHORT =
      DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
  static final String NOT_MEDICAL = "NOT_MEDICAL";

  // ---- load

  /**
   * @param today the athlete's today: the weeks and "the last seven days" end on it, also when the
   *     last run is days ago (an athlete reading the page asks about now, not about their last run)
   */
  static String load(
      AthleteView athlete, List<TrendDay> days, List<BackPainRiskAlert> alerts, LocalDate today) {
    Units u = athlete.units();
    List<Weeks.Week> weeks = Weeks.of(days, alerts, today);
    StringBuilder b = new StringBuilder(16_384);
    b.append("<h1>").append(greeting(athlete)).append("</h1>");
    if (weeks.isEmpty()) {
      b.append("<p>No runs yet. Once your watch's runs arrive, your weeks show here.</p>");
      return Html.page("Your load", Html.Nav.LOAD, b.toString());
    }
    TrendDay lastRun = days.get(days.size() - 1);
    TrendDay last = asOf(days, Weeks.lastDay(days, today));
    b.append("<section aria-labelledby=\"now\"><h2 id=\"now\">The last seven days, to ")
        .append(Html.text(DAY.format(last.date())))
        .append("</h2><ul class=\"figures\">")
        .append("<li>")
        .append(
            inWords("Distance", last.acuteDistanceM(), last.chronicWeeklyDistanceM(), u::distance))
        .append("</li><li>")
        .append(
            inWords("Downhill", last.acuteDescentM(), last.chronicWeeklyDescentM(), u::elevation))
        .append("</li><li>")
        .append(pace(u, last))
        .append("</li></ul>");
    if (last != lastRun) {
      b.append("<p>No runs have arrived since ")
          .append(Html.text(DAY.format(lastRun.date())))
          .append("; your usual week is as it stood then.</p>");
    }
    if (last.chronicWeeklyDistanceM() == null) {
      b.append("<p>Your usual week is still being learnt: ")
          .append(Html.text(last.baselineProgress()))
          .append(". Until then there is nothing to compare with.</p>");
    }
    b.append("</section>");
    b.append("<section aria-labelledby=\"weeks\"><h2 id=\"weeks\">Week by week</h2>")
        .append("<p class=\"legend\">Bars: each week's running. Dashed line: your usual week.")
        .append(" Red with a triangle: a week in which an alert fired.</p>");
    List<LoadChart.Series> series =
        List.of(
            LoadChart.Series.inUnits(
                "distance",
                "Distance",
                u.distanceUnit(),
                Weeks.Week::distanceM,
                Weeks.Week::usualDistanceM,
                u::distanceValue),
            LoadChart.Series.inUnits(
                "downhill",
                "Downhill",
                u.elevationUnit(),
                Weeks.Week::descentM,
                Weeks.Week::usualDescentM,
                u::elevationValue),
            LoadChart.Series.inUnits(
                "speed",
                "Running speed",
                u.speedUnit(),
                Weeks.Week::speedMps,
                Weeks.Week::usualSpeedMps,
                u::speedValue));
    for (LoadChart.Series s : series) {
      b.append("<figure><figcaption>")
          .append(Html.text(s.title() + " per week (" + s.unit() + ")"))
          .append("</figcaption>")
          .append(LoadChart.svg(s, weeks))
          .append("</figure>");
    }
    b.append("</section>");
    b.append(weekTable(u, weeks));
    return Html.page("Your load", Html.Nav.LOAD, b.toString());
  }

  /**
   * The day {@code to} as the trends would have it: the last day itself, or, for a day after the
   * last run, the seven days up to it summed from the daily figures (the acute window) beside the
   * usual week of the last day known.
   */
  static TrendDay asOf(List<TrendDay> days, LocalDate to) {
    TrendDay last = days.get(days.size() - 1);
    if (!to.isAfter(last.date())) {
      return last;
    }
    LocalDate from = to.minusDays(6);
    double distance = 0;
    double moving = 0;
    double descent = 0;
    for (TrendDay d : days) {
      if (!d.date().isBefore(from) && !d.date().isAfter(to)) {
        distance += d.distanceM();
        moving += d.movingTimeS();
        descent += d.descentM();
      }
    }
    return new TrendDay(
        to,
        0,
        0,
        0,
        0,
        last.baselineProgress(),
        distance,
        last.chronicWeeklyDistanceM(),
        descent,
        last.chronicWeeklyDescentM(),
        moving > 0 ? distance / moving : null,
        last.chronicSpeedMps());
  }

  private static String greeting(AthleteView athlete) {
    return athlete.name() == null
        ? "Your running, week by week"
        : Html.text(athlete.name()) + ", your running week by week";
  }

  /** "Downhill this week 345 m, about 2.3x your usual 148 m". */
  private static String inWords(
      String what,
      double acuteM,
      Double chronicM,
      java.util.function.DoubleFunction<String> format) {
    StringBuilder s = new StringBuilder();
    s.append("<b>").append(what).append("</b> this week ").append(Html.text(format.apply(acuteM)));
    if (chronicM == null) {
      return s.toString();
    }
    if (chronicM <= 0) {
      return s.append(", where you usually run none").toString();
    }
    return s.append(String.format(Locale.ENGLISH, ", about %.1fx your usual ", acuteM / chronicM))
        .append(Html.text(format.apply(chronicM)))
        .toString();
  }

  private static String pace(Units u, TrendDay last) {
    if (last.acuteSpeedMps() == null) {
      return "<b>Pace</b>: no running this week";
    }
    String s = "<b>Pace</b> this week " + Html.text(u.pace(last.acuteSpeedMps()));
    if (last.chronicSpeedMps() == null || last.chronicSpeedMps() <= 0) {
      return s;
    }
    double change = (last.acuteSpeedMps() / last.chronicSpeedMps() - 1) * 100;
    return s
        + String.format(
            Locale.ENGLISH,
            ", %.0f%% %s than your usual ",
            Math.abs(change),
            change >= 0 ? "faster" : "slower")
        + Html.text(u.pace(last.chronicSpeedMps()));
  }

  private static String weekTable(Units u, List<Weeks.Week> weeks) {
    StringBuilder t = new StringBuilder(4096);
    t.append("<section aria-labelledby=\"table\"><h2 id=\"table\">The weeks in figures</h2>")
        .append("<div class=\"scroll\" tabindex=\"0\" role=\"region\"")
        .append(" aria-label=\"The weeks in figures, scrolls sideways\">")
        .append("<table><thead><tr><th scope=\"col\">Week</th>")
        .append("<th scope=\"col\">Runs</th><th scope=\"col\">Distance</th>")
        .append("<th scope=\"col\">Usual</th><th scope=\"col\">Downhill</th>")
        .append("<th scope=\"col\">Usual</th><th scope=\"col\">Pace</th>")
        .append("<th scope=\"col\">Alerts</th></tr></thead><tbody>");
    for (int i = weeks.size() - 1; i >= 0; i--) {
      Weeks.Week w = weeks.get(i);
      t.append("<tr><th scope=\"row\">")
          .append(SHORT.format(w.from()))
          .append(" - ")
          .append(SHORT.format(w.to()))
          .append("</th><td>")
          .append(w.runs())
          .append("</td><td>")
          .append(u.distance(w.distanceM()))
          .append("</td><td>")
          .append(w.usualDistanceM() == null ? "-" : u.distance(w.usualDistanceM()))
          .append("</td><td>")
          .append(u.elevation(w.descentM()))
          .append("</td><td>")
          .append(w.usualDescentM() == null ? "-" : u.elevation(w.usualDescentM()))
          .append("</td><td>")
          .append(w.speedMps() == null ? "-" : u.pace(w.speedMps()))
          .append("</td><td>")
          .append(
              w.alerts().isEmpty()
                  ? "-"
                  : Html.text(
                      String.join(
                          ", ",
                          w.alerts().stream().map(a -> title(a.getRule())).distinct().toList())))
          .append("</td></tr>");
    }
    return t.append("</tbody></table></div></section>").toString();
  }

  // ---- alerts

  static String alerts(AthleteView athlete, List<BackPainRiskAlert> alerts) {
    Units u = athlete.units();
    StringBuilder b = new StringBuilder(8192);
    b.append("<h1>Your alerts</h1>");
    if (alerts.isEmpty()) {
      b.append("<p>No alerts so far: nothing in your running rose faster than usual.</p>");
      return Html.page("Alerts", Html.Nav.ALERTS, b.toString());
    }
    for (BackPainRiskAlert a : alerts) {
      b.append("<article class=\"alert\"><h2>")
          .append(Html.text(title(a.getRule())))
          .append(" <span class=\"when\">")
          .append(Html.text(DAY.format(a.getDate())))
          .append("</span></h2><p><span class=\"severity\">")
          .append(a.getSeverity().toString().equals("HIGH") ? "High" : "Moderate")
          .append("</span> ")
          .append(Html.text(finding(a, u)))
          .append("</p><p class=\"window\">")
          .append(Html.text(window(a)))
          .append("</p>");
      Set<String> advice = new LinkedHashSet<>();
      a.getAdviceCodes().forEach(c -> advice.add(c.toString()));
      advice.remove(NOT_MEDICAL);
      List<String> texts = new ArrayList<>();
      advice.forEach(c -> texts.add(AdviceTexts.text(c)));
      texts.removeIf(String::isEmpty);
      if (!texts.isEmpty()) {
        b.append("<h3>What helps</h3><ul>");
        texts.forEach(t -> b.append("<li>").append(Html.text(t)).append("</li>"));
        b.append("</ul>");
      }
      b.append("</article>");
    }
    b.append("<p class=\"note\">").append(Html.text(AdviceTexts.text(NOT_MEDICAL))).append("</p>");
    return Html.page("Alerts", Html.Nav.ALERTS, b.toString());
  }

  static String title(Rule rule) {
    return switch (rule) {
      case DOWNHILL_RAMP -> "Downhill running rose quickly";
      case SPEED_RAMP -> "Running speed rose quickly";
      case VOLUME_RAMP -> "Distance rose quickly";
      case BACK_PAIN_REPORTED -> "You reported back pain";
      case RECURRING_BACK_PAIN -> "Back pain keeps coming back";
      case RETURN_TOO_FAST -> "Speed or hills came back before distance";
    };
  }

  /** The alert's numbers in the athlete's units. */
  static String finding(BackPainRiskAlert a, Units u) {
    String ratio =
        a.getRatio() == null
            ? "where you usually run almost none"
            : String.format(Locale.ENGLISH, "about %.1fx", a.getRatio());
    String metric = a.getMetric().toString();
    return switch (a.getRule()) {
      case DOWNHILL_RAMP ->
          String.format(
              Locale.ENGLISH,
              "Downhill %s in the week, %s your usual %s a week; this alert fires from %.1fx and %s.",
              u.elevation(a.getAcute()),
              ratio,
              u.elevation(a.getChronic()),
              a.getThreshold(),
              u.elevation(a.getMinimum()));
      case SPEED_RAMP ->
          metric.equals("speedMps")
              ? String.format(
                  Locale.ENGLISH,
                  "Average pace %s in the week, %.0f%% faster than your usual %s.",
                  u.pace(a.getAcute()),
                  (a.getChronic() > 0 ? a.getAcute() / a.getChronic() - 1 : 0) * 100,
                  u.pace(a.getChronic()))
              : String.format(
                  Locale.ENGLISH,
                  "Fast running %s in the week, %s your usual %s a week.",
                  u.distance(a.getAcute()),
                  ratio,
                  u.distance(a.getChronic()));
      case VOLUME_RAMP ->
          String.format(
              Locale.ENGLISH,
              "Distance %s in the week, %s %s %s.",
              u.distance(a.getAcute()),
              ratio,
              metric.equals("distanceMVsPreviousWeek") ? "the week before's" : "your usual",
              u.distance(a.getChronic()));
      case BACK_PAIN_REPORTED ->
          String.format(Locale.ENGLISH, "Back pain of %.0f out of 10.", a.getAcute());
      case RECURRING_BACK_PAIN ->
          String.format(
              Locale.ENGLISH,
              "Back pain on %.0f different days within %d days.",
              a.getAcute(),
              ChronoUnit.DAYS.between(a.getAcuteFrom(), a.getAcuteTo()) + 1);
      case RETURN_TOO_FAST ->
          String.format(
              Locale.ENGLISH,
              "Since the pain your distance is %s a week, below the %s before it, and this week"
                  + " brought more speed or hills.",
              u.distance(a.getAcute()),
              u.distance(a.getChronic()));
    };
  }

  private static String window(BackPainRiskAlert a) {
    String acute =
        "Window: " + SHORT.format(a.getAcuteFrom()) + " - " + SHORT.format(a.getAcuteTo());
    boolean compared =
        a.getRule() == Rule.DOWNHILL_RAMP
            || a.getRule() == Rule.SPEED_RAMP
            || a.getRule() == Rule.VOLUME_RAMP
            || a.getRule() == Rule.RETURN_TOO_FAST;
    return compared
        ? acute
            + ", against your weeks from "
            + SHORT.format(a.getChronicFrom())
            + " to "
            + SHORT.format(a.getChronicTo())
            + "."
        : acute + ".";
  }

  // ---- pain

  /** The form's values as the athlete left them, to show again after a refusal. */
  record PainForm(String date, String severity, String when, String note) {}

  static String painForm(String csrf, PainForm form, String error, LocalDate today) {
    StringBuilder b = new StringBuilder(4096);
    b.append("<h1>Report back pain</h1>")
        .append("<p>Tell backstride when your back hurt: it compares this with your running")
        .append(" and sends advice for coming back.</p>");
    if (error != null) {
      b.append("<p class=\"error\" role=\"alert\" id=\"form-error\">")
          .append(Html.text(error))
          .append("</p>");
    }
    b.append("<form method=\"post\" action=\"/me/pain\">")
        .append(csrfField(csrf))
        .append("<p><label for=\"date\">Day of the pain</label>")
        .append("<input type=\"date\" id=\"date\" name=\"date\" required max=\"")
        .append(today.plusDays(1))
        .append("\" value=\"")
        .append(Html.attr(form.date() == null ? today.toString() : form.date()))
        .append("\"></p>")
        .append("<p><label for=\"severity\">How bad, from 0 (none) to 10 (worst)</label>")
        .append("<select id=\"severity\" name=\"severity\" required>");
    for (int i = 0; i <= 10; i++) {
      String v = String.valueOf(i);
      b.append("<option value=\"").append(v).append('"');
      if (v.equals(form.severity() == null ? "3" : form.severity())) {
        b.append(" selected");
      }
      b.append('>').append(v).append("</option>");
    }
    b.append("</select></p><fieldset><legend>When did it hurt?</legend>");
    String when = form.when() == null ? "after" : form.when();
    for (String[] o :
        new String[][] {
          {"during", "During a run"},
          {"after", "After a run"},
          {"unrelated", "Not related to running"}
        }) {
      b.append("<p><input type=\"radio\" name=\"when\" id=\"when-")
          .append(o[0])
          .append("\" value=\"")
          .append(o[0])
          .append('"')
          .append(o[0].equals(when) ? " checked" : "")
          .append("><label for=\"when-")
          .append(o[0])
          .append("\">")
          .append(o[1])
          .append("</label></p>");
    }
    b.append("</fieldset><p><label for=\"note\">A note, if you like (up to 500 characters)</label>")
        .append("<textarea id=\"note\" name=\"note\" rows=\"3\" maxlength=\"500\">")
        .append(Html.text(form.note()))
        .append("</textarea></p><p><button type=\"submit\">Send the report</button></p></form>");
    return Html.page("Report back pain", Html.Nav.PAIN, b.toString());
  }

  static String painThanks(String date, int severity, String note) {
    StringBuilder b = new StringBuilder();
    b.append("<h1>Thank you</h1><p role=\"status\">Your report of back pain ")
        .append(severity)
        .append(" out of 10 on ")
        .append(Html.text(date))
        .append(" is in. backstride emails you what helps shortly.</p>");
    if (note != null && !note.isBlank()) {
      b.append("<p>You wrote: <q>").append(Html.text(note.strip())).append("</q></p>");
    }
    b.append("<p><a href=\"/me/alerts\">See your alerts</a></p>");
    return Html.page("Report back pain", Html.Nav.PAIN, b.toString());
  }

  // ---- preferences

  static String preferences(AthleteView a, String csrf, String message, String error) {
    StringBuilder b = new StringBuilder(4096);
    b.append("<h1>Preferences</h1>");
    if (message != null) {
      b.append("<p class=\"ok\" role=\"status\">").append(Html.text(message)).append("</p>");
    }
    if (error != null) {
      b.append("<p class=\"error\" role=\"alert\">").append(Html.text(error)).append("</p>");
    }
    b.append("<form method=\"post\" action=\"/me/preferences\">")
        .append(csrfField(csrf))
        .append("<fieldset><legend>Units</legend>")
        .append(radio("units", "km", "Kilometres and metres", a.metric()))
        .append(radio("units", "mi", "Miles and feet", !a.metric()))
        .append("</fieldset><p><label for=\"timeZone\">Time zone (decides where your days start,")
        .append(" e.g. Europe/Paris)</label><input type=\"text\" id=\"timeZone\" name=\"timeZone\"")
        .append(" required autocomplete=\"off\" value=\"")
        .append(Html.attr(a.timeZone()))
        .append("\"></p><fieldset><legend>Alert emails</legend>")
        .append(radio("emails", "on", "Send me alert emails", a.emailsOn()))
        .append(radio("emails", "off", "No emails", !a.emailsOn()))
        .append("</fieldset><p><button type=\"submit\">Save</button></p></form>");
    return Html.page("Preferences", Html.Nav.PREFERENCES, b.toString());
  }

  private static String radio(String name, String value, String label, boolean checked) {
    String id = name + "-" + value;
    return "<p><input type=\"radio\" name=\""
        + name
        + "\" id=\""
        + id
        + "\" value=\""
        + value
        + "\""
        + (checked ? " checked" : "")
        + "><label for=\""
        + id
        + "\">"
        + label
        + "</label></p>";
  }

  // ---- unsubscribe

  static String unsubscribeConfirm(String token) {
    return Html.page(
        "Unsubscribe",
        null,
        "<h1>Turn off backstride's emails?</h1><p>You will get no more alert emails. Your pages"
            + " and alerts stay, and you can turn emails on again at any time.</p>"
            + "<form method=\"post\" action=\"/u/"
            + Html.attr(token)
            + "\"><p><button type=\"submit\">Unsubscribe</button></p></form>");
  }

  static String unsubscribed(String token) {
    return Html.page(
        "Unsubscribed",
        null,
        "<h1>You are unsubscribed</h1><p role=\"status\">backstride sends you no more alert"
            + " emails.</p><form method=\"post\" action=\"/u/"
            + Html.attr(token)
            + "/undo\"><p><button type=\"submit\">Undo: send me emails again</button></p></form>");
  }

  static String resubscribed() {
    return Html.page(
        "Emails on",
        null,
        "<h1>Emails are on again</h1><p role=\"status\">backstride emails you when something in"
            + " your running rises faster than usual.</p>");
  }

  // ---- refusals

  static String refused(LinkTokens.Refusal why) {
    String reason =
        switch (why) {
          case EXPIRED ->
              "This link has expired. Each of backstride's emails brings a new one: open the"
                  + " link in your latest email.";
          case FORGED, MALFORMED ->
              "This link is not valid: it may have been cut short or changed. Open the link in"
                  + " your latest email from backstride.";
          case WRONG_PURPOSE ->
              "This link is not meant for this page. Open the link in your latest email from"
                  + " backstride.";
        };
    return Html.page(
        "Link not valid", null, "<h1>This link does not open your pages</h1><p>" + reason + "</p>");
  }

  static String noSession() {
    return Html.page(
        "Open your email's link",
        null,
        "<h1>Open the link in your email</h1><p>These pages open from the link in an email from"
            + " backstride; your visit may also have timed out. Open the link in your latest"
            + " email again.</p>");
  }

  static String badForm() {
    return Html.page(
        "Form not accepted",
        null,
        "<h1>This form was not accepted</h1><p>It did not come from your backstride page, or the"
            + " page was open too long. <a href=\"/me\">Go back to your pages</a> and try again.</p>");
  }

  static String unavailable(String what) {
    return Html.page(
        "Not available",
        null,
        "<h1>Not available right now</h1><p>"
            + Html.text(what)
            + " Please try again in a minute.</p>");
  }

  static String notFound() {
    return Html.page("Not found", null, "<h1>No such page</h1>");
  }

  private static String csrfField(String csrf) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.attr(csrf) + "\">";
  }

  private Views() {}
}
