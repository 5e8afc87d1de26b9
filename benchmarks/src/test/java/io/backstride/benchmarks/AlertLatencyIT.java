package io.backstride.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the time-to-an-alert harness once at its smallest size: every tipping upload, by file and by
 * live sync, must be followed through to its alert and its email, so that a change to the rules,
 * the history or the notifier that stops the harness from measuring shows here. Nothing is timed.
 */
class AlertLatencyIT {

  @Test
  void followsEveryTippingUploadToItsAlertAndEmail() throws Exception {
    BenchStack.quietLogging();
    List<String> progress = new ArrayList<>();

    List<AlertLatency.Round> rounds = AlertLatency.run(4, 1, 100, 3, progress::add);

    assertThat(rounds).hasSize(1);
    AlertLatency.Round round = rounds.get(0);
    assertThat(round.tips()).hasSize(4);
    assertThat(round.tips()).filteredOn(AlertLatency.Tip::sync).hasSize(2);
    for (AlertLatency.Stage stage : AlertLatency.Stage.values()) {
      assertThat(round.count(false, stage)).as("file uploads seen at %s", stage).isEqualTo(2);
      assertThat(round.count(true, stage)).as("sync batches seen at %s", stage).isEqualTo(2);
    }
    assertThat(round.floor()).hasSize(3);
    assertThat(AlertLatency.report(rounds, 4, 100))
        .anyMatch(
            line ->
                line.startsWith("| **alert received (back-pain-alerts.v1)** | file upload | 2 |"));
    assertThat(AlertLatency.rows(rounds))
        .hasSize(4)
        .allMatch(row -> row.startsWith("ROW | 15.3 | 202 -> "))
        .noneMatch(row -> row.contains("failed:"));
  }
}
