package io.backstride.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.AthleteProfile;
import io.backstride.avro.SampleBatch;
import io.backstride.avro.SymptomReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AcknowledgedPublisherTest {

  @Test
  void flushesWhatThePublisherHoldsBackRatherThanWaitingUntilItSendsByItself() {
    HoldingPublisher holding = new HoldingPublisher();
    AcknowledgedPublisher publisher = new AcknowledgedPublisher(holding, Duration.ofSeconds(5));

    publisher.batches("runner-1", List.of(), "activity a1");

    assertThat(holding.flushes).hasValue(1);
    assertThat(holding.held).allMatch(CompletableFuture::isDone);
  }

  @Test
  void doesNotFlushWhatIsAcknowledgedAlready() {
    HoldingPublisher holding = new HoldingPublisher();
    holding.acknowledgeAtOnce = true;
    AcknowledgedPublisher publisher = new AcknowledgedPublisher(holding, Duration.ofSeconds(5));

    publisher.batches("runner-1", List.of(), "activity a1");

    assertThat(holding.flushes).hasValue(0);
  }

  /** Like a producer with a linger: a publish is acknowledged only once it is flushed. */
  private static final class HoldingPublisher implements ActivityPublisher {
    final List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
    final AtomicInteger flushes = new AtomicInteger();
    volatile boolean acknowledgeAtOnce;

    @Override
    public CompletableFuture<Void> publish(String athleteId, List<SampleBatch> batches) {
      return hold();
    }

    @Override
    public CompletableFuture<Void> publishProfile(String athleteId, AthleteProfile profile) {
      return hold();
    }

    @Override
    public CompletableFuture<Void> publishSymptom(String athleteId, SymptomReport report) {
      return hold();
    }

    @Override
    public void flush() {
      flushes.incrementAndGet();
      held.forEach(f -> f.complete(null));
    }

    private CompletableFuture<Void> hold() {
      CompletableFuture<Void> ack =
          acknowledgeAtOnce ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
      held.add(ack);
      return ack;
    }
  }
}
