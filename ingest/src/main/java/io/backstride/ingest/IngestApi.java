package io.backstride.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.backstride.avro.SampleBatch;
import io.backstride.ingest.http.ActivityAccepted;
import io.backstride.ingest.http.ApiException;
import io.backstride.ingest.http.CappedInputStream;
import io.backstride.ingest.http.ErrorBody;
import io.backstride.ingest.http.Profile;
import io.backstride.ingest.http.ProfileRequest;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest HTTP API, built from its collaborators; {@link #app()} is the Javalin app, not
 * started.
 *
 * <ul>
 *   <li>{@code POST /v1/athletes/{athleteId}/activities}: a GPX file as the body (gzip allowed) to
 *       sample batches on {@code activity-samples.v1}; 202 once Kafka has acknowledged them all.
 *   <li>{@code PUT /v1/athletes/{athleteId}}: a profile to {@code athlete-profiles.v1}; 200.
 *   <li>{@code GET /health}.
 * </ul>
 *
 * <p>Every refusal happens before anything is published, and every error body is {@link ErrorBody}.
 * A Kafka failure or a missing acknowledgement within the configured time is a 503 with {@code
 * Retry-After}: the upload may be repeated safely, as its activity id is deterministic.
 */
public final class IngestApi {
  private static final Logger LOG = LoggerFactory.getLogger(IngestApi.class);

  /** A profile is a few hundred bytes; anything near this is not a profile. */
  private static final long MAX_PROFILE_BYTES = 64 * 1024;

  private static final String RETRY_AFTER_SECONDS = "5";

  private final IngestConfig config;
  private final ActivityReaders readers;
  private final ActivityPublisher publisher;
  private final ObjectMapper json;
  private final Javalin app;

  public IngestApi(IngestConfig config, ActivityReaders readers, ActivityPublisher publisher) {
    this.config = config;
    this.readers = readers;
    this.publisher = publisher;
    // Strict: a misspelt field ("timezone") is an error, not a silently ignored default.
    this.json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    this.app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.jsonMapper(new JavalinJackson(json, false));
              // Bodies are read as capped streams below; this only guards Javalin's own readers.
              cfg.http.maxRequestSize = config.maxBodyBytes();
              cfg.routes.get("/health", ctx -> ctx.json(Map.of("status", "UP")));
              cfg.routes.post("/v1/athletes/{athleteId}/activities", this::uploadActivity);
              cfg.routes.put("/v1/athletes/{athleteId}", this::putProfile);
              cfg.routes.exception(ApiException.class, IngestApi::writeError);
              cfg.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    writeError(new ApiException(500, "internal_error", "unexpected error"), ctx);
                  });
              cfg.routes.error(
                  404,
                  "*",
                  ctx ->
                      ctx.json(
                          new ErrorBody(
                              "not_found", "no route " + ctx.method() + " " + ctx.path())));
            });
  }

  /** The app, configured and not started: {@code app().start(host, port)} or JavalinTest. */
  public Javalin app() {
    return app;
  }

  private void uploadActivity(Context ctx) {
    String athleteId = athleteId(ctx);
    String contentType =
        ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    if (contentType.startsWith("multipart/")) {
      throw new ApiException(
          415, "unsupported_media_type", "send the file itself as the body, not as multipart");
    }
    rejectDeclaredOversize(ctx);
    ParsedActivity activity = readActivity(ctx);
    String activityId = ActivityIds.of(athleteId, activity.start());
    List<SampleBatch> batches = SampleBatches.of(athleteId, activityId, activity);
    awaitAck(() -> publisher.publish(athleteId, batches), "activity " + activityId);
    LOG.info(
        "accepted {} for {}: {} samples in {} batches, {} points without time skipped",
        activityId,
        athleteId,
        activity.samples().size(),
        batches.size(),
        activity.pointsWithoutTime());
    ctx.status(202)
        .json(
            new ActivityAccepted(
                activityId,
                batches.size(),
                activity.samples().size(),
                activity.start().toString()));
  }

  /**
   * Reads the body through two caps: the bytes on the wire, and the bytes after gzip. Gzip is
   * recognised by the header or by its magic number, because sync services often send a {@code
   * .gpx.gz} file as it is, without the header.
   */
  private ParsedActivity readActivity(Context ctx) {
    long max = config.maxBodyBytes();
    CappedInputStream wire = new CappedInputStream(ctx.bodyInputStream(), max);
    CappedInputStream inflated = null;
    try {
      PushbackInputStream body = new PushbackInputStream(wire, 2);
      byte[] magic = body.readNBytes(2);
      body.unread(magic);
      boolean gzipHeader = "gzip".equalsIgnoreCase(String.valueOf(ctx.header("Content-Encoding")));
      boolean gzipMagic =
          magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
      InputStream file = body;
      if (gzipHeader || gzipMagic) {
        inflated = new CappedInputStream(new GZIPInputStream(body), max);
        file = inflated;
      }
      return readers.read(file);
    } catch (InvalidActivityException e) {
      throwIfTooLarge(wire, inflated);
      throw new ApiException(400, "invalid_activity", e.getMessage());
    } catch (ZipException e) {
      throwIfTooLarge(wire, inflated);
      throw new ApiException(
          400, "invalid_activity", "the body is not valid gzip: " + e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      throwIfTooLarge(wire, inflated);
      Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
      if (cause instanceof ZipException || cause instanceof EOFException) {
        throw new ApiException(
            400, "invalid_activity", "the body is not valid gzip: " + cause.getMessage());
      }
      throw new ApiException(
          400, "unreadable_body", "could not read the body: " + cause.getMessage());
    }
  }

  /** Refuses early on the declared length, before reading a byte. */
  private void rejectDeclaredOversize(Context ctx) {
    String declared = ctx.header("Content-Length");
    if (declared == null) {
      return;
    }
    try {
      if (Long.parseLong(declared.strip()) > config.maxBodyBytes()) {
        throw tooLarge();
      }
    } catch (NumberFormatException e) {
      throw new ApiException(400, "bad_request", "Content-Length is not a number");
    }
  }

  private void throwIfTooLarge(CappedInputStream wire, CappedInputStream inflated) {
    if (wire.exceeded() || (inflated != null && inflated.exceeded())) {
      throw tooLarge();
    }
  }

  private ApiException tooLarge() {
    return new ApiException(
        413,
        "too_large",
        "the file exceeds " + config.maxBodyBytes() + " bytes (compressed or uncompressed)");
  }

  private void putProfile(Context ctx) {
    String athleteId = athleteId(ctx);
    ProfileRequest request;
    try (CappedInputStream body = new CappedInputStream(ctx.bodyInputStream(), MAX_PROFILE_BYTES)) {
      request = json.readValue(body, ProfileRequest.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ApiException(400, "invalid_profile", "unknown field '" + e.getPropertyName() + "'");
    } catch (JacksonException e) {
      throw new ApiException(400, "invalid_profile", "invalid JSON: " + e.getOriginalMessage());
    } catch (CappedInputStream.TooLargeException e) {
      throw new ApiException(
          413, "too_large", "a profile must be at most " + MAX_PROFILE_BYTES + " bytes");
    } catch (IOException e) {
      throw new ApiException(400, "unreadable_body", "could not read the body: " + e.getMessage());
    }
    if (request == null) {
      throw new ApiException(400, "invalid_profile", "the body must be a JSON object");
    }
    Profile profile;
    try {
      profile = Profile.validate(athleteId, request);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "invalid_profile", e.getMessage());
    }
    awaitAck(
        () -> publisher.publishProfile(athleteId, AvroMapper.toAvro(profile)),
        "profile of " + athleteId);
    ctx.status(200).json(profile);
  }

  private static String athleteId(Context ctx) {
    String athleteId = ctx.pathParam("athleteId");
    try {
      return AthleteIds.requireValid(athleteId);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "invalid_athlete_id", e.getMessage());
    }
  }

  /**
   * Waits, bounded, for the publisher's acknowledgement. Anything but success is a 503: the data is
   * valid, Kafka is not taking it right now.
   */
  private void awaitAck(Supplier<CompletableFuture<Void>> publish, String what) {
    long timeoutMs = config.ackTimeout().toMillis();
    try {
      publish.get().get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("no acknowledgement for {} within {} ms", what, timeoutMs);
      throw unavailable("Kafka did not acknowledge the " + what + " within " + timeoutMs + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      LOG.warn("publishing {} failed", what, cause);
      throw unavailable("could not publish the " + what + ": " + oneLine(cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted while waiting for Kafka");
    } catch (RuntimeException e) {
      LOG.warn("publishing {} failed", what, e);
      throw unavailable("could not publish the " + what + ": " + oneLine(e));
    }
  }

  private static ApiException unavailable(String detail) {
    return new ApiException(503, "unavailable", detail, Map.of("Retry-After", RETRY_AFTER_SECONDS));
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.strip().replaceAll("\\s+", " ");
  }

  private static void writeError(ApiException e, Context ctx) {
    e.headers().forEach(ctx::header);
    ctx.status(e.status()).json(e.body());
  }
}
