package io.backstride.streams.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.backstride.schemas.streams.StreamsRunner;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/athletes/{id}/trends?days=56}: an athlete's daily loads and trends, read from the
 * Streams state of whichever instance owns the athlete. An instance that does not own it forwards
 * the request once to the one that does, so any instance behind a load balancer answers.
 */
public final class TrendsApi {
  /** Marks a forwarded request, so that two instances with stale metadata never ping-pong. */
  static final String FORWARDED = "X-Backstride-Forwarded";

  /** Names the instance whose store answered: where an athlete lives, for operators and tests. */
  public static final String SERVED_BY = "X-Backstride-Served-By";

  static final int DEFAULT_DAYS = 56;
  static final int MAX_DAYS = 3660;

  private static final Logger LOG = LoggerFactory.getLogger(TrendsApi.class);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Supplier<AthleteDays> days;
  private final Supplier<String> self;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Javalin app;
  private volatile Supplier<StreamsRunner.Health> health = () -> null;

  /**
   * @param days where the days are; a supplier because the server starts (and learns its port)
   *     before the Streams application that needs that port in {@code application.server}
   */
  public TrendsApi(Supplier<AthleteDays> days) {
    this(days, () -> "local");
  }

  /**
   * @param self this instance's {@code application.server}, once known
   */
  public TrendsApi(Supplier<AthleteDays> days, Supplier<String> self) {
    this.days = days;
    this.self = self;
    this.app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.routes.get("/health", this::health);
              cfg.routes.get("/v1/athletes/{id}/trends", this::trends);
            });
  }

  /**
   * Makes {@code /health} answer from the Streams application: 503 with its state and cause once it
   * is down (a null health, before it exists: ok).
   */
  public TrendsApi healthFrom(Supplier<StreamsRunner.Health> health) {
    this.health = health;
    return this;
  }

  private void health(Context ctx) throws IOException {
    StreamsRunner.Health now = health.get();
    if (now == null || now.healthy()) {
      ctx.result("ok");
      return;
    }
    Map<String, String> body = new java.util.LinkedHashMap<>();
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
    String athleteId = ctx.pathParam("id");
    int n;
    try {
      n =
          Integer.parseInt(
              ctx.queryParamAsClass("days", String.class).getOrDefault("" + DEFAULT_DAYS));
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > MAX_DAYS) {
      error(ctx, 400, "bad_days", "days must be a whole number from 1 to " + MAX_DAYS);
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
      forward(ctx, remote.baseUrl(), athleteId, n);
    } else {
      unavailable(ctx, ((AthleteDays.Unavailable) where).reason());
    }
  }

  private void forward(Context ctx, String baseUrl, String athleteId, int n)
      throws IOException, InterruptedException {
    URI uri =
        URI.create(
            baseUrl
                + "/v1/athletes/"
                + URLEncoder.encode(athleteId, StandardCharsets.UTF_8)
                + "/trends?days="
                + n);
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri)
                  .header(FORWARDED, "1")
                  .timeout(Duration.ofSeconds(10))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      r.headers().firstValue(SERVED_BY).ifPresent(v -> ctx.header(SERVED_BY, v));
      ctx.status(r.statusCode())
          .contentType(r.headers().firstValue("Content-Type").orElse("application/json"))
          .result(r.body());
      r.headers().firstValue("Retry-After").ifPresent(v -> ctx.header("Retry-After", v));
    } catch (IOException e) {
      LOG.warn("Cannot forward the trends of {} to {}", athleteId, baseUrl, e);
      unavailable(ctx, "the instance holding this athlete does not answer");
    }
  }

  private static void unavailable(Context ctx, String reason) throws IOException {
    ctx.header("Retry-After", "1");
    error(ctx, 503, "unavailable", reason);
  }

  private static void error(Context ctx, int status, String code, String message)
      throws IOException {
    ctx.status(status)
        .contentType("application/json")
        .result(JSON.writeValueAsString(Map.of("error", code, "message", message)));
  }
}
