package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml and deploy/prometheus.yml, read as YAML (SnakeYAML, which resolves the anchors
 * and merge keys the file uses), and the file as docker-compose itself reads it. There is no Docker
 * engine here: this is what can be checked without one.
 *
 * <p>SnakeYAML is on the test classpath through Kafka's broker (kafka_2.13 needs it at run time);
 * it is not declared here, because a test-scoped declaration would win mediation and take it out of
 * the runtime lib.
 */
class DockerComposeTest {
  private static final Path REPOSITORY =
      Path.of(System.getProperty("backstride.repository", "..")).toAbsolutePath().normalize();

  private static final String IMAGE = "backstride:local";
  private static final String PROBE = HealthProbe.class.getName();

  /** Each long-running backstride service and the variable that sets its HTTP port. */
  private static final Map<String, String> PORT_VARIABLES =
      Map.of(
          "ingest", "BACKSTRIDE_INGEST_PORT",
          "training-load", "BACKSTRIDE_STREAMS_HTTP_PORT",
          "pages", "BACKSTRIDE_PAGES_PORT",
          "alerts", "BACKSTRIDE_ALERTS_HTTP_PORT");

  /** A value that must come from outside the file. */
  private static final Pattern SECRET_NAME =
      Pattern.compile(".*(SECRET|PASSWORD|TOKEN|USER_INFO|JAAS).*");

  @Test
  void hasNoObsoleteVersionKey() {
    assertThat(compose()).doesNotContainKey("version");
  }

  @Test
  void everyBackstrideServiceBuildsAndRunsTheOneImageWithAMainClassThatExists() throws Exception {
    Map<String, Map<String, Object>> backstride = backstrideServices();

    assertThat(backstride.keySet())
        .containsExactlyInAnyOrder("topics", "ingest", "training-load", "alerts", "pages");
    for (var service : backstride.entrySet()) {
      assertThat(service.getValue().get("build")).as(service.getKey()).isEqualTo(".");
      List<?> command = (List<?>) service.getValue().get("command");
      assertThat(command).as(service.getKey()).hasSize(1);
      Method main = Class.forName((String) command.get(0)).getMethod("main", String[].class);
      assertThat(Modifier.isStatic(main.getModifiers())).as(service.getKey()).isTrue();
    }
  }

  @Test
  void everyServiceButTheOneShotTopicsJobHasAHealthcheck() {
    for (var service : services().entrySet()) {
      if (service.getKey().equals("topics")) {
        assertThat(service.getValue()).doesNotContainKey("healthcheck");
      } else {
        assertThat(map(service.getValue().get("healthcheck")))
            .as(service.getKey())
            .containsKey("test");
      }
    }
  }

  @Test
  void eachBackstrideServiceProbesItsOwnReadinessOnItsOwnPort() {
    for (var expected : PORT_VARIABLES.entrySet()) {
      Map<String, Object> service = services().get(expected.getKey());
      String port = (String) environment(service).get(expected.getValue());
      List<String> test = strings(map(service.get("healthcheck")).get("test"));

      assertThat(port).as(expected.getKey()).isNotBlank();
      assertThat(test)
          .as(expected.getKey())
          .startsWith("CMD", "java")
          .containsSubsequence("-cp", "/app/backstride.jar", PROBE)
          .endsWith("http://localhost:" + port + "/health/ready");
      assertThat(strings(service.get("ports"))).as(expected.getKey()).contains(port + ":" + port);
    }
  }

  @Test
  void dependenciesWaitForHealthOrForTheTopicsJobToFinish() {
    Map<String, Map<String, Object>> services = services();
    for (var service : services.entrySet()) {
      Object dependsOn = service.getValue().get("depends_on");
      if (dependsOn == null) {
        continue;
      }
      for (var dependency : map(dependsOn).entrySet()) {
        String condition = (String) map(dependency.getValue()).get("condition");
        String on = service.getKey() + " -> " + dependency.getKey();
        if (dependency.getKey().equals("topics")) {
          assertThat(condition).as(on).isEqualTo("service_completed_successfully");
        } else {
          assertThat(condition).as(on).isEqualTo("service_healthy");
          assertThat(services.get(dependency.getKey())).as(on).containsKey("healthcheck");
        }
      }
    }
    for (String name : backstrideServices().keySet()) {
      assertThat(services.get(name)).as(name).containsKey("depends_on");
    }
  }

  @Test
  void everyBackstrideVariableItSetsIsOneTheCodeReads() throws IOException {
    Set<String> read = new TreeSet<>();
    Set<String> prefixes = new TreeSet<>();
    Pattern literal = Pattern.compile("\"(BACKSTRIDE_[A-Z0-9_]*)\"");
    for (Path source : mainSources()) {
      Matcher m = literal.matcher(Files.readString(source, StandardCharsets.UTF_8));
      while (m.find()) {
        String name = m.group(1);
        if (name.equals("BACKSTRIDE_")) {
          continue; // the bare prefix, used to list or mask every variable
        }
        (name.endsWith("_") ? prefixes : read).add(name);
      }
    }
    assertThat(read).as("the names found in the code").contains("BACKSTRIDE_INGEST_PORT");

    List<String> unknown = new ArrayList<>();
    for (var service : services().entrySet()) {
      for (String name : environment(service.getValue()).keySet()) {
        boolean known = read.contains(name) || prefixes.stream().anyMatch(name::startsWith);
        if (name.startsWith("BACKSTRIDE_") && !known) {
          unknown.add(service.getKey() + ": " + name);
        }
      }
    }
    assertThat(unknown).as("variables no code reads (a typo?)").isEmpty();
  }

