package io.backstride.benchmarks;

import io.backstride.ingest.http.JsonBodies;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.javalin.util.ConcurrencyUtil;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The framework ingest's routes run in, with nothing of ingest's in it: a Javalin app on the same
 * Jetty, configured as ingest's (thread pool, Jackson, no compression), whose two upload routes
 * read the body as a stream and answer 202 with a small JSON body, as {@link JettyFloor} does
 * without Javalin and its servlet context. What it costs above {@link JettyFloor} is what serving
 * the upload routes on a bare Jetty handler could save at most, measured before it is built.
 */
final class JavalinFloor implements AutoCloseable {
  /** The app's threads, counted apart from ingest's and the bare floor's. */
  static final String THREADS = "floor-javalin";

  private static final Map<String, Object> ANSWER =
      Map.of("activityId", "0123456789abcdef0123456789abcdef", "samples", 2600, "batches", 13);

  private final Javalin app;

  private JavalinFloor(Javalin app) {
    this.app = app;
  }

  static JavalinFloor start() {
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.jetty.threadPool = ConcurrencyUtil.jettyThreadPool(THREADS, 8, 250, false);
              cfg.jsonMapper(new JavalinJackson(JsonBodies.strictMapper(), false));
              cfg.http.compressionStrategy = CompressionStrategy.NONE;
              cfg.routes.post("/v1/athletes/{athleteId}/activities", JavalinFloor::readAndAccept);
              cfg.routes.post("/v1/athletes/{athleteId}/samples", JavalinFloor::readAndAccept);
            });
    app.start("127.0.0.1", 0);
    return new JavalinFloor(app);
  }

  int port() {
    return app.port();
  }

  private static void readAndAccept(Context ctx) throws IOException {
    byte[] buffer = new byte[8192];
    try (InputStream body = ctx.bodyInputStream()) {
      while (body.read(buffer) >= 0) {
        // to the end, as a route reading its upload does
      }
    }
    ctx.status(202).json(ANSWER);
  }

  @Override
  public void close() {
    app.stop();
  }
}
