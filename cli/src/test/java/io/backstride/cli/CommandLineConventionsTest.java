package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What every backstride command shares: help, version, exit codes, help that keeps URLs whole. */
class CommandLineConventionsTest {
  /** URLs, e-mail addresses, host:port pairs, paths and dotted names: what must never be split. */
  private static final Pattern UNBREAKABLE =
      Pattern.compile(
          "https?://[^\\s)]+[^\\s).,;]|[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+|\\b[\\w-]+(\\.[\\w-]+)*:\\d{2,5}\\b"
              + "|[\\w.-]+(/[\\w.-]+)+|\\.[\\w-]+(\\.[\\w-]+)*\\.\\w+");

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

  private static List<String> subcommands() {
    return new ArrayList<>(Backstride.commandLine().getSubcommands().keySet());
  }

  @Test
  void everySubcommandAnswersHelpWithItsUsageAndExitZero() {
    assertThat(subcommands())
        .contains("help", "demo", "run", "inspect", "analyze", "upload", "import");
    for (String command : subcommands()) {
      for (String flag : List.of("--help", "-h")) {
        Run run = execute(command, flag);
        assertThat(run.code()).as(command + " " + flag + ": " + run.err()).isZero();
        assertThat(run.err()).as(command + " " + flag).isEmpty();
        assertThat(run.out()).as(command + " " + flag).contains("Usage: backstride " + command);
      }
    }
  }

  @Test
  void theHelpSubcommandShowsTheUsageOfTheCommandNamed() {
    Run run = execute("help", "upload");

    assertThat(run.code()).isZero();
    assertThat(run.out()).startsWith("Usage: backstride upload").contains("--athlete");

    Run root = execute("help");
    assertThat(root.code()).isZero();
    assertThat(root.out()).startsWith("Usage: backstride").contains("upload", "import", "help");
  }

  @Test
  void versionIsTheBuildsVersion() {
    String expected = System.getProperty("backstride.expectedVersion");
    assertThat(expected).as("set by the cli pom for this test").isNotBlank();

    Run root = execute("--version");
    Run sub = execute("upload", "--version");

    assertThat(root.code()).isZero();
    assertThat(root.out().strip()).isEqualTo("backstride " + expected);
    assertThat(sub.out().strip()).isEqualTo("backstride " + expected);
  }

  @Test
  void aUsageErrorExitsTwo() {
    Run unknownOption = execute("upload", "--athlete", "ana", "--bogus", "x.gpx");
    Run missing = execute("upload", "x.gpx");

    assertThat(unknownOption.code()).isEqualTo(2);
    assertThat(unknownOption.err()).contains("Unknown option: '--bogus'");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--athlete");
  }

  @Test
  void helpTextNeverBreaksInsideAUrlOrAddress() {
    List<CommandLine> commands = new ArrayList<>();
    CommandLine root = Backstride.commandLine();
    commands.add(root);
    commands.addAll(root.getSubcommands().values());
    int tokensChecked = 0;
    for (CommandLine command : commands) {
      // at a width where nothing wraps, every token is whole: those must survive the usual width
      Set<String> tokens = tokens(usage(command, 1000));
      String usual = usage(command, 80);
      for (String token : tokens) {
        assertThat(usual)
            .as("usage of %s at 80 columns:%n%s", command.getCommandName(), usual)
            .contains(token);
        tokensChecked++;
      }
    }
    // the URLs and addresses of upload, import and demo at least: the check is not vacuous
    assertThat(tokensChecked).isGreaterThanOrEqualTo(4);
  }

  private static String usage(CommandLine command, int width) {
    command.setUsageHelpAutoWidth(false);
    command.setUsageHelpWidth(width);
    return command.getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  private static Set<String> tokens(String text) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = UNBREAKABLE.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }

  @Test
  void aRuntimeFailureExitsOneWithOneLine() throws Exception {
    CliProcess.Result result = CliProcess.run(Map.of(), "import", "/nope.zip", "--athlete", "ana");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err()).startsWith("backstride: ");
  }
}
