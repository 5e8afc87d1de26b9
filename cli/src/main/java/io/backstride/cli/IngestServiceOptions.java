package io.backstride.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Which running ingest service a command sends to, and with what token: the options {@code upload}
 * and {@code import} share (a picocli mixin).
 */
final class IngestServiceOptions {
  @Option(
      names = "--url",
      description = {
        "Base URL of the ingest service,",
        "default: ${DEFAULT-VALUE}",
        "(env BACKSTRIDE_INGEST_URL)."
      },
      defaultValue = "${env:BACKSTRIDE_INGEST_URL:-http://127.0.0.1:8080}")
  String url;

  @Option(
      names = "--token",
      description = "Bearer token (default: env BACKSTRIDE_TOKEN; none when auth is off).",
      defaultValue = "${env:BACKSTRIDE_TOKEN}")
  String token;

  /**
   * A client of the service; a URL that is not an http(s) URL with a host is a usage error of
   * {@code command}, under the option or the variable it came from.
   */
  IngestClient client(CommandSpec command) {
    return new IngestClient(
        Arguments.serviceUrl(command, "--url", "BACKSTRIDE_INGEST_URL", url), token);
  }
}
