package io.backstride.benchmarks.chaos;

import io.backstride.cli.PipelineProbe;
import io.backstride.platform.CommonSettings;
import io.backstride.platform.topic.TopicAdmin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.awaitility.Awaitility;

/**
 * Ingest, training-load and alerts as separate JVMs, each started from its own {@code main} on this
 * JVM's classpath with the {@code BACKSTRIDE_*} settings in its environment, as docker-compose runs
 * them. Training-load may run as several instances sharing the work; one can be killed with {@code
 * SIGKILL} (no shutdown hook, no leaving the group, state left as it was).
 */
public final class ServiceProcesses implements Services {
  private static final String INGEST = "io.backstride.ingest.IngestService";

  /** The training-load service's main class, for {@link #spawn}. */
  public static final String TRAINING_LOAD = "io.backstride.streams.TrainingLoadService";

  private static final String ALERTS = "io.backstride.alerts.AlertsService";

  private final String bootstrap;
  private final String ingestUrl;
  private final Process ingest;
  private final Process alerts;
  private final List<Process> trainingLoad;

  private ServiceProcesses(
      String bootstrap,
      String ingestUrl,
      Process ingest,
      Process alerts,
      List<Process> trainingLoad) {
    this.bootstrap = bootstrap;
    this.ingestUrl = ingestUrl;
    this.ingest = ingest;
    this.alerts = alerts;
    this.trainingLoad = trainingLoad;
  }

  /**
   * Creates the topics (3 partitions, so that two training-load instances both own some), starts
   * alerts, then the training-load instances, then ingest, and waits until ingest answers and every
   * training-load instance has joined its group.
   *
   * @param logs where each process's output goes, one file each
   */
  public static ServiceProcesses start(
      Map<String, String> env, int trainingLoadInstances, Path logs, Duration timeout) {
    String bootstrap = env.get("BACKSTRIDE_KAFKA_BOOTSTRAP");
    CommonSettings settings = CommonSettings.fromEnv(env);
    TopicAdmin.ensureTopics(settings.kafka(), settings.topics());
    Path state = Path.of(env.get("BACKSTRIDE_STATE_DIR"));
    List<Process> started = new ArrayList<>();
    try {
      Files.createDirectories(logs);
      Process alerts =
          spawn(
              ALERTS,
              env,
              Map.of("BACKSTRIDE_STATE_DIR", state.resolve("alerts").toString()),
              logs);
      started.add(alerts);
      List<Process> trainingLoad = new ArrayList<>();
      for (int i = 0; i < trainingLoadInstances; i++) {
        Process p =
            spawn(
                TRAINING_LOAD,
                env,
                Map.of(
                    "BACKSTRIDE_STATE_DIR",
                    state.resolve("training-load-" + i).toString(),
                    "BACKSTRIDE_STREAMS_HTTP_PORT",
                    String.valueOf(freePort())),
                logs);
        started.add(p);
        trainingLoad.add(p);
      }
      int ingestPort = freePort();
      Process ingest =
          spawn(INGEST, env, Map.of("BACKSTRIDE_INGEST_PORT", String.valueOf(ingestPort)), logs);
      started.add(ingest);
      ServiceProcesses services =
          new ServiceProcesses(
              bootstrap, "http://127.0.0.1:" + ingestPort, ingest, alerts, trainingLoad);
      // a harness stopped by Ctrl-C or its own time limit must not leave services behind
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> services.processes().forEach(Process::destroyForcibly),
                  "service-processes-reaper"));
      services.awaitReady(trainingLoadInstances, timeout);
      return services;
    } catch (IOException e) {
      started.forEach(Process::destroyForcibly);
      throw new UncheckedIOException("Cannot start the service processes", e);
    } catch (RuntimeException e) {
      started.forEach(Process::destroyForcibly);
      throw e;
    }
  }

  /**
   * Starts {@code mainClass} in a JVM of its own on this JVM's classpath, with {@code env} and then
   * {@code own} in its environment, its output in a new file under {@code logs}.
   */
  public static Process spawn(
      String mainClass, Map<String, String> env, Map<String, String> own, Path logs)
      throws IOException {
    String name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
    Path log = logs.resolve(name + "-" + System.nanoTime() + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            // small and quick to start: four of these share two cores with the brokers
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            // the services' own log4j2.xml: their decisions (an alert kept to the topic, a
            // retry) are INFO lines
            "-cp",
            System.getProperty("java.class.path"),
            mainClass);
    pb.environment().putAll(env);
    pb.environment().putAll(own);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return pb.start();
  }

  private void awaitReady(int trainingLoadInstances, Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    try (Admin admin =
        Admin.create(
            Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Awaitility.await("the service processes to be ready")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(
              () -> {
                for (Process p : processes()) {
                  if (!p.isAlive()) {
                    throw new IllegalStateException(
                        "A service process exited with " + p.exitValue() + " (see its log)");
                  }
                }
                int status =
                    http.send(
                            HttpRequest.newBuilder(URI.create(ingestUrl + "/health")).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                return status == 200
                    && stableWith(admin, PipelineProbe.TRAINING_LOAD_GROUP, trainingLoadInstances)
                    && stableWith(admin, PipelineProbe.ALERTS_GROUP, 1);
              });
    }
  }

  private static boolean stableWith(Admin admin, String group, int members) throws Exception {
    ConsumerGroupDescription d =
        admin.describeConsumerGroups(List.of(group)).all().get(5, TimeUnit.SECONDS).get(group);
    return d.groupState() == GroupState.STABLE && d.members().size() == members;
  }

  private List<Process> processes() {
    List<Process> all = new ArrayList<>(trainingLoad);
    all.add(ingest);
    all.add(alerts);
    return all;
  }

  @Override
  public String ingestUrl() {
    return ingestUrl;
  }

  /** Sends SIGKILL to training-load instance {@code index} and waits until it is gone. */
  public void killTrainingLoad(int index) {
    Process p = trainingLoad.get(index);
    p.destroyForcibly();
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether every process but the killed ones still runs. */
  public boolean aliveExceptKilled(int killedTrainingLoad) {
    for (int i = 0; i < trainingLoad.size(); i++) {
      if (i != killedTrainingLoad && !trainingLoad.get(i).isAlive()) {
        return false;
      }
    }
    return ingest.isAlive() && alerts.isAlive();
  }

  /** Stops every process with SIGTERM (their shutdown hooks close them), SIGKILL after 30 s. */
  @Override
  public void close() {
    List<Process> all = processes();
    all.forEach(Process::destroy);
    for (Process p : all) {
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }

  /** A port free on the loopback interface just now. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on the loopback interface", e);
    }
  }
}
