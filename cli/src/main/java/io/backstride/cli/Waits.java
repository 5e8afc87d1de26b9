package io.backstride.cli;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for the pipeline in the command line, with a deadline and a reason when it passes. */
final class Waits {

  static void until(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    until(condition, timeout, what, Duration.ofMillis(100));
  }

  /**
   * Like the other, testing again {@code every} after a miss: a shorter pause where the test itself
   * waits (a consumer's poll) or is a cheap request, and each pause adds to a command's time.
   */
  static void until(BooleanSupplier condition, Duration timeout, String what, Duration every)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(every.toMillis()); // a command-line poll of a remote state, not a test
    }
  }

  private Waits() {}
}
