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

  /**
   * A setting from the environment that does not parse: one line naming the variable, a usage error
   * (exit 2) but without the usage, which would only repeat the bad value as the default.
   */
  static final class BadEnvironmentValue extends RuntimeException {
    BadEnvironmentValue(String message) {
      super(message);
    }
  }

  /**
   * The base URL of a service, if it is an absolute http(s) URL with a host. When the option was
   * not given, the value came from {@code envName}, and a bad one is reported under that name.
   */
  static String serviceUrl(CommandSpec spec, String option, String envName, String value) {
    if (!spec.commandLine().getParseResult().hasMatchedOption(option)
        && System.getenv(envName) != null) {
      String problem = urlProblem(value);
      if (problem != null) {
        throw new BadEnvironmentValue(
            envName
                + " must be an http:// or https:// URL with a host, e.g. http://127.0.0.1:8080;"
                + " was '"
                + value
                + "'");
      }
    }
    return serviceUrl(spec, option, value);
  }

  /** What is wrong with a service URL, or {@code null} when it is an http(s) URL with a host. */
  private static String urlProblem(String value) {
    try {
      URI uri = new URI(value.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return "must start with http:// or https://";
      } else if (uri.getHost() == null) {
        return "names no host";
      }
      return null;
    } catch (URISyntaxException e) {
      return "is not a URL (" + e.getReason() + ")";
    }
  }

  /** The base URL of a service, if it is an absolute http(s) URL with a host. */
  static String serviceUrl(CommandSpec spec, String option, String value) {
    String problem = urlProblem(value);
    if (problem == null) {
      return value.strip();
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
