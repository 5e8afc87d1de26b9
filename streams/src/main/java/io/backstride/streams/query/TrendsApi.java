package io.backstride.streams.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.backstride.core.access.AthleteIds;
import io.backstride.core.access.BearerAccess;
import io.backstride.core.access.Route;
import io.backstride.core.load.LoadHistory;
import io.backstride.platform.observe.Health;
import io.backstride.platform.observe.HealthReport;
import io.backstride.platform.observe.ServiceMetrics;
import io.backstride.platform.observe.StreamsChecks;
import io.backstride.platform.streams.StreamsRunner;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/athletes/{athleteId}/trends?days=56}: an athlete's daily loads and trends, read
 * from the Streams state of whichever instance owns the athlete. An instance that does not own it
 * forwards the request once to the one that does, so any instance behind a load balancer answers.
 *
 * <p>With auth on, the trends route takes the tokens of ingest's routes ({@link BearerAccess}): 401
 * without a known bearer token, 403 for a token bound to other athletes. A forwarded request
 * carries the caller's {@code Authorization} header, and the owner checks it again: forwarding
 * grants nothing the caller did not have. Health and the OpenAPI document stay open for probes.
 */
public final class TrendsApi {
  /** Marks a forwarded request, so that two instances with stale metadata never ping-pong. */
  static final String FORWARDED = "X-Backstride-Forwarded";

  /** Names the instance whose store answered: where an athlete lives, for operators and tests. */
  public static final String SERVED_BY = "X-Backstride-Served-By";

  /**
   * {@code standby} on an answer from this instance's standby replica, given while the owner does
   * not answer (killed, its session not yet run out): the owner's last committed state.
   */
  public static final String REPLICA = "X-Backstride-Replica";

  /**
   * The OpenAPI document on the classpath, served at {@code GET /openapi.yaml}; named apart from
   * ingest's {@code /openapi.yaml}, since the CLI puts both services on one classpath.
   */
  public static final String OPENAPI_RESOURCE = "/trends-openapi.yaml";

  private static final Route HEALTH = new Route("get", "/health");
  private static final Route LIVE = new Route("get", "/health/live");
  private static final Route READY = new Route("get", "/health/ready");
  private static final Route METRICS = new Route("get", "/metrics");
  private static final Route OPENAPI = new Route("get", "/openapi.yaml");
  private static final Route TRENDS = new Route("get", "/v1/athletes/{athleteId}/trends");
  private static final List<Route> ROUTES = List.of(HEALTH, LIVE, READY, METRICS, OPENAPI, TRENDS);

  static final int DEFAULT_DAYS = 56;
  static final int MAX_DAYS = 3660;

  private static final Logger LOG = LoggerFactory.getLogger(TrendsApi.class);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Supplier<AthleteDays> days;
  private final Supplier<String> self;
  private final BearerAccess access;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Javalin app;
  private volatile Supplier<StreamsRunner.Health> health = () -> null;
  private volatile ServiceMetrics metrics;
  private volatile Health checks = StreamsChecks.register(new Health(), () -> health.get());

  /**
   * @param days where the days are; a supplier because the server starts (and learns its port)
   *     before the Streams application that needs that port in {@code application.server}
   */
  public TrendsApi(Supplier<AthleteDays> days) {
    this(days, () -> "local", BearerAccess.off());
  }

