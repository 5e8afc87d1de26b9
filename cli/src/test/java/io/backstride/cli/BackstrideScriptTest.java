package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code backstride} script's decision to rebuild, on a copy of it in a checkout of a few
 * files, with {@code mvn} and {@code java} on the PATH replaced by scripts that only log how they
 * were called. The real Maven is used only where its own behaviour is the point.
 */
class BackstrideScriptTest {
  /** When the jar was built, in the test's checkout; the sources are older unless a test says. */
  private static final Instant BUILT = Instant.parse("2026-03-02T07:00:00Z");

  @TempDir Path repo;
  private Path log;
  private Path jar;
  private Process run;

  @BeforeEach
  void checkout() throws IOException {
    Path script = Path.of(System.getProperty("backstride.repository"), "backstride");
    Files.copy(script, repo.resolve("backstride"));
    executable(repo.resolve("backstride"));
    log = repo.resolve("calls.log");
    Path bin = Files.createDirectories(repo.resolve("bin"));
    fake(bin.resolve("mvn"), "echo \"mvn $* MAVEN_OPTS=$MAVEN_OPTS\" >> " + log);
    // java logs its arguments; as `run` it stays up, as the real service does, until killed.
    // Asked to map an archive with -Xshare:on, it exits with the code in map-rc (0 when none);
    // asked to write one at exit, it writes it.
    fake(
        bin.resolve("java"),
        "echo \"java $*\" >> "
            + log
            + "\nfor a in \"$@\"; do case \"$a\" in -Xshare:on) exit \"$(cat "
            + repo.resolve("map-rc")
            + " 2>/dev/null || echo 0)\";; esac; done"
            + "\ncase \" $* \" in *\" run \"*) while :; do sleep 0.1; done;; esac"
            + "\nfor a in \"$@\"; do case \"$a\" in -XX:ArchiveClassesAtExit=*)"
            + " echo archive > \"${a#*=}\";; esac; done");
    write("pom.xml", BUILT.minusSeconds(600));
    write("core/pom.xml", BUILT.minusSeconds(600));
    write("core/src/main/java/Core.java", BUILT.minusSeconds(600));
    write("core/src/test/java/CoreTest.java", BUILT.minusSeconds(600));
    write("schemas/src/main/avro/summary.avsc", BUILT.minusSeconds(600));
    jar = write("cli/target/backstride.jar", BUILT);
    // a folder's time changes when a file in it is added or removed, which counts as a change
    try (Stream<Path> all = Files.walk(repo)) {
      for (Path dir : all.filter(Files::isDirectory).toList()) {
        Files.setLastModifiedTime(dir, FileTime.from(BUILT.minusSeconds(600)));
      }
    }
  }

