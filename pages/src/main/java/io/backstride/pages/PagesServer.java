package io.backstride.pages;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.core.links.LinkTokens;
import io.backstride.core.links.LinkTokens.Purpose;
import io.backstride.platform.observe.Health;
import io.backstride.platform.observe.HealthReport;
import io.backstride.platform.observe.ServiceMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The athlete pages over HTTP.
 *
 * <ul>
 *   <li>{@code GET /a/{token}}: an email's link. Checks the token, sets the session cookie and
 *       shows the load page; afterwards the pages are {@code /me...} and carry no token.
 *   <li>{@code GET /me}, {@code /me/alerts}, {@code /me/pain}, {@code /me/preferences}: the pages
 *       of the session's athlete; {@code POST /me/pain} and {@code POST /me/preferences} need the
 *       session's CSRF token.
 *   <li>{@code GET /u/{token}}: asks before unsubscribing (a link scanner's GET changes nothing);
 *       {@code POST /u/{token}}: unsubscribes, RFC 8058's one-click POST included (the token is the
 *       authority: no cookie, no CSRF token, as a mail client has neither); {@code POST
 *       /u/{token}/undo} turns emails on again.
 * </ul>
 *
 * <p>The session is itself a signed token (purpose {@code SESSION}), so any instance of the pages
 * accepts it and nothing is stored; its CSRF token is derived from it with the same secret.
 */
final class PagesServer {
  private static final Logger LOG = LoggerFactory.getLogger(PagesServer.class);
  static final String SESSION_COOKIE = "backstride_session";
  static final Duration SESSION_TTL = Duration.ofHours(12);
  private static final int TREND_DAYS = 7 * Weeks.SHOWN + 28;

  /** No script, no inline style, nothing from elsewhere, no framing, forms only to here. */
  static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
          + " frame-ancestors 'none'; base-uri 'none'";

  private final LinkTokens tokens;
  private final AthleteReads reads;
  private final AthleteWrites writes;
  private final Clock clock;
  private final boolean secureCookies;
  private final Javalin app;
  private volatile ServiceMetrics metrics;
  private volatile Health health = new Health();

