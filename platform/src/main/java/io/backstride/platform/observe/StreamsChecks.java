package io.backstride.platform.observe;

import io.backstride.platform.streams.StreamsRunner;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The health rules of a Streams application, from its {@link StreamsRunner.Health}. Live unless it
 * has stopped or is stopping (ERROR, PENDING_ERROR, PENDING_SHUTDOWN, NOT_RUNNING, or a fatal error
 * reported): starting (CREATED) and rebalancing are alive. Ready only while RUNNING: a rebalancing
 * application processes nothing and its stores may be elsewhere.
 */
public final class StreamsChecks {
  private static final Set<String> ALIVE = Set.of("CREATED", "REBALANCING", "RUNNING");

  private StreamsChecks() {}

  /** Empty while alive; else the application's state and, when known, why it stopped. */
  public static Optional<String> notLive(StreamsRunner.Health health) {
    if (health == null) {
      return Optional.empty(); // not created yet: the service is still starting
    }
    if (ALIVE.contains(health.state()) && (health.healthy() || health.cause() == null)) {
      return Optional.empty();
    }
    return Optional.of(describe(health));
  }

  /** Empty while RUNNING without a fatal error; else its state and, when known, why. */
  public static Optional<String> notReady(StreamsRunner.Health health) {
    if (health == null) {
      return Optional.of("the Streams application has not been created yet");
    }
    if (health.state().equals("RUNNING") && health.healthy()) {
      return Optional.empty();
    }
    return Optional.of(describe(health));
  }

  /** Both checks, live and ready, of the application {@code health} reports on. */
  public static Health register(Health into, Supplier<StreamsRunner.Health> health) {
    return into.live("streams", () -> notLive(health.get()))
        .ready("streams-running", () -> notReady(health.get()));
  }

  private static String describe(StreamsRunner.Health health) {
    return health.name()
        + " is "
        + health.state()
        + (health.cause() == null ? "" : ": " + health.cause());
  }
}