  /**
   * @param self this instance's {@code application.server}, once known
   * @param access who may read which athlete's trends
   */
  public TrendsApi(Supplier<AthleteDays> days, Supplier<String> self, BearerAccess access) {
    this.days = days;
    this.self = self;
    this.access = access;
    this.app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.routes.get(HEALTH.path(), this::health);
              cfg.routes.get(LIVE.path(), ctx -> reply(ctx, checks.live()));
              cfg.routes.get(READY.path(), ctx -> reply(ctx, checks.ready()));
              cfg.routes.get(METRICS.path(), this::metrics);
              cfg.routes.get(OPENAPI.path(), TrendsApi::openApi);
              cfg.routes.get(TRENDS.path(), this::trends);
              cfg.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    error(ctx, 500, "internal_error", "unexpected error");
                  });
              cfg.routes.error(404, "*", TrendsApi::noRoute);
            });
  }

  /** Every route, as listed in the OpenAPI document. */
  public List<Route> routes() {
    return ROUTES;
  }

  /**
   * Javalin calls this for every 404, the trends handler's own included, which keeps its body. A
   * path no route matches is a 404 naming it; a path matched for another method a 405 with {@code
   * Allow}.
   */
  private static void noRoute(Context ctx) {
    String method = ctx.method().name();
    List<String> allowed =
        ROUTES.stream()
            .filter(r -> r.matches(ctx.path()))
            .map(r -> r.method().toUpperCase(Locale.ROOT))
            .toList();
    if (allowed.contains(method)) {
      return;
    }
    if (allowed.isEmpty()) {
      error(ctx, 404, "not_found", "no route " + method + " " + ctx.path());
      return;
    }
    ctx.header("Allow", String.join(", ", allowed));
    error(
        ctx,
        405,
        "method_not_allowed",
        method + " is not allowed on " + ctx.path() + "; use " + String.join(" or ", allowed));
  }

  private static void openApi(Context ctx) throws IOException {
    try (InputStream in = TrendsApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        error(ctx, 404, "not_found", "no OpenAPI document in this build");
        return;
      }
      ctx.contentType("application/yaml; charset=utf-8")
          .result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * Makes {@code /health} answer from the Streams application: 503 with its state and cause once it
   * is down (a null health, before it exists: ok).
   */
  public TrendsApi healthFrom(Supplier<StreamsRunner.Health> health) {
    this.health = health;
    return this;
  }

  /**
   * Serves {@code /metrics} from {@code metrics} and the probes' routes from {@code checks} (by
   * default: the Streams application's liveness and readiness only).
   */
  public TrendsApi observedBy(ServiceMetrics metrics, Health checks) {
    this.metrics = metrics;
    this.checks = checks;
    return this;
  }

  private static void reply(Context ctx, HealthReport report) {
    ctx.status(report.httpStatus()).contentType("application/json").result(report.json());
  }

  private void metrics(Context ctx) {
    ServiceMetrics now = metrics;
    if (now == null) {
      error(ctx, 404, "not_found", "no metrics in this instance");
      return;
    }
    ctx.contentType(ServiceMetrics.CONTENT_TYPE).result(now.scrape());
  }

  private void health(Context ctx) throws IOException {
    StreamsRunner.Health now = health.get();
    if (now == null || now.healthy()) {
      ctx.result("ok");
      return;
    }
    Map<String, String> body = new LinkedHashMap<>();
    body.put("status", "down");
    body.put("state", now.state());
    if (now.cause() != null) {
      body.put("cause", now.cause());
    }
    ctx.status(503).contentType("application/json").result(JSON.writeValueAsString(body));
  }

  /** The app, configured and not started: {@code app().start(host, port)} or JavalinTest. */
  public Javalin app() {
    return app;
  }

  private void trends(Context ctx) throws IOException, InterruptedException {
    BearerAccess.Caller caller;
    try {
      caller = access.authenticate(ctx.header("Authorization"));
    } catch (BearerAccess.Denied e) {
      ctx.header("WWW-Authenticate", BearerAccess.CHALLENGE);
      error(ctx, 401, "unauthorized", e.getMessage());
      return;
    }
    String athleteId = ctx.pathParam("athleteId");
    try {
      AthleteIds.requireValid(athleteId);
    } catch (IllegalArgumentException e) {
      error(ctx, 400, "invalid_athlete_id", e.getMessage());
      return;
    }
    try {
      caller.require(athleteId, "read the trends of");
    } catch (BearerAccess.Denied e) {
      error(ctx, 403, "forbidden", e.getMessage());
      return;
    }
    String asked = ctx.queryParam("days");
    int n;
    try {
      n = asked == null ? DEFAULT_DAYS : Integer.parseInt(asked);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > MAX_DAYS) {
      error(
          ctx,
          400,
          "bad_days",
          "days must be a whole number from 1 to " + MAX_DAYS + ", was '" + asked + "'");
      return;
    }
    AthleteDays source = days.get();
    AthleteDays.Location where =
        source == null ? new AthleteDays.Unavailable("starting") : source.locate(athleteId);
    if (where instanceof AthleteDays.Local local) {
      if (local.history().isEmpty()) {
        error(ctx, 404, "unknown_athlete", "no runs for athlete " + athleteId);
        return;
      }
      ctx.header(SERVED_BY, self.get())
          .contentType("application/json")
          .result(JSON.writeValueAsString(DayTrend.lastDays(local.history(), n)));
    } else if (where instanceof AthleteDays.Remote remote) {
      if (ctx.header(FORWARDED) != null) {
        unavailable(ctx, "ownership moved while the request was forwarded");
        return;
      }
      forward(ctx, remote.baseUrl(), athleteId, n, source);
    } else {
      unavailable(ctx, ((AthleteDays.Unavailable) where).reason());
    }
  }

  private void forward(Context ctx, String baseUrl, String athleteId, int n, AthleteDays source)
      throws IOException, InterruptedException {
    URI uri =
        URI.create(
            baseUrl
                + "/v1/athletes/"
                + URLEncoder.encode(athleteId, StandardCharsets.UTF_8)
                + "/trends?days="
                + n);
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri).header(FORWARDED, "1").timeout(Duration.ofSeconds(10)).GET();
      // the owner decides again on the caller's own credentials, never on this instance's word
      String authorization = ctx.header("Authorization");
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      r.headers().firstValue(SERVED_BY).ifPresent(v -> ctx.header(SERVED_BY, v));
      ctx.status(r.statusCode())
          .contentType(r.headers().firstValue("Content-Type").orElse("application/json"))
          .result(r.body());
      r.headers().firstValue("Retry-After").ifPresent(v -> ctx.header("Retry-After", v));
      r.headers().firstValue("WWW-Authenticate").ifPresent(v -> ctx.header("WWW-Authenticate", v));
    } catch (IOException e) {
      // one line, not a stack trace: a dead owner fails every request until its session runs out
      LOG.warn("Cannot forward the trends of {} to {}: {}", athleteId, baseUrl, e.toString());
      Optional<LoadHistory> copy = source.standbyCopy(athleteId);
      if (copy.isPresent() && !copy.get().isEmpty()) {
        ctx.header(SERVED_BY, self.get())
            .header(REPLICA, "standby")
            .contentType("application/json")
            .result(JSON.writeValueAsString(DayTrend.lastDays(copy.get(), n)));
        return;
      }
      unavailable(ctx, "the instance holding this athlete does not answer");
    }
  }

  private static void unavailable(Context ctx, String reason) {
    ctx.header("Retry-After", "1");
    error(ctx, 503, "unavailable", reason);
  }

  /** The body of every error, as in ingest's API. */
  record ErrorBody(String error, String detail) {}

  private static void error(Context ctx, int status, String code, String detail) {
    String body;
    try {
      body = JSON.writeValueAsString(new ErrorBody(code, detail));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("two strings are always JSON", e);
    }
    ctx.status(status).contentType("application/json").result(body);
  }
}