  /**
   * @param secureCookies whether the pages are reached over https: the cookie is then {@code
   *     Secure}
   */
  PagesServer(
      LinkTokens tokens,
      AthleteReads reads,
      AthleteWrites writes,
      Clock clock,
      boolean secureCookies) {
    this.tokens = tokens;
    this.reads = reads;
    this.writes = writes;
    this.clock = clock;
    this.secureCookies = secureCookies;
    this.app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.http.maxRequestSize = 16_384;
              cfg.routes.before(PagesServer::securityHeaders);
              cfg.routes.get("/static/pages.css", PagesServer::css);
              cfg.routes.get("/health", ctx -> ctx.contentType("text/plain").result("ok"));
              cfg.routes.get("/health/live", ctx -> reply(ctx, health.live()));
              cfg.routes.get("/health/ready", ctx -> reply(ctx, health.ready()));
              cfg.routes.get("/metrics", this::metrics);
              cfg.routes.get("/a/{token}", timed(this::openLink));
              cfg.routes.get("/me", timed(this::loadPage));
              cfg.routes.get("/me/alerts", timed(this::alertsPage));
              cfg.routes.get("/me/pain", timed(this::painPage));
              cfg.routes.post("/me/pain", timed(this::reportPain));
              cfg.routes.get("/me/preferences", timed(this::preferencesPage));
              cfg.routes.post("/me/preferences", timed(this::savePreferences));
              cfg.routes.get("/u/{token}", timed(this::unsubscribePage));
              cfg.routes.post("/u/{token}", timed(this::unsubscribe));
              cfg.routes.post("/u/{token}/undo", timed(this::undoUnsubscribe));
              cfg.routes.exception(
                  PagesException.class,
                  (e, ctx) -> {
                    LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                    html(ctx, 503, Views.unavailable(e.getMessage()));
                  });
              cfg.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    html(ctx, 500, Views.unavailable("Something went wrong on our side."));
                  });
              cfg.routes.error(
                  404,
                  "*",
                  ctx -> {
                    if (ctx.result() == null) {
                      html(ctx, 404, Views.notFound());
                    }
                  });
            });
  }

  Javalin app() {
    return app;
  }

  // ---- the pages

  private void openLink(Context ctx) {
    LinkTokens.Check check = tokens.check(ctx.pathParam("token"), Purpose.PAGES, clock.instant());
    if (!check.valid()) {
      html(ctx, 403, Views.refused(check.refusal().orElseThrow()));
      return;
    }
    String session = startSession(ctx, check.athleteId().orElseThrow());
    showLoad(ctx, check.athleteId().orElseThrow(), session);
  }

  private void loadPage(Context ctx) {
    session(ctx).ifPresent(s -> showLoad(ctx, s.athleteId(), s.token()));
  }

  private void showLoad(Context ctx, String athleteId, String session) {
    // each piece's time goes into Server-Timing: what a slow load page spends, seen from outside
    long start = System.nanoTime();
    AthleteView athlete = athlete(athleteId);
    long profile = System.nanoTime();
    List<TrendDay> days = reads.trends(athleteId, TREND_DAYS);
    long trends = System.nanoTime();
    List<BackPainRiskAlert> alerts = reads.alerts(athleteId);
    long alerted = System.nanoTime();
    String page = Views.load(athlete, days, alerts, today(athlete));
    long rendered = System.nanoTime();
    timing(ctx, "profile", profile - start);
    timing(ctx, "trends", trends - profile);
    timing(ctx, "alerts", alerted - trends);
    timing(ctx, "render", rendered - alerted);
    html(ctx, 200, page);
  }

  private static final String TIMINGS = "backstride.timings";

  /** A piece of the page's time, for the {@code Server-Timing} header {@link #timed} writes. */
  private static void timing(Context ctx, String name, long nanos) {
    String entry = String.format(Locale.ROOT, "%s;dur=%.1f", name, nanos / 1e6);
    String before = ctx.attribute(TIMINGS);
    ctx.attribute(TIMINGS, before == null ? entry : before + ", " + entry);
  }

  private void alertsPage(Context ctx) {
    sessionPage(ctx, s -> Views.alerts(athlete(s.athleteId()), reads.alerts(s.athleteId())));
  }

  /** The page {@code view} draws for the request's session; without one, the refusal. */
  private void sessionPage(Context ctx, Function<Session, String> view) {
    session(ctx).ifPresent(s -> html(ctx, 200, view.apply(s)));
  }

  private void painPage(Context ctx) {
    sessionPage(
        ctx,
        s ->
            Views.painForm(
                csrf(s.token()),
                new Views.PainForm(null, null, null, null),
                null,
                today(athlete(s.athleteId()))));
  }

  private void reportPain(Context ctx) {
    Optional<Session> session = formSession(ctx);
    if (session.isEmpty()) {
      return;
    }
    Session s = session.get();
    Views.PainForm form =
        new Views.PainForm(
            ctx.formParam("date"),
            ctx.formParam("severity"),
            ctx.formParam("when"),
            ctx.formParam("note"));
    Integer severity = wholeNumber(form.severity());
    AthleteWrites.Outcome outcome =
        severity == null
            ? new AthleteWrites.Outcome(422, "severity must be a whole number from 0 to 10")
            : writes.reportPain(s.athleteId(), form.date(), severity, form.when(), form.note());
    if (!outcome.accepted()) {
      html(
          ctx,
          outcome.status() >= 500 ? 503 : 422,
          Views.painForm(csrf(s.token()), form, outcome.reason(), today(athlete(s.athleteId()))));
      return;
    }
    html(ctx, 200, Views.painThanks(form.date(), severity, form.note()));
  }

  private void preferencesPage(Context ctx) {
    sessionPage(ctx, s -> Views.preferences(athlete(s.athleteId()), csrf(s.token()), null, null));
  }

  private void savePreferences(Context ctx) {
    Optional<Session> session = formSession(ctx);
    if (session.isEmpty()) {
      return;
    }
    Session s = session.get();
    String units = ctx.formParam("units");
    String emails = ctx.formParam("emails");
    AthleteWrites.Outcome outcome =
        writes.updatePreferences(
            s.athleteId(),
            units,
            ctx.formParam("timeZone"),
            emails == null ? null : Boolean.valueOf("on".equals(emails)));
    if (!outcome.accepted()) {
      html(
          ctx,
          outcome.status() >= 500 ? 503 : 422,
          Views.preferences(athlete(s.athleteId()), csrf(s.token()), null, outcome.reason()));
      return;
    }
    html(ctx, 200, Views.preferences(athlete(s.athleteId()), csrf(s.token()), "Saved.", null));
  }

  private void unsubscribePage(Context ctx) {
    unsubscribeToken(ctx).ifPresent(t -> html(ctx, 200, Views.unsubscribeConfirm(t)));
  }

  private void unsubscribe(Context ctx) {
    // turning off what is off changes nothing: a second click, or the mail client's POST and
    // then the athlete's, end the same
    if (emailsByLink(ctx, false, "Unsubscribing")) {
      html(ctx, 200, Views.unsubscribed(ctx.pathParam("token")));
    }
  }

  private void undoUnsubscribe(Context ctx) {
    if (emailsByLink(ctx, true, "Turning emails on")) {
      html(ctx, 200, Views.resubscribed());
    }
  }

  /**
   * Turns the emails of the unsubscribe link's athlete on or off; false when the link is refused,
   * which has been answered then.
   *
   * @param what the change, for the error page when the write does not go through
   */
  private boolean emailsByLink(Context ctx, boolean on, String what) {
    Optional<String> athlete = unsubscribeAthlete(ctx);
    if (athlete.isEmpty()) {
      return false;
    }
    AthleteWrites.Outcome outcome = writes.updatePreferences(athlete.get(), null, null, on);
    if (!outcome.accepted()) {
      throw new PagesException(what + " did not go through: " + outcome.reason(), null);
    }
    return true;
  }

  // ---- tokens, sessions, CSRF

  /** The athlete of a session. */
  record Session(String athleteId, String token) {}

  private Optional<String> unsubscribeToken(Context ctx) {
    return unsubscribeAthlete(ctx).map(a -> ctx.pathParam("token"));
  }

  private Optional<String> unsubscribeAthlete(Context ctx) {
    LinkTokens.Check check =
        tokens.check(ctx.pathParam("token"), Purpose.UNSUBSCRIBE, clock.instant());
    if (!check.valid()) {
      html(ctx, 403, Views.refused(check.refusal().orElseThrow()));
      return Optional.empty();
    }
    return check.athleteId();
  }

  private String startSession(Context ctx, String athleteId) {
    String session = tokens.sign(athleteId, Purpose.SESSION, clock.instant(), SESSION_TTL);
    ctx.header(
        "Set-Cookie",
        SESSION_COOKIE
            + "="
            + session
            + "; Path=/; Max-Age="
            + SESSION_TTL.toSeconds()
            + "; HttpOnly; SameSite=Strict"
            + (secureCookies ? "; Secure" : ""));
    return session;
  }

  /** The session of the cookie, or a 403 page saying to open the email's link. */
  private Optional<Session> session(Context ctx) {
    String cookie = ctx.cookie(SESSION_COOKIE);
    LinkTokens.Check check =
        cookie == null ? null : tokens.check(cookie, Purpose.SESSION, clock.instant());
    if (check == null || !check.valid()) {
      html(ctx, 403, Views.noSession());
      return Optional.empty();
    }
    return Optional.of(new Session(check.athleteId().orElseThrow(), cookie));
  }

  /** The session of a form's POST, whose CSRF token must be the session's. */
  private Optional<Session> formSession(Context ctx) {
    Optional<Session> session = session(ctx);
    if (session.isEmpty()) {
      return session;
    }
    String given = ctx.formParam("csrf");
    if (given == null
        || !MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8),
            csrf(session.get().token()).getBytes(StandardCharsets.UTF_8))) {
      html(ctx, 403, Views.badForm());
      return Optional.empty();
    }
    return session;
  }

  String csrf(String session) {
    return tokens.derive("csrf", session);
  }

  // ---- helpers

  private AthleteView athlete(String athleteId) {
    // a signed link for an athlete whose profile is gone still opens, greeting nobody by name
    return reads.athlete(athleteId).orElse(new AthleteView(athleteId, null, "UTC", true, false));
  }

  private LocalDate today(AthleteView athlete) {
    return LocalDate.now(clock.withZone(athlete.zone()));
  }

  private static Integer wholeNumber(String s) {
    try {
      return s == null ? null : Integer.valueOf(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void html(Context ctx, int status, String page) {
    ctx.status(status).contentType("text/html; charset=utf-8").result(page);
  }

  /**
   * Every response: the CSP, no sniffing, no framing, no referrer (the token is in the link's
   * path), and no caching of a page with someone's health in it.
   */
  private static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
  }

  /** Serves {@code /metrics} from {@code metrics} and the probes' routes from {@code health}. */
  PagesServer observedBy(ServiceMetrics metrics, Health health) {
    this.metrics = metrics;
    this.health = health;
    return this;
  }

  private static void reply(Context ctx, HealthReport report) {
    ctx.status(report.httpStatus()).contentType("application/json").result(report.json());
  }

  private void metrics(Context ctx) {
    ServiceMetrics now = metrics;
    if (now == null) {
      ctx.status(404).contentType("text/plain").result("no metrics in this instance");
      return;
    }
    ctx.contentType(ServiceMetrics.CONTENT_TYPE).result(now.scrape());
  }

  /** The page's time on the server, in {@code Server-Timing} (the browser test reads it). */
  private static Handler timed(Handler page) {
    return ctx -> {
      long start = System.nanoTime();
      try {
        page.handle(ctx);
      } finally {
        double ms = (System.nanoTime() - start) / 1e6;
        String pieces = ctx.attribute(TIMINGS);
        ctx.header(
            "Server-Timing",
            String.format(Locale.ROOT, "page;dur=%.1f", ms)
                + (pieces == null ? "" : ", " + pieces));
      }
    };
  }

  private static void css(Context ctx) throws IOException {
    try (InputStream in = PagesServer.class.getResourceAsStream("pages.css")) {
      ctx.header("Cache-Control", "public, max-age=3600")
          .contentType("text/css; charset=utf-8")
          .result(in.readAllBytes());
    }
  }
}
