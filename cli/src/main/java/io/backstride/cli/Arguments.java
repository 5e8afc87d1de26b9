package io.backstride.cli;

import io.backstride.core.access.AthleteIds;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values that picocli's types cannot express. A failed check is a usage error
 * (exit 2) that states the rule, before anything is read or sent.
 */
final class Arguments {
  private Arguments() {}

  /** The athlete id, if it follows the service's rule for ids. */
  static String athleteId(CommandSpec spec, String option, String value) {
    try {
      return AthleteIds.requireValid(value);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '" + option + "': " + e.getMessage() + ", was '" + value + "'");
    }
  }

  /** The base URL of a service, if it is an absolute http(s) URL with a host. */
  static String serviceUrl(CommandSpec spec, String option, String value) {
    String problem;
    try {
      URI uri = new URI(value.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        problem = "must start with http:// or https://";
      } else if (uri.getHost() == null) {
        problem = "names no host";
      } else {
        return value.strip();
      }
    } catch (URISyntaxException e) {
      problem = "is not a URL (" + e.getReason() + ")";
    }
    throw new ParameterException(
        spec.commandLine(),
        "Invalid value for option '"
            + option
            + "': "
            + problem
            + ", e.g. http://127.0.0.1:8080; was '"
            + value
            + "'");
  }
}
