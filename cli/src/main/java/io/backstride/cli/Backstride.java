package io.backstride.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code backstride} command. */
@Command(
    name = "backstride",
    mixinStandardHelpOptions = true,
    version = "backstride 0.1.0",
    description = "Running-watch data to back-pain-risk warnings, on Kafka Streams.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      InspectCommand.class,
      AnalyzeCommand.class,
      UploadCommand.class,
      ImportCommand.class
    })
public final class Backstride {

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Backstride());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          // one line for the user; the stack trace only when asked for
          commandLine.getErr().println("backstride: " + e.getMessage());
          if (System.getenv("BACKSTRIDE_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
          }
          return 2;
        });
    int code = args.length == 0 ? cli.execute("--help") : cli.execute(args);
    System.exit(code);
  }
}
