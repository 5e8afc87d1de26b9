package io.backstride.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.AthleteTrend;
import io.backstride.core.load.RunLoad;
import io.backstride.streams.AthleteChange.ActivityChanged;
import io.backstride.streams.state.AthleteState;
import io.backstride.streams.state.AthleteStateSerde;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Streams does to a task whose exactly-once transaction aborts, played on one processor
 * instance: it closes the task dirty, wipes the store and restores it from the changelog as of the
 * last commit, initialises the same processor again and processes the uncommitted records again.
 * The processor's decoded states must not outlive that: the store is the truth.
 */
class AthleteLoadProcessorRestartTest {
  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  private static final String ATHLETE = "restart-ana";

  private MockProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, AthleteState> store;
  private AthleteLoadProcessor processor;

  @BeforeEach
  void setUp() {
    context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(T0.plus(Duration.ofDays(400)).toEpochMilli());
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.ATHLETE_LOADS),
                Serdes.String(),
                new AthleteStateSerde())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    processor = new AthleteLoadProcessor(ZoneOffset.UTC, TrainingLoadMeters.unread());
  }

  @Test
  void aTransactionAbortedAfterAChangeIsProcessedAgainFromTheRestoredStore() {
    processor.init(context);
    List<AthleteTrend> clean = process(run("r1", 0, 8000));
    assertThat(clean).isNotEmpty();

    // the transaction with r1 aborts: the restored store holds what was committed, nothing yet
    processor.close();
    store.delete(ATHLETE);
    processor.init(context);

    assertThat(process(run("r1", 0, 8000)))
        .as("the same trends as the first time: the change is new to the restored store")
        .isEqualTo(clean);
    assertThat(store.get(ATHLETE)).isNotNull();
  }

  @Test
  void aStoreRestoredToAnEarlierCommitIsReadAgainAfterTheTaskWasInitialisedAgain() {
    processor.init(context);
    process(run("r1", 0, 8000));
    AthleteState committed = store.get(ATHLETE);
    process(run("r2", 2, 6000)); // in the transaction that aborts
    List<AthleteTrend> withR2 = process(run("r3", 4, 10000));

    processor.close();
    store.put(ATHLETE, committed);
    processor.init(context);
    process(run("r2", 2, 6000));

    assertThat(process(run("r3", 4, 10000)))
        .as("r3 on top of r1 and r2 again, not on the state from before the abort")
        .isEqualTo(withR2);
  }

  @Test
  void withoutKeepingDecodedStatesTheProcessorGivesTheSameTrends() {
    AthleteLoadProcessor decoding =
        new AthleteLoadProcessor(ZoneOffset.UTC, TrainingLoadMeters.unread(), 0);
    processor.init(context);
    List<List<AthleteTrend>> kept =
        List.of(
            process(run("r1", 0, 8000)),
            process(run("r2", 2, 6000)),
            process(run("r2", 2, 6500)),
            process(run("r3", 4, 10000)));
    store.delete(ATHLETE);
    context.resetForwards();
    processor = decoding;
    decoding.init(context);
    List<List<AthleteTrend>> decoded =
        List.of(
            process(run("r1", 0, 8000)),
            process(run("r2", 2, 6000)),
            process(run("r2", 2, 6500)),
            process(run("r3", 4, 10000)));
    assertThat(decoded).isEqualTo(kept);
  }

  /** A run of {@code metres} at 3 m/s on day {@code day} after T0, as the topology passes it on. */
  private static ActivityChanged run(String id, int day, double metres) {
    double seconds = metres / 3.0;
    List<Double> bands = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      bands.add(0.0);
    }
    bands.add(metres);
    return new ActivityChanged(
        id,
        AthleteStateSerde.inStoredPrecision(
            new RunLoad(T0.plus(Duration.ofDays(day)), metres, metres, seconds, 40, bands)));
  }

  /** The trends one change makes. */
  private List<AthleteTrend> process(ActivityChanged change) {
    context.resetForwards();
    long at = change.run().start().toEpochMilli();
    processor.process(new Record<>(ATHLETE, (AthleteChange) change, at));
    return context.forwarded().stream()
        .map(f -> f.record().value())
        .filter(AthleteTrend.class::isInstance)
        .map(AthleteTrend.class::cast)
        .toList();
  }
}
