package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.localstack.LocalStack;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RegistrySettings;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confluent's own JavaScript clients against backstride: {@code contract/confluent-js/contract.js}
 * (the Schema Registry client and Avro serdes of {@code @confluentinc/schemaregistry}, over
 * KafkaJS) writes a profile on a fresh stack the way Confluent advises for production, without
 * registering schemas, which backstride then serves, and reads an alert the pipeline raised. The
 * local registry asks every request for basic auth, as a production one would: the services and
 * Confluent's client send the same credentials, and Confluent's client without them is refused.
 * Needs {@code node} and {@code npm ci} in that folder ({@code .ci/run} does it); without them the
 * test skips, except under {@code CI=true}, where it fails.
 */
class ConfluentJsClientIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CONTRACT = locateContract();
  private static final String CREDENTIALS = "contract:registry-s3cret";

  @TempDir Path stateDir;

  @Test
  void confluentsAvroSerdesReadAnAlertAndWriteAProfileThatBackstrideReads() throws Exception {
    requireNodeAndPackages();
    try (LocalStack stack = LocalStack.start(null, 0, "127.0.0.1", 0, CREDENTIALS, 0);
        Pipeline pipeline = Pipeline.start(pipelineEnv(stack))) {
      Map<String, String> anonymous =
          Map.of(
              "BACKSTRIDE_KAFKA_BOOTSTRAP", stack.bootstrapServers(),
              "BACKSTRIDE_SCHEMA_REGISTRY_URL", stack.registryUrl());
      Map<String, String> env = new HashMap<>(anonymous);
      env.put(RegistrySettings.BASIC_AUTH_USER_INFO, CREDENTIALS);
      RestSchemaRegistryClient registry =
          new RestSchemaRegistryClient(registryWithCredentials(stack));

      NodeRun refused = node(anonymous, "write-profile", "js-anonymous");

      assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(1);
      assertThat(refused.stderr()).contains("401");

      // first, on the fresh stack: nothing but the services' start has touched the registry
      NodeRun write = node(env, "write-profile", "js-runner");

      assertThat(write.exitCode()).as(write.describe()).isZero();
      JsonNode written = write.line("profileWritten");
      assertThat(written.get("schemaId").asInt())
          .isEqualTo(registry.version(Topics.ATHLETE_PROFILES.valueSubject(), -1).id());
      // the profile the Confluent serializer wrote is the one ingest now answers with
      JsonNode profile = awaitProfile(pipeline.ingestUrl(), "js-runner");
      assertThat(profile.get("email").asText()).isEqualTo("js-runner@example.org");
      assertThat(profile.get("name").asText()).isEqualTo("Written by Confluent JS");
      assertThat(profile.get("timeZone").asText()).isEqualTo("Europe/Ljubljana");
      assertThat(profile.get("units").asText()).isEqualTo("mi");
      assertThat(registry.versions(Topics.ATHLETE_PROFILES.valueSubject()))
          .as("the Confluent serializer registered nothing")
          .containsExactly(1);

      DownhillScenario.uploadsAHistoryAndEmailsTheDownhillRamp(
          pipeline,
          stack.bootstrapServers(),
          registryWithCredentials(stack),
          () -> stack.smtpSink().received().toArray(jakarta.mail.internet.MimeMessage[]::new),
          "ana");
      BackPainRiskAlert raised = alertOf(stack, "ana");

      NodeRun read = node(env, "read-alert", "ana");

      assertThat(read.exitCode()).as(read.describe()).isZero();
      JsonNode record = read.line("alert");
      assertThat(record.get("key").asText()).isEqualTo("ana");
      assertThat(record.get("schemaId").asInt())
          .isEqualTo(registry.version(Topics.BACK_PAIN_ALERTS.valueSubject(), -1).id());
      JsonNode alert = record.get("alert");
      assertThat(alert.get("alertId").asText()).isEqualTo(raised.getAlertId().toString());
      assertThat(alert.get("rule").asText()).isEqualTo("DOWNHILL_RAMP");
      assertThat(alert.get("severity").asText()).isEqualTo("HIGH");
      assertThat(alert.get("metric").asText()).isEqualTo("descentM");
      assertThat(alert.get("acute").asDouble()).isEqualTo(raised.getAcute());
      assertThat(alert.get("chronic").asDouble()).isEqualTo(raised.getChronic());
      assertThat(alert.get("ratio").asDouble()).isEqualTo(raised.getRatio());
      assertThat(alert.get("threshold").asDouble()).isEqualTo(1.5);
      assertThat(alert.get("minimum").asDouble()).isEqualTo(300.0);
      // avsc leaves the date logical type as it is on the wire: days since 1970-01-01
      assertThat(alert.get("date").asLong()).isEqualTo(raised.getDate().toEpochDay());
      assertThat(alert.get("adviceCodes")).extracting(JsonNode::asText).contains("EASE_DOWNHILL");
    }
  }

  private Map<String, String> pipelineEnv(LocalStack stack) {
    Map<String, String> env =
        DownhillScenario.env(
            stack.bootstrapServers(), stack.registryUrl(), stack.smtpSink().port(), stateDir);
    env.put(RegistrySettings.BASIC_AUTH_USER_INFO, CREDENTIALS);
    return env;
  }

  /** Our client takes the credentials from the URL, as Confluent's source URL does. */
  private static String registryWithCredentials(LocalStack stack) {
    return stack.registryUrl().replace("//", "//" + CREDENTIALS + "@");
  }

  private static BackPainRiskAlert alertOf(LocalStack stack, String athleteId) {
    AvroSerdes avro = new AvroSerdes(new RestSchemaRegistryClient(registryWithCredentials(stack)));
    try (TopicReader<BackPainRiskAlert> alerts =
        new TopicReader<>(
            KafkaConnection.plaintext(stack.bootstrapServers()), avro, Topics.BACK_PAIN_ALERTS)) {
      return alerts.readToEnd(Duration.ofSeconds(10)).stream()
          .map(ConsumerRecord::value)
          .filter(a -> a.getAthleteId().equals(athleteId))
          .findFirst()
          .orElseThrow();
    }
  }

  private static JsonNode awaitProfile(String ingestUrl, String athleteId) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/athletes/" + athleteId)).build();
    JsonNode[] profile = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() != 200) {
                return false;
              }
              profile[0] = JSON.readTree(r.body());
              return true;
            });
    return profile[0];
  }

  /** What the script printed, its exit code and stderr. */
  record NodeRun(int exitCode, List<String> stdout, String stderr) {
    JsonNode line(String field) throws IOException {
      for (String line : stdout) {
        JsonNode node = JSON.readTree(line);
        if (node.has(field)) {
          return node.get(field);
        }
      }
      throw new AssertionError("contract.js printed no '" + field + "': " + describe());
    }

    String describe() {
      return "exit " + exitCode + ", stdout " + stdout + ", stderr " + stderr;
    }
  }

  private static NodeRun node(Map<String, String> env, String step, String athleteId)
      throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("node", "contract.js", step, athleteId).directory(CONTRACT.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    CompletableFuture<String> out = readAll(process.getInputStream());
    CompletableFuture<String> err = readAll(process.getErrorStream());
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      Assertions.fail("contract.js did not finish within 120 s; stderr: " + err.getNow(""));
    }
    List<String> lines = new ArrayList<>(out.get().lines().filter(l -> l.startsWith("{")).toList());
    return new NodeRun(process.exitValue(), lines, err.get().strip());
  }

  private static CompletableFuture<String> readAll(java.io.InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "(unreadable: " + e + ")";
          }
        });
  }

  /**
   * Skips with the reason when node or the packages are missing, but fails under CI=true: there the
   * contract is part of what the build promises.
   */
  private static void requireNodeAndPackages() {
    String missing = null;
    if (CONTRACT == null) {
      missing = "contract/confluent-js not found above " + Path.of("").toAbsolutePath();
    } else if (!nodeAnswers()) {
      missing = "node is not on the PATH";
    } else if (!Files.isDirectory(CONTRACT.resolve("node_modules/@confluentinc/schemaregistry"))
        || !Files.isDirectory(CONTRACT.resolve("node_modules/kafkajs"))) {
      missing = "the npm packages are not installed: run npm ci in " + CONTRACT;
    }
    if (missing == null) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("Confluent JS contract cannot run under CI=true: " + missing);
    }
    Assumptions.abort("Confluent JS contract skipped: " + missing);
  }

  private static boolean nodeAnswers() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The module runs from cli/; the contract lives at the repository's root. */
  private static Path locateContract() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("contract/confluent-js");
      if (Files.isRegularFile(candidate.resolve("package.json"))) {
        return candidate;
      }
    }
    return null;
  }
}
