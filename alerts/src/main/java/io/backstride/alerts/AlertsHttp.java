package io.backstride.alerts;

import io.backstride.platform.EnvValues;
import io.backstride.platform.observe.Health;
import io.backstride.platform.observe.HealthReport;
import io.backstride.platform.observe.ServiceMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.util.ConcurrencyUtil;

/**
 * The alerts service's small HTTP port, for probes and scrapes only: {@code GET /metrics}
 * (Prometheus text), {@code GET /health/live} and {@code GET /health/ready} (200, or 503 with each
 * failed check and why), and {@code GET /health}, which means live.
 */
public final class AlertsHttp {
  /** The variables of the port: {@code BACKSTRIDE_ALERTS_HTTP_HOST}, {@code _PORT}. */
  public static final String HOST = "BACKSTRIDE_ALERTS_HTTP_HOST";

  public static final String PORT = "BACKSTRIDE_ALERTS_HTTP_PORT";

  /** The port {@code backstride run} and docker-compose give it. */
  public static final int DEFAULT_RUN_PORT = 8084;

  /**
   * Where it listens.
   *
   * @param host {@value #HOST}: loopback unless set (0.0.0.0 in a container)
   * @param port {@value #PORT}: 0 (the default, as for the trends port) picks a free one
   */
  public record Settings(String host, int port) {
    public static Settings fromEnv(java.util.Map<String, String> env) {
      return new Settings(EnvValues.text(env, HOST, "127.0.0.1"), EnvValues.port(env, PORT, 0));
    }
  }

  private AlertsHttp() {}

  /** Starts serving {@code metrics} and {@code health}; the caller stops the app. */
  public static Javalin start(Settings settings, ServiceMetrics metrics, Health health) {
    return Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              // a few threads: probes and scrapes, not traffic
              cfg.jetty.threadPool = ConcurrencyUtil.jettyThreadPool("alerts-http", 2, 8, false);
              cfg.routes.get("/health", ctx -> reply(ctx, health.live()));
              cfg.routes.get("/health/live", ctx -> reply(ctx, health.live()));
              cfg.routes.get("/health/ready", ctx -> reply(ctx, health.ready()));
              cfg.routes.get(
                  "/metrics",
                  ctx -> ctx.contentType(ServiceMetrics.CONTENT_TYPE).result(metrics.scrape()));
            })
        .start(settings.host(), settings.port());
  }

  private static void reply(Context ctx, HealthReport report) {
    ctx.status(report.httpStatus()).contentType("application/json").result(report.json());
  }
}
