package io.backstride.platform.observe;

import java.util.List;
import java.util.Optional;

/**
 * The answer of {@code /health/live} or {@code /health/ready}: every check with its outcome. Up
 * (200) when all passed; down (503) otherwise, and {@link #json()} lists each failed check with its
 * reason, one line each, before the ones that passed.
 */
public record HealthReport(List<Result> checks) {

  /** One check's outcome: {@code problem} empty when it passed. */
  public record Result(String check, Optional<String> problem) {
    public boolean passed() {
      return problem.isEmpty();
    }
  }

  public HealthReport {
    checks = List.copyOf(checks);
  }

  public boolean up() {
    return checks.stream().allMatch(Result::passed);
  }

  /** 200 when up, 503 when down. */
  public int httpStatus() {
    return up() ? 200 : 503;
  }

  /** The checks that failed, each as {@code check: reason}. */
  public List<String> problems() {
    return checks.stream()
        .filter(r -> !r.passed())
        .map(r -> r.check() + ": " + r.problem().get())
        .toList();
  }

  /**
   * {@code {"status":"UP","passed":["kafka","streams"]}}, or when down {@code {"status":"DOWN",
   * "failed":[{"check":"kafka","reason":"..."}, ...],"passed":[...]}} with one failed check a line.
   */
  public String json() {
    StringBuilder out =
        new StringBuilder("{\"status\":\"").append(up() ? "UP" : "DOWN").append('"');
    List<Result> failed = checks.stream().filter(r -> !r.passed()).toList();
    if (!failed.isEmpty()) {
      out.append(",\"failed\":[\n");
      for (int i = 0; i < failed.size(); i++) {
        Result r = failed.get(i);
        out.append("  {\"check\":")
            .append(quoted(r.check()))
            .append(",\"reason\":")
            .append(quoted(r.problem().get()))
            .append('}')
            .append(i + 1 < failed.size() ? ",\n" : "\n");
      }
      out.append("]");
    }
    out.append(",\"passed\":[");
    List<Result> passed = checks.stream().filter(Result::passed).toList();
    for (int i = 0; i < passed.size(); i++) {
      out.append(i == 0 ? "" : ",").append(quoted(passed.get(i).check()));
    }
    return out.append("]}\n").toString();
  }

  private static String quoted(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
