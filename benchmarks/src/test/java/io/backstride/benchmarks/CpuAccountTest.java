package io.backstride.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.ingest.IngestApi;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CpuAccountTest {
  /** The OS reports the process's CPU in clock ticks: 10 ms on Linux. */
  private static final long PROCESS_CPU_RESOLUTION_NANOS = 20_000_000;

  private final CpuAccount account =
      new CpuAccount(CpuAccount.ingestService(), name -> name.startsWith("upload-client-"));

  /**
   * A thread that burns CPU under {@code name}, records its own CPU time in {@code spent}, counts
   * down {@code done}, and then ends once {@code end} is released.
   */
  private static Thread busy(
      String name, AtomicLong spent, CountDownLatch done, CountDownLatch end) {
    Thread thread =
        new Thread(
            () -> {
              long start = CpuAccount.currentThreadNanos();
              long x = 0;
              for (int i = 0; i < 100_000_000; i++) {
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
    AtomicLong serviceSpent = new AtomicLong();
    AtomicLong clientSpent = new AtomicLong();
    CountDownLatch done = new CountDownLatch(2);
    CountDownLatch end = new CountDownLatch(1);
    CpuAccount.Snapshot before = CpuAccount.take();
    Thread service = busy(IngestApi.HTTP_THREADS + "-99", serviceSpent, done, end);
    Thread client = busy("upload-client-1", clientSpent, done, end);
    service.start();
    client.start();
    done.await();

    CpuAccount.Split split = account.since(before);
    end.countDown();

    assertThat(serviceSpent.get()).isPositive();
    assertThat(clientSpent.get()).isPositive();
    // each group holds its busy thread's CPU, and no other group holds either of them
    assertThat(split.serviceNanos()).isGreaterThanOrEqualTo(serviceSpent.get());
    assertThat(split.clientNanos()).isGreaterThanOrEqualTo(clientSpent.get());
    assertThat(split.serviceNanos()).isLessThan(serviceSpent.get() + clientSpent.get());
    assertThat(split.clientNanos()).isLessThan(clientSpent.get() + serviceSpent.get());
    assertThat(split.otherJavaNanos()).isLessThan(Math.min(serviceSpent.get(), clientSpent.get()));
  }

  @Test
  void countsTheServiceThreadsHeapBytesAndNamesThemWithoutTheirNumbers() throws Exception {
    CountDownLatch allocated = new CountDownLatch(1);
    CountDownLatch end = new CountDownLatch(1);
    AtomicLong kept = new AtomicLong();
    CpuAccount.Snapshot before = CpuAccount.take();
    Thread service =
        new Thread(
            () -> {
              for (int i = 0; i < 100; i++) {
                kept.addAndGet(new byte[100 * 1024].length);
              }
              allocated.countDown();
              try {
                end.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            IngestApi.HTTP_THREADS + "-97");
    service.setDaemon(true);
    service.start();
    allocated.await();

    CpuAccount.Split split = account.since(before);
    end.countDown();

    assertThat(kept.get()).isEqualTo(100 * 100 * 1024L);
    assertThat(split.serviceAllocatedBytes()).isGreaterThanOrEqualTo(kept.get());
    assertThat(split.serviceNanosByThread()).containsKey(IngestApi.HTTP_THREADS + "-N");
  }

  @Test
  void aThreadThatEndedBeforeTheAccountIsCountedAsTheVms() throws Exception {
    AtomicLong spent = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    CountDownLatch end = new CountDownLatch(0);
    CpuAccount.Snapshot before = CpuAccount.take();
    Thread ended = busy(IngestApi.HTTP_THREADS + "-98", spent, done, end);
    ended.start();
    ended.join();

    CpuAccount.Split split = account.since(before);

    // no group can see a thread that is gone, but the process's CPU still holds its time
    assertThat(split.serviceNanos()).isLessThan(spent.get());
    assertThat(split.vmNanos()).isGreaterThan(spent.get() - PROCESS_CPU_RESOLUTION_NANOS);
  }

  @Test
  void ingestServiceThreadsAreItsHttpPoolProducerCacheAndProbe() {
    Predicate<String> service = CpuAccount.ingestService();

    assertThat(service.test(IngestApi.HTTP_THREADS + "-23")).isTrue();
    assertThat(service.test("kafka-producer-network-thread | backstride-ingest")).isTrue();
    assertThat(service.test("cache-athlete-profiles.v1")).isTrue();
    assertThat(service.test("ingest-health-probe")).isTrue();
    assertThat(service.test("ingest-kafka-probe")).isTrue();
    assertThat(service.test("kafka-admin-client-thread | ingest-health")).isTrue();
    assertThat(service.test("metrics-kafka-refresh")).isTrue();
    // the schema registry's HTTP server keeps Javalin's default pool name
    assertThat(service.test("JettyServerThreadPool-23")).isFalse();
    assertThat(service.test("kafka-producer-network-thread | producer-1")).isFalse();
    assertThat(service.test("data-plane-kafka-request-handler-0")).isFalse();
    assertThat(service.test("HttpClient-1-SelectorManager")).isFalse();
  }
}
