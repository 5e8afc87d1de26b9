package io.backstride.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.benchmarks.AlertLatency.Arrival;
import io.backstride.benchmarks.AlertLatency.FloorSample;
import io.backstride.benchmarks.AlertLatency.Round;
import io.backstride.benchmarks.AlertLatency.Stage;
import io.backstride.benchmarks.AlertLatency.Tip;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The 15.3 rows of the results table, from rounds made up here (no broker, nothing timed). */
class AlertLatencyRowsTest {
  private static final long MS = 1_000_000;

  @Test
  void eachPathsAlertP99IsComparedWithTheOneHopReferenceAndTheTarget() {
    Round round =
        round(
            Map.of("file-1", 400L, "file-2", 430L, "sync-1", 1_600L, "sync-2", 350L),
            List.of(100L, 200L));

    List<String> rows = AlertLatency.rows(List.of(round));

    assertThat(rows)
        .containsExactly(
            "ROW | 15.3 | 202 -> alert on back-pain-alerts.v1, file upload, p99 of 2 | 430 ms"
                + " | 200 ms (one exactly-once Streams hop, commit 100 ms, p99) | 2.15x"
                + " | p99 <= 1.5 s | yes",
            "ROW | 15.3 | 202 -> alert on back-pain-alerts.v1, live-sync final batch, p99 of 2"
                + " | 1,600 ms | 200 ms (one exactly-once Streams hop, commit 100 ms, p99) | 8.00x"
                + " | p99 <= 1.5 s | no",
            "ROW | 15.3 | 202 -> email accepted by the SMTP sink, file upload, p99 of 2 (1 s of it"
                + " the notifier's grouping delay) | 1,430 ms | - | - | none: measured | -",
            "ROW | 15.3 | 202 -> email accepted by the SMTP sink, live-sync final batch, p99 of 2"
                + " (1 s of it the notifier's grouping delay) | 2,600 ms | - | - | none: measured"
                + " | -");
  }

  @Test
  void aPathWithAnAlertMissingIsAFailedRowNotAP99OfTheRest() {
    Round round = round(Map.of("file-1", 400L, "sync-1", 300L, "sync-2", 310L), List.of(100L));
    Round withTwoFileTips =
        new Round(
            List.of(
                new Tip("file-1", false, 0, 0),
                new Tip("file-2", false, 0, 0),
                new Tip("sync-1", true, 0, 0),
                new Tip("sync-2", true, 0, 0)),
            round.arrivals(),
            round.floor(),
            Map.of(),
            List.of(),
            List.of());

    assertThat(AlertLatency.rows(List.of(withTwoFileTips)).get(0))
        .isEqualTo(
            "ROW | 15.3 | 202 -> alert on back-pain-alerts.v1, file upload, p99 | failed: 1 of 2"
                + " alerts received | 100 ms (one exactly-once Streams hop, commit 100 ms, p99)"
                + " | - | p99 <= 1.5 s | no");
  }

  /**
   * One round whose tips all had their 202 at 0; each athlete's alert {@code ms} later and its
   * email 1 s after that; reference hops of {@code hopMs}.
   */
  private static Round round(Map<String, Long> alertMs, List<Long> hopMs) {
    Map<Stage, Map<String, Arrival>> arrivals = new EnumMap<>(Stage.class);
    for (Stage s : Stage.values()) {
      arrivals.put(s, new HashMap<>());
    }
    List<Tip> tips =
        alertMs.keySet().stream()
            .sorted()
            .map(a -> new Tip(a, a.startsWith("sync"), 0, 0))
            .toList();
    alertMs.forEach(
        (athlete, ms) -> {
          arrivals.get(Stage.ALERT).put(athlete, new Arrival(ms * MS, 0));
          arrivals.get(Stage.EMAIL).put(athlete, new Arrival((ms + 1_000) * MS, 0));
        });
    List<FloorSample> floor = hopMs.stream().map(h -> new FloorSample(0, MS, h * MS)).toList();
    return new Round(tips, arrivals, floor, Map.of(), List.of(), List.of());
  }
}