  @Test
  void secretsAreReferencesToTheEnvironmentNeverLiterals() {
    Pattern required = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?[^}]+}");
    for (var service : services().entrySet()) {
      for (var variable : environment(service.getValue()).entrySet()) {
        if (SECRET_NAME.matcher(variable.getKey()).matches()) {
          Matcher m = required.matcher(String.valueOf(variable.getValue()));
          assertThat(m.matches())
              .as(service.getKey() + ": " + variable.getKey() + " must be ${NAME:?why}")
              .isTrue();
          assertThat(m.group(1)).isEqualTo(variable.getKey());
        }
      }
    }
    assertThat(environment(services().get("alerts"))).containsKey("BACKSTRIDE_LINK_SECRET");
    assertThat(environment(services().get("pages"))).containsKey("BACKSTRIDE_LINK_SECRET");
  }

  @Test
  void kafkaRunsTheClientsVersionAndKeepsItsDataInANamedVolume() throws IOException {
    Matcher version =
        Pattern.compile("<kafka.version>([^<]+)</kafka.version>")
            .matcher(Files.readString(REPOSITORY.resolve("pom.xml")));
    assertThat(version.find()).isTrue();
    Map<String, Object> kafka = services().get("kafka");

    assertThat(kafka.get("image")).isEqualTo("apache/kafka:" + version.group(1));
    String logDirs = (String) environment(kafka).get("KAFKA_LOG_DIRS");
    assertThat(strings(kafka.get("volumes"))).contains("kafka-data:" + logDirs);
    assertThat(map(compose().get("volumes"))).containsKey("kafka-data");
  }

  @Test
  void prometheusScrapesTheMetricsOfTheFourServicesWhereTheyListen() {
    Map<String, Object> prometheus = services().get("prometheus");
    assertThat(strings(prometheus.get("volumes")))
        .contains("./deploy/prometheus.yml:/etc/prometheus/prometheus.yml:ro");

    Set<String> scraped = new TreeSet<>();
    for (Object job :
        (List<?>) yaml(REPOSITORY.resolve("deploy/prometheus.yml")).get("scrape_configs")) {
      assertThat(map(job).get("metrics_path")).isEqualTo("/metrics");
      for (Object config : (List<?>) map(job).get("static_configs")) {
        for (Object target : (List<?>) map(config).get("targets")) {
          scraped.add((String) target);
        }
      }
    }
    Set<String> listening = new TreeSet<>();
    PORT_VARIABLES.forEach(
        (service, variable) ->
            listening.add(service + ":" + environment(services().get(service)).get(variable)));
    assertThat(scraped).isEqualTo(listening);
  }

  /**
   * The file as docker-compose reads it; it stops without the link secret, naming it. Skipped where
   * docker-compose is not installed, except under {@code CI=true} ({@code .ci/run} installs it).
   */
  @Test
  void dockerComposeAcceptsTheFileAndRefusesToRunWithoutTheLinkSecret(@TempDir Path dir)
      throws Exception {
    Path binary = onPath("docker-compose");
    if (binary == null) {
      String why = "docker-compose is not installed (apt-get install docker-compose)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
    // an empty env file, so that a developer's own .env cannot stand in for the variables
    Path noEnvFile = Files.writeString(dir.resolve("empty.env"), "");

    Result withSecret = compose(binary, noEnvFile, "0123456789abcdef0123456789abcdef", dir);
    Result without = compose(binary, noEnvFile, null, dir);

    assertThat(withSecret.exit()).as(withSecret.err()).isZero();
    assertThat(without.exit()).isNotZero();
    assertThat(without.err()).contains("set BACKSTRIDE_LINK_SECRET");
  }

  private record Result(int exit, String err) {}

  private static Result compose(Path binary, Path envFile, String secret, Path dir)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                binary.toString(),
                "--env-file",
                envFile.toString(),
                "-f",
                REPOSITORY.resolve("docker-compose.yml").toString(),
                "config",
                "-q")
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("BACKSTRIDE_"));
    if (secret != null) {
      builder.environment().put("BACKSTRIDE_LINK_SECRET", secret);
    }
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("docker-compose config finished").isTrue();
    return new Result(process.exitValue(), Files.readString(dir.resolve("err.txt")));
  }

  private static Path onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static List<Path> mainSources() throws IOException {
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> modules = Files.list(REPOSITORY)) {
      for (Path module : modules.filter(Files::isDirectory).collect(Collectors.toList())) {
        Path main = module.resolve("src/main/java");
        if (Files.isDirectory(main)) {
          try (Stream<Path> files = Files.walk(main)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
          }
        }
      }
    }
    assertThat(sources).as("the code's sources under " + REPOSITORY).isNotEmpty();
    return sources;
  }

  private static Map<String, Object> compose() {
    return yaml(REPOSITORY.resolve("docker-compose.yml"));
  }

  private static Map<String, Map<String, Object>> services() {
    Map<String, Map<String, Object>> services = new java.util.LinkedHashMap<>();
    map(compose().get("services")).forEach((name, service) -> services.put(name, map(service)));
    return services;
  }

  private static Map<String, Map<String, Object>> backstrideServices() {
    Map<String, Map<String, Object>> backstride = new java.util.LinkedHashMap<>();
    services()
        .forEach(
            (name, service) -> {
              if (IMAGE.equals(service.get("image"))) {
                backstride.put(name, service);
              }
            });
    return backstride;
  }

  private static Map<String, Object> environment(Map<String, Object> service) {
    Object environment = service.get("environment");
    return environment == null ? Map.of() : map(environment);
  }

  private static List<String> strings(Object list) {
    assertThat(list).isInstanceOf(List.class);
    return ((List<?>) list).stream().map(String::valueOf).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  private static Map<String, Object> yaml(Path file) {
    try {
      return map(
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
