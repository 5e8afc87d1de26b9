package io.backstride.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.Rule;
import io.backstride.avro.Severity;
import io.backstride.core.links.LinkTokens;
import io.backstride.core.links.LinkTokens.Purpose;
import io.javalin.Javalin;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PagesServerTest {
  private static final Instant NOW = Instant.parse("2026-04-13T18:00:00Z");
  private static final LocalDate DAY = LocalDate.parse("2026-04-13");
  private static final LinkTokens TOKENS =
      LinkTokens.withSecret("0123456789abcdef0123456789abcdef");

  private final List<String> written = new ArrayList<>();
  private AthleteView ana =
      new AthleteView("ana", "Ana <script>alert(1)</script>", "Europe/Paris", true, true);
  private final List<BackPainRiskAlert> alerts = new ArrayList<>();
  private Javalin app;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    AthleteReads reads =
        new AthleteReads() {
          @Override
          public Optional<AthleteView> athlete(String athleteId) {
            return athleteId.equals("ana") ? Optional.of(ana) : Optional.empty();
          }

          @Override
          public List<TrendDay> trends(String athleteId, int days) {
            return athleteId.equals("ana") ? twelveWeeks() : List.of();
          }

          @Override
          public List<BackPainRiskAlert> alerts(String athleteId) {
            return alerts.stream().filter(a -> a.getAthleteId().equals(athleteId)).toList();
          }
        };
    AthleteWrites writes =
        new AthleteWrites() {
          @Override
          public Outcome reportPain(
              String athleteId, String date, int severity, String when, String note) {
            written.add(
                "pain " + athleteId + " " + date + " " + severity + " " + when + " " + note);
            return date.equals("2099-01-01")
                ? new Outcome(422, "date 2099-01-01 must lie between 2000-01-01 and 2026-04-14")
                : new Outcome(202, null);
          }

          @Override
          public Outcome updatePreferences(
              String athleteId, String units, String timeZone, Boolean emailsOn) {
            written.add("prefs " + athleteId + " " + units + " " + timeZone + " " + emailsOn);
            return new Outcome(200, null);
          }
        };
    app =
        new PagesServer(TOKENS, reads, writes, Clock.fixed(NOW, ZoneOffset.UTC), false)
            .app()
            .start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  /** How many days before today the trends end (the athlete's last run). */
  private int daysSinceLastRun;

  private List<TrendDay> twelveWeeks() {
    return twelveWeeks(daysSinceLastRun);
  }

  /** 84 days: 160 m of descent a week, then a last week of 345 m. */
  private static List<TrendDay> twelveWeeks(int daysSinceLastRun) {
    List<TrendDay> days = new ArrayList<>();
    for (int d = 83 + daysSinceLastRun; d >= daysSinceLastRun; d--) {
      boolean run = (d - daysSinceLastRun) % 2 == 0;
      double descent = d - daysSinceLastRun < 7 ? 345.0 / 4 : 160.0 / 3.5;
      days.add(
          new TrendDay(
              DAY.minusDays(d),
              run ? 1 : 0,
              run ? 8000 : 0,
              run ? 2400 : 0,
              run ? descent : 0,
              "ready",
              32_000,
              30_000.0,
              345,
              148.0,
              3.4,
              3.2));
    }
    return days;
  }

  private String url(String path) {
    return "http://127.0.0.1:" + app.port() + path;
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String cookie, Map<String, String> form)
      throws Exception {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String pagesLink(String athlete) {
    return "/a/" + TOKENS.sign(athlete, Purpose.PAGES, NOW, Duration.ofDays(30));
  }

  /** Follows ana's link; returns the session cookie ("name=value"). */
  private String session() throws Exception {
    HttpResponse<String> r = get(pagesLink("ana"), null);
    assertThat(r.statusCode()).isEqualTo(200);
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private String csrf(String cookie) {
    return TOKENS.derive("csrf", cookie.substring(cookie.indexOf('=') + 1));
  }

  @Test
  void theLinkOpensTheLoadPageAndSetsAStrictHttpOnlySessionCookie() throws Exception {
    HttpResponse<String> r = get(pagesLink("ana"), null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Set-Cookie").orElseThrow())
        .startsWith(PagesServer.SESSION_COOKIE + "=")
        .contains("; HttpOnly")
        .contains("; SameSite=Strict")
        .contains("; Path=/")
        .doesNotContain("Secure");
    assertThat(r.headers().firstValue("Content-Security-Policy")).contains(PagesServer.CSP);
    assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(r.body())
        .contains("<b>Downhill</b> this week 345 m, about 2.3x your usual 148 m")
        .contains("<b>Distance</b> this week 32.0 km, about 1.1x your usual 30.0 km")
        .contains("<svg class=\"chart\"")
        .doesNotContain("<script");
  }

  @Test
  void theWeeksEndTodayWhenTheLastRunIsDaysAgo() throws Exception {
    daysSinceLastRun = 10; // the last run on Friday 3 April, the page read on Monday 13 April

    String page = get(pagesLink("ana"), null).body();

    assertThat(page)
        .contains("The last seven days, to Monday 13 April")
        .contains("<b>Distance</b> this week 0.0 km, about 0.0x your usual 30.0 km")
        .contains("<b>Pace</b>: no running this week")
        .contains("No runs have arrived since Friday 3 April; your usual week is as it stood then.")
        .contains("7 Apr - 13 Apr");
    List<Weeks.Week> weeks = Weeks.of(twelveWeeks(10), List.of(), LocalDate.parse("2026-04-13"));
    Weeks.Week thisWeek = weeks.get(weeks.size() - 1);
    assertThat(thisWeek.to()).isEqualTo(LocalDate.parse("2026-04-13"));
    assertThat(thisWeek.runs()).isZero();
    // the usual week of the last day known, not none: the dashed line does not stop
    assertThat(thisWeek.usualDistanceM()).isEqualTo(30_000.0);
    Weeks.Week before = weeks.get(weeks.size() - 2);
    assertThat(before.to()).isEqualTo(LocalDate.parse("2026-04-06"));
    // 31 Mar to 6 Apr: the runs of 1 and 3 April (the last), every other day back from it
    assertThat(before.runs()).isEqualTo(2);
  }

  @Test
  void theCookieOpensTheOtherPagesWithoutTheToken() throws Exception {
    String cookie = session();

    assertThat(get("/me", cookie).statusCode()).isEqualTo(200);
    assertThat(get("/me/alerts", cookie).body()).contains("No alerts so far");
    assertThat(get("/me/preferences", cookie).body()).contains("value=\"Europe/Paris\"");
    assertThat(get("/me", null).statusCode()).isEqualTo(403);
    assertThat(get("/me", null).body()).contains("Open the link in your email");
  }

  @Test
  void forgedExpiredWrongPurposeAndSwappedTokensGetA403Page() throws Exception {
    String good = TOKENS.sign("ana", Purpose.PAGES, NOW, Duration.ofDays(30));
    String other =
        LinkTokens.withSecret("x".repeat(32)).sign("ana", Purpose.PAGES, NOW, Duration.ofDays(30));
    String expired =
        TOKENS.sign("ana", Purpose.PAGES, NOW.minus(Duration.ofDays(31)), Duration.ofDays(30));
    String unsubscribe = TOKENS.sign("ana", Purpose.UNSUBSCRIBE, NOW, Duration.ofDays(30));
    String ben =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("ben".getBytes(StandardCharsets.UTF_8));
    String swapped = ben + good.substring(good.indexOf('.'));

    assertThat(get("/a/" + other, null))
        .satisfies(r -> assertThat(r.statusCode()).isEqualTo(403))
        .satisfies(r -> assertThat(r.body()).contains("This link is not valid"));
    assertThat(get("/a/" + expired, null).body()).contains("This link has expired");
    assertThat(get("/a/" + unsubscribe, null).body()).contains("not meant for this page");
    HttpResponse<String> cross = get("/a/" + swapped, null);
    assertThat(cross.statusCode()).isEqualTo(403);
    assertThat(cross.headers().firstValue("Set-Cookie")).isEmpty();
    // a session cookie made of a page link is no session
    assertThat(get("/me", PagesServer.SESSION_COOKIE + "=" + good).statusCode()).isEqualTo(403);
  }

  @Test
  void aFormWithoutTheSessionsCsrfTokenIsRefusedAndWritesNothing() throws Exception {
    String cookie = session();
    String otherSession = TOKENS.sign("ana", Purpose.SESSION, NOW, Duration.ofHours(1));
    Map<String, String> pain = Map.of("date", "2026-04-13", "severity", "6", "when", "during");

    HttpResponse<String> none = post("/me/pain", cookie, pain);
    HttpResponse<String> wrong =
        post(
            "/me/pain",
            cookie,
            Map.of(
                "date",
                "2026-04-13",
                "severity",
                "6",
                "when",
                "during",
                "csrf",
                TOKENS.derive("csrf", otherSession)));
    HttpResponse<String> noCookie =
        post("/me/preferences", null, Map.of("units", "mi", "csrf", csrf(cookie)));

    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(none.body()).contains("This form was not accepted");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(noCookie.statusCode()).isEqualTo(403);
    assertThat(written).isEmpty();
  }

  @Test
  void aPainReportGoesToIngestAndItsRefusalIsShownOnTheForm() throws Exception {
    String cookie = session();

    HttpResponse<String> ok =
        post(
            "/me/pain",
            cookie,
            Map.of(
                "date",
                "2026-04-13",
                "severity",
                "6",
                "when",
                "during",
                "note",
                "<b>sharp</b>",
                "csrf",
                csrf(cookie)));
    HttpResponse<String> refused =
        post(
            "/me/pain",
            cookie,
            Map.of(
                "date",
                "2099-01-01",
                "severity",
                "6",
                "when",
                "after",
                "note",
                "<i>x</i>",
                "csrf",
                csrf(cookie)));

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("&lt;b&gt;sharp&lt;/b&gt;").doesNotContain("<b>sharp");
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body())
        .contains("date 2099-01-01 must lie between")
        .contains("value=\"2099-01-01\"")
        .contains("&lt;i&gt;x&lt;/i&gt;</textarea>");
    assertThat(written)
        .containsExactly(
            "pain ana 2026-04-13 6 during <b>sharp</b>", "pain ana 2099-01-01 6 after <i>x</i>");
  }

  @Test
  void preferencesChangeOnlyUnitsZoneAndEmails() throws Exception {
    String cookie = session();

    HttpResponse<String> r =
        post(
            "/me/preferences",
            cookie,
            Map.of(
                "units", "mi", "timeZone", "America/Denver", "emails", "on", "csrf", csrf(cookie)));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("Saved.");
    assertThat(written).containsExactly("prefs ana mi America/Denver true");
  }

  @Test
  void theNameIsEscapedEverywhere() throws Exception {
    String cookie = session();

    assertThat(get("/me", cookie).body())
        .contains("Ana &lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>");
  }

  @Test
  void unsubscribeAsksOnGetAndTurnsEmailsOffOnPostIdempotently() throws Exception {
    String token = TOKENS.sign("ana", Purpose.UNSUBSCRIBE, NOW, Duration.ofDays(365));

    HttpResponse<String> ask = get("/u/" + token, null);
    assertThat(ask.statusCode()).isEqualTo(200);
    assertThat(written).isEmpty();

    // RFC 8058: what a mail client POSTs, without cookie or CSRF token
    HttpResponse<String> oneClick =
        post("/u/" + token, null, Map.of("List-Unsubscribe", "One-Click"));
    HttpResponse<String> again = post("/u/" + token, null, Map.of());
    HttpResponse<String> undo = post("/u/" + token + "/undo", null, Map.of());

    assertThat(oneClick.statusCode()).isEqualTo(200);
    assertThat(oneClick.body()).contains("You are unsubscribed").contains("/u/" + token + "/undo");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(undo.body()).contains("Emails are on again");
    assertThat(written)
        .containsExactly(
            "prefs ana null null false", "prefs ana null null false", "prefs ana null null true");
    String pages = TOKENS.sign("ana", Purpose.PAGES, NOW, Duration.ofDays(30));
    assertThat(post("/u/" + pages, null, Map.of()).statusCode()).isEqualTo(403);
  }

  @Test
  void alertsShowTheirNumbersWindowAndAdvice() throws Exception {
    alerts.add(
        BackPainRiskAlert.newBuilder()
            .setAlertId("a1")
            .setAthleteId("ana")
            .setRule(Rule.DOWNHILL_RAMP)
            .setSeverity(Severity.HIGH)
            .setDate(DAY)
            .setMetric("descentM")
            .setAcute(620)
            .setChronic(160)
            .setRatio(620 / 160.0)
            .setThreshold(1.5)
            .setMinimum(300)
            .setAcuteFrom(DAY.minusDays(6))
            .setAcuteTo(DAY)
            .setChronicFrom(DAY.minusDays(34))
            .setChronicTo(DAY.minusDays(7))
            .setAdviceCodes(List.of("FLAT_ROUTES", "NOT_MEDICAL"))
            .build());
    String cookie = session();

    String page = get("/me/alerts", cookie).body();

    assertThat(page)
        .contains("Downhill running rose quickly")
        .contains("Downhill 620 m in the week, about 3.9x your usual 160 m a week")
        .contains("Window: 7 Apr - 13 Apr, against your weeks from 10 Mar to 6 Apr.")
        .contains("Choose flatter routes")
        .contains("This is not medical advice");
    assertThat(get("/me", cookie).body()).contains("fill=\"#b3261e\"");
  }
}
