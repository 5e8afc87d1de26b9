package io.backstride.platform.observe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service's liveness and readiness, as checks it registers at start. Live: nothing has failed
 * that only a restart can mend (a Streams application in ERROR). Ready: live, and everything the
 * service needs to do its work answers now (Kafka reachable, the Streams application RUNNING, the
 * notifier assigned, SMTP answering). The HTTP routes ({@code /health/live}, {@code /health/ready})
 * are the service's; they answer {@link HealthReport#httpStatus()} and {@link HealthReport#json()}.
 */
public final class Health {
  /** One thing health depends on: empty when fine, else why not in one line. */
  @FunctionalInterface
  public interface Check {
    Optional<String> problem();
  }

  private final Map<String, Check> live = new LinkedHashMap<>();
  private final Map<String, Check> ready = new LinkedHashMap<>();

  /** A check of liveness, and so of readiness too: what is not alive is not ready. */
  public synchronized Health live(String name, Check check) {
    live.put(name, check);
    ready.put(name, check);
    return this;
  }

  /** A check of readiness only. */
  public synchronized Health ready(String name, Check check) {
    ready.put(name, check);
    return this;
  }

  public HealthReport live() {
    return report(snapshot(live));
  }

  public HealthReport ready() {
    return report(snapshot(ready));
  }

  private synchronized Map<String, Check> snapshot(Map<String, Check> checks) {
    return new LinkedHashMap<>(checks);
  }

  private static HealthReport report(Map<String, Check> checks) {
    List<HealthReport.Result> results = new ArrayList<>();
    checks.forEach((name, check) -> results.add(new HealthReport.Result(name, run(check))));
    return new HealthReport(results);
  }

  /** A check that throws has failed, for the reason it throws. */
  private static Optional<String> run(Check check) {
    try {
      Optional<String> problem = check.problem();
      return problem == null ? Optional.empty() : problem;
    } catch (RuntimeException e) {
      return Optional.of("the check failed: " + (e.getMessage() == null ? e : e.getMessage()));
    }
  }
}
