package io.backstride.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code backstride} in a JVM of its own, as a user would: its own environment, its exit code,
 * stdout and stderr apart. For what cannot be seen in-process (environment variables, {@code
 * System.exit}).
 */
final class CliProcess {
  /** How a run ended. */
  record Result(int exitCode, String out, String err) {}

  private CliProcess() {}

  static Result run(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Backstride.class.getName());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("backstride-out-", ".txt");
    Path err = Files.createTempFile("backstride-err-", ".txt");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().keySet().removeIf(k -> k.startsWith("BACKSTRIDE_"));
      builder.environment().putAll(env);
      builder.redirectInput(new File("/dev/null"));
      Process process = builder.start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("backstride " + String.join(" ", args) + " hung");
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
