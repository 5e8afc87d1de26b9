package io.backstride.platform.deadletter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code backstride_dead_letters_total{reason,source}}: dead letters written, by a reason from a
 * short fixed list (the letter itself carries the full text) and the topic of the record that
 * caused it.
 */
public final class DeadLetterMeter {
  public static final String NAME = "backstride.dead.letters";

  /** A record whose key or value could not be read. */
  public static final String UNREADABLE = "unreadable";

  /** A result that could not be written (serialized). */
  public static final String UNWRITABLE = "unwritable";

  /** A run the training load cannot count (outside the kept window). */
  public static final String RUN_NOT_COUNTED = "run_not_counted";

  private DeadLetterMeter() {}

  /** Counts one dead letter; a null registry counts nothing (a handler configured without one). */
  public static void count(MeterRegistry registry, String reason, String sourceTopic) {
    if (registry == null) {
      return;
    }
    Counter.builder(NAME)
        .description("Dead letters written to ingest-dead-letter.v1, by reason and source topic")
        .tags("reason", reason, "source", sourceTopic == null ? "unknown" : sourceTopic)
        .register(registry)
        .increment();
  }
}
