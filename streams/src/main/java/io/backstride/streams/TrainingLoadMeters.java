package io.backstride.streams;

import io.backstride.platform.deadletter.DeadLetterMeter;
import io.backstride.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The training load's own meters. Counted as the processors forward, so a task that aborts its
 * transaction and processes the records again counts them again: a rate to watch, not a ledger.
 *
 * <ul>
 *   <li>{@code backstride_activities_completed_total{trigger}}: {@code final_batch} (the upload's
 *       or sync's last batch came) or {@code inactivity} (a sync went quiet for the idle time)
 *   <li>{@code backstride_trends_emitted_total}: trends written to {@code athlete-trends.v1}
 *   <li>{@code backstride_dead_letters_total{reason="run_not_counted"}}: runs outside the kept
 *       window (the handlers count {@code unreadable} and {@code unwritable})
 * </ul>
 */
public record TrainingLoadMeters(MeterRegistry registry) {
  public static final String FINAL_BATCH = "final_batch";
  public static final String INACTIVITY = "inactivity";

  /** Meters nobody reads: for a topology built without a service around it. */
  public static TrainingLoadMeters unread() {
    return new TrainingLoadMeters(new SimpleMeterRegistry());
  }

  void activityCompleted(String trigger) {
    Counter.builder("backstride.activities.completed")
        .description("Activities summarized, by what completed them")
        .tag("trigger", trigger)
        .register(registry)
        .increment();
  }

  void trendEmitted() {
    Counter.builder("backstride.trends.emitted")
        .description("Daily trends written to athlete-trends.v1")
        .register(registry)
        .increment();
  }

  void runNotCounted() {
    DeadLetterMeter.count(
        registry, DeadLetterMeter.RUN_NOT_COUNTED, Topics.ACTIVITY_SUMMARIES.name());
  }
}
