package io.backstride.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.platform.topic.TopicCreator;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistrationException;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ingest's start registers its schemas while it makes its producer, cache and HTTP application (a
 * quicker restart), and still answers nothing before an upload would get its 202: its first {@code
 * /health} 200 comes after the registrations, and a failed registration fails the start with
 * nothing left listening.
 */
class IngestServiceStartIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static String bootstrap;
  private static SchemaRegistryServer registry;

  @BeforeAll
  static void start() throws Exception {
    bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
    registry = SchemaRegistryServer.start(bootstrap, 0);
    createTopics();
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void answersHealthOnlyOnceItsSchemasAreRegisteredAndThenAcceptsAnUpload() throws Exception {
    CountDownLatch registering = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SchemaRegistryClient held =
        new Held(new RestSchemaRegistryClient(registry.url()), registering, release, null);
    int port = freePort();
    String url = "http://127.0.0.1:" + port;

    CompletableFuture<IngestService> started =
        CompletableFuture.supplyAsync(
            () ->
                IngestService.start(
                    IngestConfig.defaults().withKafkaBootstrap(bootstrap).withPort(port), held));
    try {
      assertThat(registering.await(30, TimeUnit.SECONDS)).isTrue();
      // the producer, the cache and the HTTP application are made meanwhile; none may answer
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> status(url + "/health") != 200);
      assertThat(started).isNotDone();

      release.countDown();
      IngestService service = started.get(30, TimeUnit.SECONDS);
      assertThat(service.url()).isEqualTo(url);
      assertThat(status(url + "/health")).isEqualTo(200);
      HttpResponse<String> upload =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url + "/v1/athletes/start-runner/activities"))
                  .header("Content-Type", "application/gpx+xml")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(TestGpx.runBytes(30)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
    } finally {
      release.countDown();
      started
          .handle(
              (service, failed) -> {
                if (service != null) {
                  service.close();
                }
                return null;
              })
          .join();
    }
  }

  @Test
  void aFailedRegistrationFailsTheStartWithItsOwnErrorAndLeavesNothingListening() throws Exception {
    SchemaRegistryException refused =
        new SchemaRegistryException(409, 409, "Schema being registered is incompatible");
    SchemaRegistryClient refusing =
        new Held(
            new RestSchemaRegistryClient(registry.url()),
            new CountDownLatch(1),
            new CountDownLatch(0),
            refused);
    int port = freePort();

    assertThatThrownBy(
            () ->
                IngestService.start(
                    IngestConfig.defaults().withKafkaBootstrap(bootstrap).withPort(port), refusing))
        .isInstanceOf(SchemaRegistrationException.class)
        .hasMessageContaining("activity-samples.v1-value")
        .hasCause(refused);
    // the port is free again: no server was left listening
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  /** The status {@code url} answers, or -1 when nothing listens there. */
  private static int status(String url) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * The real registry, with registrations that say when they begin and wait to be released, or fail
   * with {@code failure}.
   */
  private record Held(
      SchemaRegistryClient registry,
      CountDownLatch registering,
      CountDownLatch release,
      RuntimeException failure)
      implements SchemaRegistryClient {
    @Override
    public int register(String subject, Schema schema) {
      registering.countDown();
      try {
        if (!release.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("not released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (failure != null) {
        throw failure;
      }
      return registry.register(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
      return registry.schemaById(id);
    }

    @Override
    public List<Integer> versions(String subject) {
      return registry.versions(subject);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
      return registry.version(subject, version);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
      return registry.isCompatible(subject, schema);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void createTopics() {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      new TopicCreator(admin, Optional.of(3), Optional.empty())
          .ensure(
              List.of(Topics.ACTIVITY_SAMPLES, Topics.ATHLETE_PROFILES, Topics.SYMPTOM_REPORTS));
    }
  }
}