  @AfterEach
  void stopRun() throws InterruptedException {
    if (run != null) {
      run.destroy();
      run.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void whatRunningWritesAndTestSourcesNeverMakeItRebuild() throws Exception {
    write(".backstride/kafka/meta.properties", BUILT.plusSeconds(60));
    write("outbox/alert.eml", BUILT.plusSeconds(60));
    write("core/src/test/java/CoreTest.java", BUILT.plusSeconds(60));
    write("core/target/classes/Core.class", BUILT.plusSeconds(60));

    Result result = backstride("inspect", "x.gpx");

    assertThat(result.err()).doesNotContain("building");
    assertThat(calls())
        .containsExactly("java -XX:TieredStopAtLevel=1 -jar " + jar + " inspect x.gpx");
  }

  @Test
  void aChangedMainSourceOrPomRebuildsOnceAndTheJarIsMarkedFresh() throws Exception {
    for (String changed : List.of("core/src/main/java/Core.java", "core/pom.xml")) {
      Files.writeString(log, "");
      write(changed, BUILT.plusSeconds(60));

      Result first = backstride("inspect", "x.gpx");
      Result second = backstride("inspect", "x.gpx");

      assertThat(first.err()).as(changed).contains("building");
      assertThat(second.err()).as(changed).doesNotContain("building");
      assertThat(calls())
          .as(changed)
          .hasSize(3)
          .first()
          .asString()
          .startsWith("mvn -q -B -Dstyle.color=never -DskipTests");
      // the fake build did not write the jar, as an up-to-date build does not either
      assertThat(Files.getLastModifiedTime(jar).toInstant()).isAfter(BUILT.plusSeconds(60));
      Files.setLastModifiedTime(jar, FileTime.from(BUILT));
      write(changed, BUILT.minusSeconds(600));
    }
  }

  @Test
  void aSourceFileAddedRebuilds() throws Exception {
    Files.writeString(repo.resolve("core/src/main/java/Added.java"), "class Added {}");
    Files.setLastModifiedTime(
        repo.resolve("core/src/main/java/Added.java"), FileTime.from(BUILT.minusSeconds(900)));

    assertThat(backstride("inspect", "x.gpx").err()).contains("building");
  }

  @Test
  void aChangedSchemaRebuilds() throws Exception {
    write("schemas/src/main/avro/summary.avsc", BUILT.plusSeconds(60));

    assertThat(backstride("inspect", "x.gpx").err()).contains("building");
  }

  @Test
  void neverRebuildsUnderALiveRunAndSaysSo() throws Exception {
    run = start("run");
    Path pidFile = repo.resolve(".backstride/run.pid");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> calls().stream().anyMatch(c -> c.endsWith(" run")));
    assertThat(Files.readString(pidFile).strip()).isEqualTo(String.valueOf(run.pid()));
    write("core/src/main/java/Core.java", BUILT.plusSeconds(60));

    Result result = backstride("upload", "x.gpx");

    assertThat(result.err())
        .contains("not rebuilding while 'backstride run' (pid " + run.pid() + ")")
        .contains("using the existing one");
    assertThat(calls()).noneMatch(c -> c.startsWith("mvn"));
    assertThat(calls()).contains("java -XX:TieredStopAtLevel=1 -jar " + jar + " upload x.gpx");

    // once the run is gone, its leftover pid file no longer holds the build back
    run.destroy();
    assertThat(run.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(backstride("upload", "x.gpx").err()).contains("building");
  }

  @Test
  void theBuildRunsWithMavensAnsiResetSwitchedOff() throws Exception {
    write("core/src/main/java/Core.java", BUILT.plusSeconds(60));

    backstride("inspect", "x.gpx");

    assertThat(calls().get(0)).contains("MAVEN_OPTS=").contains("-Djansi.noreset=true");
  }

  @Test
  void aStackCommandWithoutAnArchiveWritesOneWhichTheNextStartChecksThenUses() throws Exception {
    Result demo = backstride("demo");

    assertThat(demo.code()).isZero();
    Matcher training = TRAINING.matcher(calls().get(0));
    assertThat(training.matches()).as(calls().get(0)).isTrue();
    Path pending = Path.of(training.group(1));
    assertThat(pending).exists().hasParent(repo.resolve("cli/target/cds"));
    Path archive = pending.resolveSibling(training.group(2) + ".jsa");

    backstride("inspect", "x.gpx");

    assertThat(calls())
        .containsExactly(
            calls().get(0),
            "java -XX:SharedArchiveFile="
                + pending
                + " -Xshare:on -Xlog:cds*=off -jar "
                + jar
                + " --version",
            "java -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile="
                + archive
                + " -Xlog:cds*=off -jar "
                + jar
                + " inspect x.gpx");
    assertThat(archive).exists();
    assertThat(pending).doesNotExist();
  }

  @Test
  void anArchiveTheJvmCannotMapIsDeletedAndNeverUsed() throws Exception {
    backstride("demo");
    // the JVM's answer to a cut-off archive: SIGBUS, exit 134
    Files.writeString(repo.resolve("map-rc"), "134");

    Result inspect = backstride("inspect", "x.gpx");

    assertThat(inspect.code()).isZero();
    assertThat(calls())
        .last()
        .isEqualTo("java -XX:TieredStopAtLevel=1 -jar " + jar + " inspect x.gpx");
    assertThat(archives()).isEmpty();
  }

  @Test
  void aRebuiltJarGetsAnArchiveOfItsOwnAndTheOldOneIsRemoved() throws Exception {
    backstride("demo");
    backstride("inspect", "x.gpx");
    List<Path> before = archives();
    assertThat(before).hasSize(1).allMatch(a -> a.toString().endsWith(".jsa"));
    Files.writeString(jar, "rebuilt");
    Files.setLastModifiedTime(jar, FileTime.from(BUILT));

    backstride("demo");

    Matcher training = TRAINING.matcher(calls().get(calls().size() - 1));
    assertThat(training.matches()).as(calls().get(calls().size() - 1)).isTrue();
    assertThat(before.get(0)).doesNotExist();
    assertThat(before.get(0).getFileName().toString()).doesNotStartWith(training.group(2));
  }

  @Test
  void otherJavaOptionsUseTheSameArchiveInsteadOfReplacingIt() throws Exception {
    backstride("demo");
    backstride("inspect", "x.gpx");
    List<Path> archive = archives();

    backstride(Map.of("BACKSTRIDE_JAVA_OPTS", "-Xmx1g"), "demo");

    assertThat(archives()).isEqualTo(archive);
    assertThat(calls())
        .last()
        .isEqualTo(
            "java -XX:TieredStopAtLevel=1 -Xmx1g -XX:SharedArchiveFile="
                + archive.get(0)
                + " -Xlog:cds*=off -jar "
                + jar
                + " demo");
  }

  @Test
  void withoutAFolderForTheArchiveTheCommandRunsAsBefore() throws Exception {
    // cli/target/cds cannot be made: a file is in the way (root can write anywhere else)
    write("cli/target/cds", BUILT);

    Result demo = backstride("demo");

    assertThat(demo.code()).isZero();
    assertThat(calls()).containsExactly("java -XX:TieredStopAtLevel=1 -jar " + jar + " demo");
  }

  @Test
  void commandsThatDoNotStartTheStackAndCdsOffWriteNoArchive() throws Exception {
    backstride("upload", "x.gpx");
    backstride(Map.of("BACKSTRIDE_CDS", "off"), "demo");

    assertThat(calls())
        .containsExactly(
            "java -XX:TieredStopAtLevel=1 -jar " + jar + " upload x.gpx",
            "java -XX:TieredStopAtLevel=1 -jar " + jar + " demo");
    assertThat(archives()).isEmpty();
  }

  @Test
  void runWritesTheArchiveAndStillExecsJavaUnderThePidItsFileNames() throws Exception {
    run = start("run");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> calls().stream().anyMatch(c -> c.endsWith(" run")));

    assertThat(TRAINING.matcher(calls().get(0)).matches()).as(calls().get(0)).isTrue();
    // a service keeps the optimising compiler for its long-run speed
    assertThat(calls().get(0)).doesNotContain("TieredStopAtLevel");
    assertThat(Files.readString(repo.resolve(".backstride/run.pid")).strip())
        .isEqualTo(String.valueOf(run.pid()));
  }

  @Test
  void commandsThatEndByThemselvesCompileWithC1OnlyUnlessTheJavaOptionsSayOtherwise()
      throws Exception {
    backstride(Map.of("BACKSTRIDE_CDS", "off"), "demo");
    backstride(
        Map.of("BACKSTRIDE_CDS", "off", "BACKSTRIDE_JAVA_OPTS", "-XX:TieredStopAtLevel=4"),
        "inspect",
        "x.gpx");

    assertThat(calls())
        .containsExactly(
            "java -XX:TieredStopAtLevel=1 -jar " + jar + " demo",
            // the last of two -XX settings wins: the variable's, after the script's
            "java -XX:TieredStopAtLevel=1 -XX:TieredStopAtLevel=4 -jar " + jar + " inspect x.gpx");
  }

  /** A start that writes the archive at exit: the pending file, and the key's name prefix. */
  private static final Pattern TRAINING =
      Pattern.compile(
          "java (?:-XX:TieredStopAtLevel=1 )?-XX:ArchiveClassesAtExit=(\\S+/(backstride-[0-9a-f]{16})\\.[0-9]+\\.pending)"
              + " -Xlog:cds\\*=off -jar \\S+/cli/target/backstride\\.jar (?:demo|run)");

  private List<Path> archives() throws IOException {
    Path dir = repo.resolve("cli/target/cds");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  /** The real Maven, run as the script runs it: nothing on stderr but plain text. */
  @Test
  void theRealMavenWritesNoEscapeCodesWithTheScriptsOptions() throws Exception {
    Path project = Files.createDirectories(repo.resolve("empty-project"));
    Files.writeString(
        project.resolve("pom.xml"),
        "<project><modelVersion>4.0.0</modelVersion><groupId>x</groupId><artifactId>y</artifactId>"
            + "<version>1</version><packaging>pom</packaging></project>");
    ProcessBuilder builder =
        new ProcessBuilder("mvn", "-q", "-B", "-Dstyle.color=never", "-o", "validate")
            .directory(project.toFile());
    builder.environment().put("MAVEN_OPTS", "-Djansi.noreset=true");
    Result result = finish(builder);

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err() + result.out()).doesNotContain("\u001b");
  }

  // --- helpers ---

  record Result(int code, String out, String err) {}

  private Result backstride(String... args) throws Exception {
    return finish(builder(args));
  }

  private Result backstride(Map<String, String> env, String... args) throws Exception {
    ProcessBuilder builder = builder(args);
    builder.environment().putAll(env);
    return finish(builder);
  }

  private Process start(String... args) throws IOException {
    return builder(args)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private ProcessBuilder builder(String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(repo.resolve("backstride").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile());
    builder.environment().put("PATH", repo.resolve("bin") + File.pathSeparator + "/usr/bin:/bin");
    builder.environment().remove("MAVEN_OPTS");
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    return builder;
  }

  private static Result finish(ProcessBuilder builder) throws Exception {
    Path out = Files.createTempFile("script-out-", ".txt");
    Path err = Files.createTempFile("script-err-", ".txt");
    try {
      Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("hung: " + builder.command());
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private List<String> calls() throws IOException {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private Path write(String relative, Instant modified) throws IOException {
    Path file = repo.resolve(relative);
    Files.createDirectories(file.getParent());
    if (!Files.exists(file)) {
      Files.writeString(file, relative);
    }
    Files.setLastModifiedTime(file, FileTime.from(modified));
    return file;
  }

  private static void fake(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/bash\n" + body + "\n");
    executable(file);
  }

  private static void executable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
