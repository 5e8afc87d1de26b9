package io.backstride.ingest;

import static io.backstride.ingest.TestGpx.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.core.access.AccessTokens;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What ingest tells its log about an upload: one INFO line naming the athlete and the activity,
 * and, at any level, never the bearer token it was sent with.
 */
class IngestApiLoggingTest {
  private static final String TOKEN = "ingest-log-test-token-91c2";
  private static final String ACTIVITIES = "/v1/athletes/runner-1/activities";

  private final Captured captured = new Captured();
  private final RecordingPublisher publisher = new RecordingPublisher();

  @BeforeEach
  void capture() {
    LoggerContext context = LoggerContext.getContext(false);
    Configuration config = context.getConfiguration();
    captured.start();
    // every level, so that a token at DEBUG would be seen too; not passed on to the test console
    LoggerConfig ingest = new LoggerConfig("io.backstride.ingest", Level.ALL, false);
    ingest.addAppender(captured, Level.ALL, null);
    config.addLogger(ingest.getName(), ingest);
    context.updateLoggers();
  }

  @AfterEach
  void release() {
    LoggerContext context = LoggerContext.getContext(false);
    context.getConfiguration().removeLogger("io.backstride.ingest");
    context.updateLoggers();
    captured.stop();
  }

  @Test
  void anAcceptedUploadIsOneInfoLineWithTheAthleteAndActivityAndNoToken() {
    IngestConfig config =
        IngestConfig.defaults().withPort(0).withTokens(AccessTokens.parse(TOKEN + "=runner-1"));
    IngestApi api = new IngestApi(config, new ActivityReaders(), publisher);
    JavalinTest.test(
        api.app(),
        (server, client) -> {
          Response accepted =
              client.request(
                  ACTIVITIES,
                  r ->
                      r.post(BodyPublishers.ofString(TestGpx.run(30)))
                          .header("Authorization", "Bearer " + TOKEN));
          Response refused =
              client.request(
                  "/v1/athletes/someone-else/activities",
                  r ->
                      r.post(BodyPublishers.ofString(TestGpx.run(30)))
                          .header("Authorization", "Bearer " + TOKEN));
          assertThat(accepted.code()).isEqualTo(202);
          assertThat(refused.code()).isEqualTo(403);
        });

    String activityId = ActivityIds.of("runner-1", T0);
    List<LogEvent> uploads =
        captured.events.stream()
            .filter(e -> e.getMessage().getFormattedMessage().startsWith("accepted "))
            .toList();
    assertThat(uploads).hasSize(1);
    LogEvent upload = uploads.get(0);
    assertThat(upload.getLevel()).isEqualTo(Level.INFO);
    assertThat(upload.getLoggerName()).isEqualTo(ActivityUploads.class.getName());
    assertThat(upload.getMessage().getFormattedMessage())
        .startsWith("accepted " + activityId + " for runner-1: 30 samples in 1 batches");
    assertThat(captured.events)
        .noneMatch(e -> e.getMessage().getFormattedMessage().contains(TOKEN))
        .noneMatch(e -> e.getThrown() != null && String.valueOf(e.getThrown()).contains(TOKEN));
  }

  /** Keeps every event it is given, for the test to read. */
  private static final class Captured extends AbstractAppender {
    final List<LogEvent> events = new CopyOnWriteArrayList<>();

    Captured() {
      super("captured", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      events.add(event.toImmutable());
    }
  }
}
