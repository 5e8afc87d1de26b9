package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Errors a user can act on: each names the rule or the thing to check, in one line. */
class CommandErrorsTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  private static Run execute(String... args) {
    CommandLine cli = Backstride.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path gpx() throws Exception {
    return Files.writeString(
        dir.resolve("run.gpx"), DemoHistory.runs(LocalDate.of(2026, 3, 2), 1L).get(0).gpx());
  }

  @Test
  void anAthleteIdAgainstTheRuleIsAUsageErrorThatStatesTheRule() throws Exception {
    Path file = gpx();
    for (String command : new String[] {"upload", "import"}) {
      Run run = execute(command, file.toString(), "--athlete", "ana novak");

      assertThat(run.code()).as(command).isEqualTo(2);
      assertThat(run.err())
          .as(command)
          .contains(
              "Invalid value for option '--athlete': athlete id must be 1 to 64 characters of"
                  + " A-Z, a-z, 0-9, '_' or '-', was 'ana novak'")
          .doesNotContain("URI", "Illegal character");
    }
  }

  @Test
  void noServiceAtTheUrlSaysSoAndNamesTheUrl() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closed;

    Run run = execute("upload", gpx().toString(), "--athlete", "ana", "--url", url);

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains("run.gpx: failed cannot connect to " + url)
        .contains("is the service running at " + url + "?");
  }

  @Test
  void aUrlThatIsNoHttpUrlIsAUsageError() throws Exception {
    Run run = execute("upload", gpx().toString(), "--athlete", "ana", "--url", "localhost:8080");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("Invalid value for option '--url': must start with http:// or https://");
  }

  @Test
  void importOfAMissingArchiveSaysThereIsNoSuchFile() {
    Path missing = dir.resolve("nope.zip");

    Run run =
        execute(
            "import",
            missing.toString(),
            "--athlete",
            "ana",
            "--journal",
            dir.resolve("journal.json").toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo(
            "backstride: "
                + missing
                + ": no such file or folder (give a .zip export or a folder of activity files)");
    assertThat(dir.resolve("journal.json")).doesNotExist();
  }

  @Test
  void anEnvValueThatDoesNotParseIsOneLineNamingTheVariable() throws Exception {
    String[] run = {
      "run",
      "--port=0",
      "--trends-port=0",
      "--kafka-port=0",
      "--registry-port=0",
      "--smtp-port=0",
      "--data-dir=" + dir.resolve("data")
    };
    Map<String, String> cases =
        Map.of(
            "BACKSTRIDE_COMMIT_INTERVAL_MS", "fast",
            "BACKSTRIDE_DEFAULT_TIME_ZONE", "Mars/Olympus",
            "BACKSTRIDE_NOTIFY_MAX_ATTEMPTS", "three",
            "BACKSTRIDE_RULE_COOLDOWN_DAYS", "a week",
            "BACKSTRIDE_INGEST_MAX_BODY_BYTES", "1MB");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      CliProcess.Result result = CliProcess.run(Map.of(c.getKey(), c.getValue()), run);

      assertThat(result.exitCode()).as(c.getKey()).isEqualTo(1);
      assertThat(result.err().strip().lines()).as(c.getKey()).hasSize(1);
      assertThat(result.err())
          .as(c.getKey())
          .startsWith("backstride: " + c.getKey() + " must be ")
          .contains("was '" + c.getValue() + "'");
      // failed before anything started
      assertThat(result.out()).as(c.getKey()).doesNotContain("backstride is running");
    }
    CliProcess.Result smtp =
        CliProcess.run(Map.of("BACKSTRIDE_SMTP_PORT", "abc"), "run", "--data-dir=" + dir);
    assertThat(smtp.exitCode()).isEqualTo(1);
    assertThat(smtp.err().strip())
        .isEqualTo("backstride: BACKSTRIDE_SMTP_PORT must be a whole number, was 'abc'");
  }

  @Test
  void kafkaClientSettingsThatCannotBeUsedStopRunInOneLineBeforeAnythingStarts() throws Exception {
    Path client = Files.writeString(dir.resolve("client.properties"), "security.protocol=SSL\n");
    Map<String, Run> runs =
        Map.of(
            "--kafka-config without --kafka",
            executeRun(Map.of(), "--kafka-config=" + client),
            "a property variable without --kafka",
            executeRun(Map.of("BACKSTRIDE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")),
            "a variable that is no client property",
            executeRun(
                Map.of("BACKSTRIDE_KAFKA_SASL_JASS_CONFIG", "secret-jaas-line"),
                "--kafka=127.0.0.1:1"),
            "a config file that is not there",
            executeRun(Map.of(), "--kafka=127.0.0.1:1", "--kafka-config=" + dir.resolve("none")));

    assertThat(runs.get("--kafka-config without --kafka").err().strip())
        .isEqualTo(
            "backstride: --kafka-config, BACKSTRIDE_KAFKA_CONFIG_FILE and BACKSTRIDE_KAFKA_<PROPERTY>"
                + " variables are for an existing cluster: give its bootstrap servers with --kafka");
    assertThat(runs.get("a property variable without --kafka").err())
        .startsWith("backstride: --kafka-config, BACKSTRIDE_KAFKA_CONFIG_FILE and");
    assertThat(runs.get("a variable that is no client property").err().strip())
        .isEqualTo(
            "backstride: BACKSTRIDE_KAFKA_SASL_JASS_CONFIG names no Kafka client property"
                + " (sasl.jass.config is not a producer, consumer, admin or Streams setting)");
    assertThat(runs.get("a config file that is not there").err().strip())
        .isEqualTo(
            "backstride: BACKSTRIDE_KAFKA_CONFIG_FILE "
                + dir.resolve("none")
                + " cannot be read: NoSuchFileException");
    runs.forEach(
        (what, run) -> {
          assertThat(run.code()).as(what).isEqualTo(1);
          assertThat(run.err().strip().lines()).as(what).hasSize(1);
          assertThat(run.out()).as(what).doesNotContain("starting");
        });
  }

  private Run executeRun(Map<String, String> env, String... options) {
    CommandLine cli = Backstride.commandLine();
    ((RunCommand) cli.getSubcommands().get("run").getCommand()).env = env;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] args = new String[options.length + 4];
    args[0] = "run";
    args[1] = "--port=0";
    args[2] = "--trends-port=0";
    args[3] = "--data-dir=" + dir.resolve("data");
    System.arraycopy(options, 0, args, 4, options.length);
    return new Run(cli.execute(args), out.toString(), err.toString());
  }

  @Test
  void anIngestUrlFromTheEnvironmentThatIsNoUrlIsOneLineNamingTheVariable() throws Exception {
    for (String command : new String[] {"upload", "import"}) {
      CliProcess.Result result =
          CliProcess.run(
              Map.of("BACKSTRIDE_INGEST_URL", "not a url"),
              command,
              "--athlete",
              "ana",
              gpx().toString());

      assertThat(result.exitCode()).as(command).isEqualTo(2);
      assertThat(result.err().strip())
          .as(command)
          .isEqualTo(
              "backstride: BACKSTRIDE_INGEST_URL must be an http:// or https:// URL with a host,"
                  + " e.g. http://127.0.0.1:8080; was 'not a url'");
    }
  }

  @Test
  void anEnvValueThatDoesNotParseTroublesOnlyTheCommandsThatUseIt() throws Exception {
    Map<String, String> bad = Map.of("BACKSTRIDE_SMTP_PORT", "abc", "BACKSTRIDE_INGEST_PORT", "x");

    CliProcess.Result inspect = CliProcess.run(bad, "inspect", gpx().toString());
    CliProcess.Result help = CliProcess.run(bad, "upload", "--help");

    assertThat(inspect.exitCode()).as(inspect.err()).isZero();
    assertThat(inspect.err()).isEmpty();
    assertThat(help.exitCode()).as(help.err()).isZero();
    assertThat(help.out()).startsWith("Usage: backstride upload");
  }
}
