package io.backstride.embeddedkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker restarted on the data directory of one killed with SIGKILL registers without waiting for
 * the killed incarnation's broker session, and keeps what was written before the kill.
 *
 * <p>The session is ten minutes here, so that waiting for it cannot pass unnoticed: the broker's
 * registration gives up after {@code initial.broker.registration.timeout.ms} (60 s) and the start
 * fails, where the stale registration is not removed.
 */
class UncleanRestartIT {
  private static final String TEN_MINUTES = Long.toString(TimeUnit.MINUTES.toMillis(10));
  private static final Map<String, String> LONG_SESSION =
      Map.of("broker.session.timeout.ms", TEN_MINUTES);

  @Test
  void aBrokerRestartedAfterKillMinus9RegistersDespiteTheKilledOnesSessionAndKeepsItsRecords(
      @TempDir Path dataDir) throws Exception {
    killAfterItWroteARecord(dataDir);

    try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.startWith(dataDir, LONG_SESSION)) {
      assertThat(restarted.removedStaleRegistration()).isTrue();
      assertThat(valuesOf(restarted, 1)).containsExactly(BrokerToKill.VALUE);
      // the partition has a leader again: it takes a new record
      BrokerToKill.write(restarted.bootstrapServers(), "after the restart");
      assertThat(valuesOf(restarted, 2)).containsExactly(BrokerToKill.VALUE, "after the restart");
    }
  }

  @Test
  void aBrokerRestartedAfterACleanStopLeavesItsRegistrationAlone(@TempDir Path dataDir)
      throws Exception {
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.startWith(dataDir, LONG_SESSION)) {
      assertThat(first.removedStaleRegistration()).isFalse();
    }

    try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.startWith(dataDir, LONG_SESSION)) {
      assertThat(restarted.removedStaleRegistration()).isFalse();
    }
  }

  private static void killAfterItWroteARecord(Path dataDir) throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                BrokerToKill.class.getName(),
                dataDir.toString(),
                TEN_MINUTES)
            .redirectErrorStream(true)
            .start();
    try {
      List<String> output = new ArrayList<>();
      BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      // reading blocks until the child writes a line or dies (end of stream)
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.add(line);
        if (line.equals(BrokerToKill.UP)) {
          break;
        }
      }
      assertThat(output).as("the child broker's output").contains(BrokerToKill.UP);
    } finally {
      process.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-shutdown marker
      process.waitFor();
    }
  }

  private static List<String> valuesOf(EmbeddedKafkaBroker broker, int expected) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "unclean-restart-" + expected,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(Set.of(BrokerToKill.TOPIC));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= expected;
              });
    }
    return values;
  }
}
