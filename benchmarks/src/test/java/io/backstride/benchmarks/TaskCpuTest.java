package io.backstride.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class TaskCpuTest {
  @Test
  void ticksAreUserPlusSystemTimeEvenWhenTheCommandNameHoldsSpacesAndParentheses() {
    // fields 14 (utime) 250 and 15 (stime) 17; the name is what a Kafka thread's comm can look like
    String stat =
        "4242 (kafka-producer ) x) S 1 4242 4242 0 -1 4194368 1052 0 0 0 250 17 3 4 20 0 58 0"
            + " 123456 0 0";

    assertThat(TaskCpu.ticks(stat)).isEqualTo(267);
  }

  @Test
  void aBusyThreadOfThisProcessIsFoundUnderItsName() throws InterruptedException {
    CountDownLatch burnt = new CountDownLatch(1);
    CountDownLatch end = new CountDownLatch(1);
    Thread busy =
        new Thread(
            () -> {
              long until = CpuAccount.currentThreadNanos() + 200_000_000;
              long x = 0;
              while (CpuAccount.currentThreadNanos() < until) {
                x += x * 31 + 7;
              }
              burnt.countDown();
              try {
                end.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              if (x == 42) {
                System.out.print("");
              }
            },
            "task-cpu-busy");
    busy.start();
    burnt.await();
    try {
      Map<String, Long> byGroup =
          TaskCpu.self().sample().nanosBy(comm -> comm.equals("task-cpu-busy") ? "busy" : "rest");

      // 200 ms of thread CPU, seen in 10 ms ticks
      assertThat(byGroup.get("busy")).isBetween(150_000_000L, 400_000_000L);
    } finally {
      end.countDown();
      busy.join();
    }
  }

  @Test
  void theJvmsOwnThreadsAreTheCollectorsTheCompilersOrTheVms() {
    assertThat(TaskCpu.jvmNativeGroup("GC Thread#1")).isEqualTo("GC");
    assertThat(TaskCpu.jvmNativeGroup("G1 Conc#0")).isEqualTo("GC");
    assertThat(TaskCpu.jvmNativeGroup("C1 CompilerThre")).isEqualTo("JIT");
    assertThat(TaskCpu.jvmNativeGroup("C2 CompilerThre")).isEqualTo("JIT");
    assertThat(TaskCpu.jvmNativeGroup("VM Thread")).isEqualTo("VM");
    assertThat(TaskCpu.jvmNativeGroup("VM Periodic Tas")).isEqualTo("VM");
  }

  @Test
  void theImportClientsMissingTimeMakesUpItsExactTotal() {
    Map<String, Long> byGroup =
        StackCpu.clientWithTotal(Map.of("client: ordering reads", 700L, "client: GC", 100L), 1000L);

    assertThat(byGroup).containsEntry(StackCpu.CLIENT_NOT_SAMPLED, 200L);
    assertThat(byGroup.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1000L);
  }
}
