package io.backstride.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CpuAccountTest {

  /** Burns CPU under a name, reports its own CPU time, then stays alive until released. */
  private static Thread busy(
      String name, AtomicLong spent, CountDownLatch done, CountDownLatch end) {
    Thread thread =
        new Thread(
            () -> {
              long start = CpuAccount.currentThreadNanos();
              long x = 0;
              for (int i = 0; i < 50_000_000; i++) {
                x += i * 31L ^ x;
              }
              // x is read so that the loop is not optimised away
              spent.set(CpuAccount.currentThreadNanos() - start + (x == 42 ? 1 : 0));
              done.countDown();
              try {
                end.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    thread.setDaemon(true);
    return thread;
  }

  @Test
  void attributesEachThreadsCpuToTheGroupItsNameBelongsTo() throws Exception {
    CpuAccount account =
        new CpuAccount(CpuAccount.ingestService(), name -> name.startsWith("upload-client-"));
    AtomicLong serviceSpent = new AtomicLong();
    AtomicLong clientSpent = new AtomicLong();
    CountDownLatch done = new CountDownLatch(2);
    CountDownLatch end = new CountDownLatch(1);
    CpuAccount.Snapshot before = CpuAccount.take();
    Thread service = busy("JettyServerThreadPool-99", serviceSpent, done, end);
    Thread client = busy("upload-client-1", clientSpent, done, end);
    service.start();
    client.start();
    done.await();

    CpuAccount.Split split = account.since(before);
    end.countDown();

    assertThat(serviceSpent.get()).isPositive();
    assertThat(clientSpent.get()).isPositive();
    // each group holds at least its busy thread's CPU, and the service's busy thread is not
    // counted among the clients or the rest
    assertThat(split.serviceNanos()).isGreaterThanOrEqualTo(serviceSpent.get());
    assertThat(split.clientNanos()).isGreaterThanOrEqualTo(clientSpent.get());
    assertThat(split.clientNanos()).isLessThan(clientSpent.get() + serviceSpent.get());
    assertThat(split.totalNanos()).isGreaterThanOrEqualTo(serviceSpent.get() + clientSpent.get());
  }

  @Test
  void ingestServiceThreadsAreJettyTheIngestProducerAndItsCache() {
    var service = CpuAccount.ingestService();

    assertThat(service.test("JettyServerThreadPool-23")).isTrue();
    assertThat(service.test("kafka-producer-network-thread | backstride-ingest")).isTrue();
    assertThat(service.test("cache-athlete-profiles.v1")).isTrue();
    assertThat(service.test("kafka-producer-network-thread | producer-1")).isFalse();
    assertThat(service.test("data-plane-kafka-request-handler-0")).isFalse();
    assertThat(service.test("HttpClient-1-SelectorManager")).isFalse();
  }
}
