package io.backstride.cli;

import io.backstride.localstack.KafkaSchemaStore;
import io.backstride.localstack.LocalStack;
import io.backstride.localstack.SchemaRegistryServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backstride run}: the pipeline as a long-running service. Without {@code --kafka} it starts
 * the local stack (broker, registry, SMTP sink writing .eml files) beside it; with it, it joins an
 * existing Kafka cluster, schema registry and SMTP server.
 */
@Command(name = "run", description = "Run the pipeline as a service until stopped (Ctrl-C).")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--kafka",
      description =
          "Bootstrap servers of an existing Kafka cluster (env BACKSTRIDE_KAFKA_BOOTSTRAP). Without it, an in-process broker.")
  String kafka = System.getenv("BACKSTRIDE_KAFKA_BOOTSTRAP");

  @Option(
      names = "--schema-registry",
      description =
          "URL of a Confluent-compatible schema registry (env BACKSTRIDE_SCHEMA_REGISTRY_URL).")
  String registryUrl = System.getenv("BACKSTRIDE_SCHEMA_REGISTRY_URL");

  @Option(names = "--smtp-host", description = "SMTP server (env BACKSTRIDE_SMTP_HOST).")
  String smtpHost = System.getenv("BACKSTRIDE_SMTP_HOST");

  @Option(names = "--smtp-port", description = "SMTP port (env BACKSTRIDE_SMTP_PORT).")
  Integer smtpPort =
      System.getenv("BACKSTRIDE_SMTP_PORT") == null
          ? null
          : Integer.valueOf(System.getenv("BACKSTRIDE_SMTP_PORT"));

  @Option(
      names = "--port",
      description =
          "HTTP port of the ingest API (default: ${DEFAULT-VALUE}; env BACKSTRIDE_INGEST_PORT).")
  int port = Integer.parseInt(System.getenv().getOrDefault("BACKSTRIDE_INGEST_PORT", "8080"));

  @Option(
      names = "--data-dir",
      description = "Where the local stack and the Streams state live (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of(".backstride");

  @Option(
      names = "--outbox",
      description = "Folder the local SMTP sink writes .eml files to (default: ${DEFAULT-VALUE}).")
  Path outbox = Path.of("outbox");

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("BACKSTRIDE_INGEST_PORT", String.valueOf(port));
    env.putIfAbsent("BACKSTRIDE_STREAMS_HTTP_PORT", "8082");
    env.putIfAbsent("BACKSTRIDE_STATE_DIR", dataDir.resolve("state").toAbsolutePath().toString());
    LocalStack stack = null;
    ScheduledExecutorService exporter = null;
    if (kafka == null) {
      stack =
          LocalStack.start(
              dataDir.toAbsolutePath(),
              env.getOrDefault(SchemaRegistryServer.HOST_ENV, "127.0.0.1"),
              8081,
              env.get(SchemaRegistryServer.USER_INFO),
              smtpPort == null ? 2525 : smtpPort);
      env.put("BACKSTRIDE_KAFKA_BOOTSTRAP", stack.bootstrapServers());
      env.put(
          "BACKSTRIDE_SCHEMA_REGISTRY_URL",
          registryUrl == null ? stack.registryUrl() : registryUrl);
      env.put("BACKSTRIDE_SMTP_HOST", smtpHost == null ? stack.smtpSink().host() : smtpHost);
      env.put(
          "BACKSTRIDE_SMTP_PORT",
          String.valueOf(smtpHost == null ? stack.smtpSink().port() : smtpPort));
      LocalStack s = stack;
      exporter = Executors.newSingleThreadScheduledExecutor();
      exporter.scheduleWithFixedDelay(() -> s.smtpSink().exportTo(outbox), 1, 1, TimeUnit.SECONDS);
    } else {
      env.put("BACKSTRIDE_KAFKA_BOOTSTRAP", kafka);
      if (registryUrl != null) {
        env.put("BACKSTRIDE_SCHEMA_REGISTRY_URL", registryUrl);
      }
      if (smtpHost != null) {
        env.put("BACKSTRIDE_SMTP_HOST", smtpHost);
      }
      if (smtpPort != null) {
        env.put("BACKSTRIDE_SMTP_PORT", String.valueOf(smtpPort));
      }
    }
    Pipeline pipeline = Pipeline.start(env);
    if (stack != null) {
      // The services have registered their schemas: from now on nobody can slip in another.
      stack.registry().setMode(KafkaSchemaStore.Mode.READONLY);
    }
    out.printf("backstride is running%n");
    out.printf(
        "  ingest API       %s  (POST /v1/athletes/{id}/activities, PUT /v1/athletes/{id}, GET /health)%n",
        pipeline.ingestUrl());
    out.printf(
        "  trends API       http://localhost:%s  (GET /v1/athletes/{id}/trends?days=56)%n",
        env.get("BACKSTRIDE_STREAMS_HTTP_PORT"));
    out.printf("  Kafka            %s%n", env.get("BACKSTRIDE_KAFKA_BOOTSTRAP"));
    out.printf(
        "  schema registry  %s%s%n",
        env.get("BACKSTRIDE_SCHEMA_REGISTRY_URL"),
        stack == null ? "" : "  (read-only while the services run)");
    out.printf(
        "  SMTP             %s:%s%s%n",
        env.get("BACKSTRIDE_SMTP_HOST"),
        env.get("BACKSTRIDE_SMTP_PORT"),
        stack == null ? "" : "  (local sink; emails saved to " + outbox.toAbsolutePath() + ")");
    out.printf("Ctrl-C stops it.%n");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    LocalStack finalStack = stack;
    ScheduledExecutorService finalExporter = exporter;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  pipeline.close();
                  if (finalExporter != null) {
                    finalExporter.shutdownNow();
                    finalStack.smtpSink().exportTo(outbox);
                    finalStack.close();
                  }
                  stopped.countDown();
                },
                "backstride-shutdown"));
    stopped.await();
    return 0;
  }
}
