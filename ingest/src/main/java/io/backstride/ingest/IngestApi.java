package io.backstride.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstride.avro.AthleteProfile;
import io.backstride.core.access.AthleteIds;
import io.backstride.core.access.BearerAccess;
import io.backstride.core.access.Route;
import io.backstride.core.profile.Profile;
import io.backstride.ingest.http.ApiException;
import io.backstride.ingest.http.ErrorBody;
import io.backstride.ingest.http.JsonBodies;
import io.backstride.ingest.http.Metrics;
import io.backstride.ingest.http.MultipartFaults;
import io.backstride.ingest.http.ProfileRequest;
import io.backstride.ingest.http.SymptomRequest;
import io.backstride.ingest.http.SyncBatchRequest;
import io.backstride.ingest.limits.ByteCap;
import io.backstride.ingest.limits.Deadline;
import io.backstride.ingest.limits.LimitedInputStream;
import io.backstride.platform.observe.Health;
import io.backstride.platform.observe.HealthReport;
import io.backstride.platform.observe.ServiceMetrics;
import io.backstride.schemas.codec.ProfileCodec;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.UploadedFile;
import io.javalin.json.JavalinJackson;
import io.javalin.util.ConcurrencyUtil;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest HTTP API, built from its collaborators; {@link #app()} is the Javalin app, not
 * started. It is the route table and the error mapping: HTTP's own work (content types, multipart,
 * JSON, auth, slots for bodies, metrics) is done here, the use cases behind the routes are plain
 * classes ({@link ActivityUploads}, {@link LiveSyncUploads}, {@link SymptomUploads}), and what they
 * refuse is mapped to a status in {@link #answer}.
 *
 * <ul>
 *   <li>{@code POST /v1/athletes/{athleteId}/activities}: an activity file as the body, or as the
 *       one file part of a {@code multipart/form-data} body (gzip allowed), to sample batches on
 *       {@code activity-samples.v1}; 202 once Kafka has acknowledged them all.
 *   <li>{@code POST /v1/athletes/{athleteId}/samples}: one live-sync batch to {@code
 *       activity-samples.v1}; 202.
 *   <li>{@code PUT /v1/athletes/{athleteId}}: the whole profile to {@code athlete-profiles.v1}
 *       (fields left out take their defaults); 200.
 *   <li>{@code PATCH /v1/athletes/{athleteId}}: a JSON Merge Patch of the stored profile; 200, or
 *       404 without one.
 *   <li>{@code GET /v1/athletes/{athleteId}}: the stored profile, read back through a {@link
 *       ProfileLookup}; 200 or 404.
 *   <li>{@code POST /v1/athletes/{athleteId}/symptoms}: a symptom report to {@code
 *       symptom-reports.v1}; 202.
 *   <li>{@code GET /health} (the producer's metadata and the cluster id), {@code GET /health/live},
 *       {@code GET /health/ready} (200, or 503 with the failed checks), {@code GET /metrics}
 *       (Prometheus text), {@code GET /openapi.yaml}.
 * </ul>
 *
 * <p>With auth on (see {@link IngestConfig#authEnabled()}), every {@code /v1/athletes/...} route
 * needs {@code Authorization: Bearer TOKEN} for a token bound to that athlete: 401 without a known
 * token, 403 for another athlete. Health, metrics and the OpenAPI document stay open for probes.
 *
 * <p>Slow clients: every body, JSON, file or multipart, must arrive within {@link
 * IngestConfig#maxParseTime()} (408 {@code body_timeout} beyond), and at most {@link #BODY_SLOTS}
 * requests read bodies at once (503 {@code busy} beyond), so that the server's other threads stay
 * free for {@code /health}, metrics and reads however many clients trickle their bodies.
 *
 * <p>Every refusal happens before anything is published, and every error body is {@link ErrorBody}.
 * A Kafka failure or a missing acknowledgement within the configured time is a 503 with {@code
 * Retry-After}: the upload may be repeated safely, as its activity id is deterministic.
 */
public final class IngestApi {
  /** The name of the HTTP server's threads, numbered from it: {@code ingest-http-42}. */
  public static final String HTTP_THREADS = "ingest-http";

  private static final Logger LOG = LoggerFactory.getLogger(IngestApi.class);

  /** A profile is a few hundred bytes; anything near this is not a profile. */
  private static final long MAX_PROFILE_BYTES = 64 * 1024;

  /** A symptom report or a sync batch fits in far less; the cap only keeps junk out. */
  private static final long MAX_JSON_BYTES = 1024 * 1024;

  private static final String RETRY_AFTER_SECONDS = "5";

  /** The HTTP server's threads at most: Javalin's default, under a name of our own. */
  private static final int HTTP_MAX_THREADS = 250;

  /**
   * How many requests may be reading a body at once. A body comes at the client's pace, and while
   * it comes it holds a server thread; the threads above this many stay free for health checks,
   * metrics and reads, so a crowd of slow uploads cannot starve {@code /health}. A request over the
   * limit is a 503 at once rather than a wait in the queue behind them.
   */
  static final int BODY_SLOTS = 200;

  /** Where the OpenAPI document is, on the classpath and on the server. */
  public static final String OPENAPI_PATH = "/openapi.yaml";

  /**
   * Content types an activity upload may declare; none at all is accepted too (curl -T, plain
   * clients). Everything else, JSON or a form post, is a client mistake better named than parsed.
   */
  private static final Set<String> ACTIVITY_TYPES =
      Set.of(
          "application/octet-stream",
          "application/gzip",
          "application/x-gzip",
          "application/xml",
          "text/xml",
          "application/gpx+xml",
          "application/vnd.garmin.tcx+xml",
          "application/tcx+xml",
          "application/vnd.ant.fit",
          "application/fit",
          "multipart/form-data");

  /** What the JSON routes take; none declared is accepted too, as for activity uploads. */
  private static final List<String> JSON_ONLY = List.of("application/json");

  /** What PATCH takes: RFC 7396's own type, and plain JSON for clients that know no other. */
  private static final List<String> MERGE_PATCH_TYPES =
      List.of("application/merge-patch+json", "application/json");

  private final IngestConfig config;
  private final ActivityPublisher publisher;
  private final ProfileLookup profiles;
  private final ServiceMetrics serviceMetrics;
  private final Metrics metrics;
  private final Health health = new Health();
  private final AcknowledgedPublisher acknowledged;
  private final ActivityIntake intake;
  private final ActivityUploads uploads;
  private final LiveSyncUploads syncs;
  private final SymptomUploads symptoms;
  private final List<Route> routes = new ArrayList<>();

  /** Ends multipart reads at their deadline; one daemon thread, as its tasks only set a flag. */
  private static final ScheduledExecutorService BODY_DEADLINES =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "ingest-body-deadlines");
            thread.setDaemon(true);
            return thread;
          });

  private final Semaphore bodySlots = new Semaphore(BODY_SLOTS);
  private final ObjectMapper json;
  private final Javalin app;

  public IngestApi(IngestConfig config, ActivityReaders readers, ActivityPublisher publisher) {
    this(config, readers, publisher, ProfileLookup.none(), Clock.systemUTC());
  }

  /**
   * @param profiles the read side of {@code GET /v1/athletes/{athleteId}}
   * @param clock the server's clock, against which times and dates are judged plausible
   */
  public IngestApi(
      IngestConfig config,
      ActivityReaders readers,
      ActivityPublisher publisher,
      ProfileLookup profiles,
      Clock clock) {
    this(config, readers, publisher, profiles, clock, ServiceMetrics.of("ingest"));
  }

  /**
   * @param serviceMetrics where the API's meters go and what {@code GET /metrics} shows; the API
   *     does not close it
   */
  public IngestApi(
      IngestConfig config,
      ActivityReaders readers,
      ActivityPublisher publisher,
      ProfileLookup profiles,
      Clock clock,
      ServiceMetrics serviceMetrics) {
    this.serviceMetrics = serviceMetrics;
    this.metrics = new Metrics(serviceMetrics.registry());
    // the producer answers for the samples topic's metadata (a cached answer may outlive the
    // broker;
    // IngestService adds Kafka's own answer as the "kafka" check)
    health.ready("producer", publisher::unavailableReason);
    this.config = config;
    this.publisher = publisher;
    this.profiles = profiles;
    this.acknowledged = new AcknowledgedPublisher(publisher, config.ackTimeout());
    this.intake = new ActivityIntake(config, readers, clock);
    NewestRuns newestRuns = new NewestRuns();
    this.uploads = new ActivityUploads(intake, acknowledged, newestRuns, metrics);
    this.syncs =
        new LiveSyncUploads(acknowledged, newestRuns, metrics, clock, config.maxClockAhead());
    this.symptoms = new SymptomUploads(acknowledged, clock);
    // Strict: a misspelt field ("timezone") is an error, not a silently ignored default, and 4.5
    // is no severity 4.
    this.json = JsonBodies.strictMapper();
    this.app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              // Javalin's defaults (8-250 threads), under a name of its own: the local stack runs
              // several HTTP servers in one JVM, and thread dumps and profiles must tell them
              // apart.
              cfg.jetty.threadPool =
                  ConcurrencyUtil.jettyThreadPool(HTTP_THREADS, 8, HTTP_MAX_THREADS, false);
              cfg.jsonMapper(new JavalinJackson(json, false));
              // Bodies are read as capped streams (ingest.limits); this only guards Javalin's own
              // readers.
              cfg.http.maxRequestSize = config.maxBodyBytes();
              // A multipart upload is capped like a plain body; parts above 1 MB go to disk.
              cfg.jetty.multipartConfig.maxFileSize(config.maxBodyBytes(), SizeUnit.BYTES);
              cfg.jetty.multipartConfig.maxTotalRequestSize(config.maxBodyBytes(), SizeUnit.BYTES);
              cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
              // Jetty counts multipart parts as form keys: one file needs few, and each part costs
              // a header parse and perhaps a temporary file
              cfg.jetty.modifyServletContextHandler(
                  handler -> {
                    handler.setMaxFormKeys(MultipartFaults.MAX_PARTS);
                    // ingest keeps no sessions: Javalin's session handler would look for a
                    // session cookie and wrap the request's stream on every request
                    handler.setSessionHandler(new NoSessions());
                  });
              // every answer is a small JSON body or a scrape: gzip would not pay for itself, and
              // the check and the wrapped output stream are paid on every request
              cfg.http.compressionStrategy = CompressionStrategy.NONE;
              // kept as it was (UP with the cluster id, which `backstride import` keys its journal
              // by); the probes' routes are the two below
              route(cfg, "get", "/health", this::health);
              route(cfg, "get", "/health/live", ctx -> reply(ctx, health.live()));
              route(cfg, "get", "/health/ready", ctx -> reply(ctx, health.ready()));
              route(cfg, "get", "/metrics", this::metrics);
              route(cfg, "get", OPENAPI_PATH, IngestApi::openApi);
              athleteRoute(cfg, "post", "/v1/athletes/{athleteId}/activities", this::upload);
              athleteRoute(cfg, "post", "/v1/athletes/{athleteId}/samples", this::syncBatch);
              athleteRoute(cfg, "post", "/v1/athletes/{athleteId}/symptoms", this::postSymptom);
              athleteRoute(cfg, "get", "/v1/athletes/{athleteId}", this::getProfile);
              athleteRoute(cfg, "put", "/v1/athletes/{athleteId}", this::putProfile);
              athleteRoute(cfg, "patch", "/v1/athletes/{athleteId}", this::patchProfile);
              cfg.routes.exception(ApiException.class, IngestApi::writeError);
              cfg.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    writeError(new ApiException(500, "internal_error", "unexpected error"), ctx);
                  });
              cfg.routes.error(404, "*", this::noRoute);
            });
  }

  /**
   * A session handler that keeps none: Jetty's servlet context insists on one (Javalin asks for
   * sessions), and the stock one resolves a session id from the cookies and wraps the request's
   * stream for every request, which ingest, whose callers are apps with bearer tokens, never uses.
   */
  private static final class NoSessions extends SessionHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      org.eclipse.jetty.server.Handler next = getHandler();
      return next != null && next.handle(request, response, callback);
    }
  }

  /**
   * Javalin calls this for every 404, a handler's own included. A handler's 404 (no profile stored)
   * keeps its body; a path no route matches is a 404 naming it; a path that a route matches for
   * other methods is a 405 with {@code Allow}, as RFC 9110 asks.
   */
  private void noRoute(Context ctx) {
    String method = ctx.method().name();
    List<String> allowed =
        routes.stream()
            .filter(r -> r.matches(ctx.path()))
            .map(r -> r.method().toUpperCase(Locale.ROOT))
            .distinct()
            .toList();
    if (allowed.contains(method)) {
      return;
    }
    if (allowed.isEmpty()) {
      ctx.json(new ErrorBody("not_found", "no route " + method + " " + ctx.path()));
      return;
    }
    String choices =
        allowed.size() == 1
            ? allowed.get(0)
            : String.join(", ", allowed.subList(0, allowed.size() - 1))
                + " or "
                + allowed.get(allowed.size() - 1);
    ctx.status(405)
        .header("Allow", String.join(", ", allowed))
        .json(
            new ErrorBody(
                "method_not_allowed",
                method + " is not allowed on " + ctx.path() + "; use " + choices));
  }

  /** The app, configured and not started: {@code app().start(host, port)} or JavalinTest. */
  public Javalin app() {
    return app;
  }

  /** Every route registered, in registration order: the OpenAPI document must list them all. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /** The meters behind {@code GET /metrics}. */
  public Metrics metricsRegistry() {
    return metrics;
  }

  /**
   * The checks behind {@code /health/live} and {@code /health/ready}, for the service to add to.
   */
  public Health health() {
    return health;
  }

  /**
   * Registers a route and counts its answers by status: every answer, including the errors that the
   * exception handlers write, passes through here first.
   */
  private void route(JavalinConfig cfg, String method, String path, Handler handler) {
    routes.add(new Route(method, path));
    boolean readsBody = !method.equals("get");
    String upload = uploadKind(path);
    Handler counted =
        ctx -> {
          long started = System.nanoTime();
          if (readsBody && !bodySlots.tryAcquire()) {
            answered(method, path, upload, 503, "busy", started);
            throw new ApiException(
                503,
                "busy",
                "too many requests are sending their bodies right now; try again shortly",
                Map.of("Retry-After", RETRY_AFTER_SECONDS));
          }
          int status = 500;
          String error = "internal_error";
          try {
            handler.handle(ctx);
            status = ctx.statusCode();
            error = null;
          } catch (RefusedException | NotAcknowledgedException e) {
            ApiException answer = answer(e);
            status = answer.status();
            error = answer.body().error();
            throw answer;
          } catch (ApiException e) {
            status = e.status();
            error = e.body().error();
            throw e;
          } finally {
            answered(method, path, upload, status, error, started);
            if (readsBody) {
              bodySlots.release();
            }
          }
        };
    switch (method) {
      case "get" -> cfg.routes.get(path, counted);
      case "post" -> cfg.routes.post(path, counted);
      case "put" -> cfg.routes.put(path, counted);
      case "patch" -> cfg.routes.patch(path, counted);
      default -> throw new IllegalArgumentException("no such method in this API: " + method);
    }
  }

  /** {@code file} or {@code sync} for the two upload routes, null for the others. */
  private static String uploadKind(String path) {
    return switch (path) {
      case "/v1/athletes/{athleteId}/activities" -> Metrics.FILE;
      case "/v1/athletes/{athleteId}/samples" -> Metrics.SYNC;
      default -> null;
    };
  }

  /**
   * Counts an answer by route and status; for an upload also its latency, and when refused its
   * error code (the use cases count what they accept, as they know the format).
   */
  private void answered(
      String method, String path, String upload, int status, String error, long startedNanos) {
    metrics.request(method.toUpperCase(Locale.ROOT), path, status);
    if (upload == null) {
      return;
    }
    boolean accepted = error == null && status < 400;
    metrics.uploadLatency(upload, accepted, System.nanoTime() - startedNanos);
    if (!accepted) {
      metrics.uploadRejected(upload, error == null ? "status_" + status : error);
    }
  }

  /** A route of one athlete's data: the caller must be allowed to act for the path's athlete. */
  private void athleteRoute(JavalinConfig cfg, String method, String path, AthleteHandler handler) {
    route(cfg, method, path, ctx -> handler.handle(ctx, authorizedAthlete(ctx)));
  }

  /** A handler of an athlete route, given the athlete once the caller may act for it. */
  @FunctionalInterface
  private interface AthleteHandler {
    void handle(Context ctx, String athleteId) throws Exception;
  }

  /**
   * The error mapping: what the use cases refuse, as HTTP answers. Every refusal is the client's
   * (4xx) except Kafka's missing acknowledgement, which is a 503 the client may retry.
   */
  private static ApiException answer(RuntimeException e) {
    String detail = e.getMessage();
    if (e instanceof NotAcknowledgedException) {
      return new ApiException(
          503, "unavailable", detail, Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }
    return switch (((RefusedException) e).reason()) {
      case TOO_LARGE -> new ApiException(413, "too_large", detail);
      case BODY_TIMEOUT ->
          // RFC 9110's 408, and the connection is closed
          new ApiException(408, "body_timeout", detail, Map.of("Connection", "close"));
      case PARSE_TIMEOUT -> new ApiException(422, "parse_timeout", detail);
      case UNREADABLE_BODY -> new ApiException(400, "unreadable_body", detail);
      case INVALID_ACTIVITY -> new ApiException(400, "invalid_activity", detail);
      case TOO_MANY_SAMPLES -> new ApiException(422, "too_many_samples", detail);
      case IMPLAUSIBLE_SAMPLES -> new ApiException(422, "implausible_samples", detail);
      case MALFORMED_BATCH -> new ApiException(400, "invalid_batch", detail);
      case INVALID_BATCH -> new ApiException(422, "invalid_batch", detail);
      case MALFORMED_SYMPTOM -> new ApiException(400, "invalid_symptom", detail);
      case INVALID_SYMPTOM -> new ApiException(422, "invalid_symptom", detail);
    };
  }

  private void health(Context ctx) {
    Optional<String> down = publisher.unavailableReason();
    if (down.isPresent()) {
      ctx.status(503).json(Map.of("status", "DOWN", "reason", down.get()));
    } else {
      Map<String, String> up = new LinkedHashMap<>();
      up.put("status", "UP");
      publisher.kafkaClusterId().ifPresent(id -> up.put("kafkaClusterId", id));
      ctx.json(up);
    }
  }

  private static void reply(Context ctx, HealthReport report) {
    ctx.status(report.httpStatus()).contentType("application/json").result(report.json());
  }

  private void metrics(Context ctx) {
    ctx.contentType(ServiceMetrics.CONTENT_TYPE).result(serviceMetrics.scrape());
  }

  private static void openApi(Context ctx) throws IOException {
    try (InputStream in = IngestApi.class.getResourceAsStream(OPENAPI_PATH)) {
      if (in == null) {
        throw new ApiException(404, "not_found", "no OpenAPI document in this build");
      }
      ctx.contentType("application/yaml; charset=utf-8")
          .result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private void upload(Context ctx, String athleteId) {
    String contentType = mediaType(ctx);
    if (!contentType.isEmpty() && !ACTIVITY_TYPES.contains(contentType)) {
      throw new ApiException(
          415,
          "unsupported_media_type",
          "Content-Type "
              + contentType
              + " is not an activity file: send GPX, TCX or FIT (gzip allowed) as the body,"
              + " as application/octet-stream, or as one file part of multipart/form-data");
    }
    rejectDeclaredOversize(ctx);
    // Asking for the body stream marks it consumed, after which Jetty refuses to parse parts.
    InputStream source =
        contentType.equals("multipart/form-data") ? onlyFilePart(ctx) : ctx.bodyInputStream();
    boolean declaredGzip = "gzip".equalsIgnoreCase(String.valueOf(ctx.header("Content-Encoding")));
    ctx.status(202).json(uploads.accept(athleteId, source, declaredGzip));
  }

  /** The one file part of a multipart upload (browsers and form tools send files this way). */
  private InputStream onlyFilePart(Context ctx) {
    List<UploadedFile> files;
    // Jetty reads a multipart body itself, past any stream of ours; at the deadline, a near-zero
    // idle timeout on the connection fails the read it is blocked in, as an idle client would
    EndPoint endPoint =
        ServletContextRequest.getServletContextRequest(ctx.req())
            .getConnectionMetaData()
            .getConnection()
            .getEndPoint();
    long idleTimeout = endPoint.getIdleTimeout();
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> watchdog =
        BODY_DEADLINES.schedule(
            () -> {
              expired.set(true);
              endPoint.setIdleTimeout(1);
            },
            config.maxParseTime().toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      files = ctx.uploadedFiles();
    } catch (Exception e) {
      // Jetty's reasons arrive as checked exceptions Kotlin does not declare, wrapped twice
      LOG.debug("unreadable multipart upload", e);
      if (expired.get()) {
        throw RefusedException.bodyTimeout(config.maxParseTime());
      }
      throw MultipartFaults.describe(e, ctx.contentType(), config.maxBodyBytes());
    } finally {
      watchdog.cancel(false);
      if (expired.get()) {
        endPoint.setIdleTimeout(idleTimeout);
      }
    }
    if (files.size() != 1) {
      throw new ApiException(
          400,
          "invalid_multipart",
          "a multipart upload must hold exactly one file part, found " + files.size());
    }
    return files.get(0).content();
  }

  /** Refuses early on the declared length, before reading a byte. */
  private void rejectDeclaredOversize(Context ctx) {
    String declared = ctx.header("Content-Length");
    if (declared == null) {
      return;
    }
    try {
      intake.checkDeclaredSize(Long.parseLong(declared.strip()));
    } catch (NumberFormatException e) {
      throw new ApiException(400, "bad_request", "Content-Length is not a number");
    }
  }

  private static void throwIfBodyTooSlow(Deadline deadline) {
    if (deadline.expired()) {
      throw RefusedException.bodyTimeout(deadline.budget());
    }
  }

  private void putProfile(Context ctx, String athleteId) {
    ProfileRequest request =
        readJson(ctx, ProfileRequest.class, "invalid_profile", MAX_PROFILE_BYTES, JSON_ONLY);
    storeProfile(ctx, athleteId, request);
  }

  /**
   * JSON Merge Patch (RFC 7396) of the stored profile: a field given replaces the stored one, a
   * null removes it (back to its default), a field left out stays. The merged profile is checked as
   * a PUT body would be. Read-modify-write without a version check: of two patches of one athlete
   * at the same moment the later may undo the earlier's fields.
   */
  private void patchProfile(Context ctx, String athleteId) {
    JsonNode patch = readJsonTree(ctx, "invalid_profile", MAX_PROFILE_BYTES, MERGE_PATCH_TYPES);
    AthleteProfile stored =
        profiles
            .find(athleteId)
            .orElseThrow(
                () ->
                    new ApiException(
                        404,
                        "not_found",
                        "no profile for athlete " + athleteId + "; PUT the whole profile first"));
    Profile current = ProfileCodec.fromAvro(stored);
    ObjectNode merged = json.createObjectNode();
    merged.put("email", current.email());
    merged.put("name", current.name());
    merged.put("timeZone", current.timeZone());
    merged.put("units", current.units());
    merged.put("notifications", current.notifications());
    patch
        .fields()
        .forEachRemaining(
            field -> {
              if (field.getValue().isNull()) {
                merged.remove(field.getKey());
              } else {
                // a profile has no nested objects, so merging a field is replacing it
                merged.set(field.getKey(), field.getValue());
              }
            });
    storeProfile(ctx, athleteId, bind(merged, ProfileRequest.class, "invalid_profile"));
  }

  private void storeProfile(Context ctx, String athleteId, ProfileRequest request) {
    Profile profile;
    try {
      profile = request.validate(athleteId);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "invalid_profile", e.getMessage());
    }
    acknowledged.profile(athleteId, ProfileCodec.toAvro(profile));
    ctx.status(200).json(profile);
  }

  private void getProfile(Context ctx, String athleteId) {
    AthleteProfile stored =
        profiles
            .find(athleteId)
            .orElseThrow(
                () -> new ApiException(404, "not_found", "no profile for athlete " + athleteId));
    ctx.json(ProfileCodec.fromAvro(stored));
  }

  private void syncBatch(Context ctx, String athleteId) {
    SyncBatchRequest request =
        readJson(ctx, SyncBatchRequest.class, "invalid_batch", MAX_JSON_BYTES, JSON_ONLY);
    ctx.status(202).json(syncs.accept(athleteId, request));
  }

  private void postSymptom(Context ctx, String athleteId) {
    SymptomRequest request =
        readJson(ctx, SymptomRequest.class, "invalid_symptom", MAX_JSON_BYTES, JSON_ONLY);
    ctx.status(202).json(symptoms.accept(athleteId, request));
  }

  /**
   * A capped, strict JSON body of one of {@code mediaTypes} (or of none declared, for plain
   * clients): 415 for another type, 413 over {@code maxBytes}, 400 with {@code error} for anything
   * that is not a {@code type}, naming the field and what it may be.
   */
  private <T> T readJson(
      Context ctx, Class<T> type, String error, long maxBytes, List<String> mediaTypes) {
    requireMediaType(ctx, mediaTypes);
    // bound as it is read, without a tree first: a sync batch's tree cost as much as binding it
    Deadline deadline = new Deadline(config.maxParseTime());
    try (InputStream body =
            new LimitedInputStream(ctx.bodyInputStream(), deadline, ByteCap.of(maxBytes));
        JsonParser parser = json.createParser(body)) {
      try {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          throw new ApiException(400, error, "the body must be a JSON object");
        }
        return json.readValue(parser, type);
      } catch (JacksonException e) {
        // described while the parser is open: it still stands on the offending value
        throw unreadableBody(e, deadline, error, maxBytes);
      }
    } catch (IOException e) {
      throw unreadableBody(e, deadline, error, maxBytes);
    }
  }

  /**
   * What a JSON body that could not be read answers: 413 over {@code maxBytes}, the slow-body
   * answer when its deadline ran out meanwhile, else 400 with {@code error} naming what is wrong
   * with the JSON, or {@code unreadable_body} when the bytes themselves could not be read.
   */
  private static ApiException unreadableBody(
      IOException e, Deadline deadline, String error, long maxBytes) {
    if (e instanceof ByteCap.TooLargeException) {
      return new ApiException(413, "too_large", "the body must be at most " + maxBytes + " bytes");
    }
    throwIfBodyTooSlow(deadline);
    if (e instanceof JacksonException jackson) {
      return new ApiException(400, error, JsonBodies.describe(jackson));
    }
    return new ApiException(400, "unreadable_body", "could not read the body: " + e.getMessage());
  }

  private <T> T bind(JsonNode body, Class<T> type, String error) {
    try {
      return json.treeToValue(body, type);
    } catch (JacksonException e) {
      throw new ApiException(400, error, JsonBodies.describe(e));
    }
  }

  /** The declared media type without parameters, lower case; empty when none is declared. */
  private static String mediaType(Context ctx) {
    return ctx.contentType() == null
        ? ""
        : ctx.contentType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
  }

  /** 415 unless the request declares one of {@code mediaTypes}, or none. */
  private static void requireMediaType(Context ctx, List<String> mediaTypes) {
    String contentType = mediaType(ctx);
    if (!contentType.isEmpty() && !mediaTypes.contains(contentType)) {
      throw new ApiException(
          415,
          "unsupported_media_type",
          "Content-Type " + contentType + " is not JSON: send " + String.join(" or ", mediaTypes));
    }
  }

  /** The body as a JSON object, checked as {@link #readJson} does but not yet bound to a type. */
  private JsonNode readJsonTree(Context ctx, String error, long maxBytes, List<String> mediaTypes) {
    requireMediaType(ctx, mediaTypes);
    JsonNode value;
    // the deadline of a file upload holds here too: a body trickled in holds a thread meanwhile
    Deadline deadline = new Deadline(config.maxParseTime());
    try (InputStream body =
        new LimitedInputStream(ctx.bodyInputStream(), deadline, ByteCap.of(maxBytes))) {
      value = json.readTree(body);
    } catch (IOException e) {
      throw unreadableBody(e, deadline, error, maxBytes);
    }
    if (value == null || !value.isObject()) {
      throw new ApiException(400, error, "the body must be a JSON object");
    }
    return value;
  }

  /**
   * The path's athlete, once the caller may act for it: 401 without a known bearer token, 400 for
   * an id that cannot be one, 403 for a token bound to other athletes. Authentication comes first
   * so that an anonymous caller learns nothing, not even which ids are well formed.
   */
  private String authorizedAthlete(Context ctx) {
    BearerAccess.Caller caller;
    try {
      caller = config.access().authenticate(ctx.header("Authorization"));
    } catch (BearerAccess.Denied e) {
      throw new ApiException(
          401, "unauthorized", e.getMessage(), Map.of("WWW-Authenticate", BearerAccess.CHALLENGE));
    }
    String athleteId = ctx.pathParam("athleteId");
    try {
      AthleteIds.requireValid(athleteId);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "invalid_athlete_id", e.getMessage());
    }
    try {
      caller.require(athleteId, "write for");
    } catch (BearerAccess.Denied e) {
      throw new ApiException(403, "forbidden", e.getMessage());
    }
    return athleteId;
  }

  private static void writeError(ApiException e, Context ctx) {
    e.headers().forEach(ctx::header);
    ctx.status(e.status()).json(e.body());
  }
}
