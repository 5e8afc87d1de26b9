package io.backstride.cli;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for the pipeline in the command line, with a deadline and a reason when it passes. */
final class Waits {

  static void until(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(100); // a command-line poll of a remote state, not a test
    }
  }

  private Waits() {}
}
