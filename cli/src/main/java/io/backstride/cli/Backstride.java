package io.backstride.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ScopeType;

/**
 * The {@code backstride} command. Exit codes follow picocli's convention: 0 success, 1 a failure
 * while running, 2 a usage error (unknown option, missing or invalid argument).
 */
@Command(
    name = "backstride",
    // inherited by every subcommand: each has -h/--help and -V/--version. The usage keeps
    // picocli's 80 columns, at which CommandLineConventionsTest checks that no URL is split.
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Backstride.BuildVersion.class,
    description = "Running-watch data to back-pain-risk warnings, on Kafka Streams.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DemoCommand.class,
      RunCommand.class,
      InspectCommand.class,
      AnalyzeCommand.class,
      UploadCommand.class,
      ImportCommand.class
    })
public final class Backstride {
  static final int RUNTIME_FAILURE = 1;

  /** The command line's Log4j configuration, a classpath resource. */
  public static final String CLI_LOG_CONFIG = "classpath:io/backstride/cli/log4j2-cli.xml";

  public static void main(String[] args) {
    quietLogging();
    System.exit(execute(args));
  }

  /**
   * The command line's own Log4j configuration, warnings only, instead of the services' log4j2.xml
   * on the same classpath; before any logger exists. An explicitly chosen configuration stays.
   */
  private static void quietLogging() {
    if (System.getProperty("log4j2.configurationFile") == null
        && System.getProperty("log4j.configurationFile") == null
        && System.getenv("LOG4J_CONFIGURATION_FILE") == null) {
      System.setProperty("log4j2.configurationFile", CLI_LOG_CONFIG);
    }
  }

  /** Runs one command line and returns its exit code; what {@link #main} does, without exiting. */
  static int execute(String... args) {
    return commandLine().execute(args.length == 0 ? new String[] {"--help"} : args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Backstride());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          // one line for the user; the stack trace only when asked for
          PrintWriter err = commandLine.getErr();
          if (e instanceof Arguments.BadEnvironmentValue) {
            err.println("backstride: " + e.getMessage());
            err.flush();
            return commandLine.getCommandSpec().exitCodeOnInvalidInput();
          }
          err.println("backstride: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          if (System.getenv("BACKSTRIDE_DEBUG") != null) {
            e.printStackTrace(err);
          }
          err.flush();
          return RUNTIME_FAILURE;
        });
    return cli;
  }

  /** The version the build wrote into {@code version.properties} (a filtered resource). */
  static final class BuildVersion implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Backstride.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          return new String[] {"backstride (version unknown: not built by Maven)"};
        }
        p.load(in);
      }
      return new String[] {"backstride " + p.getProperty("version")};
    }
  }
}
