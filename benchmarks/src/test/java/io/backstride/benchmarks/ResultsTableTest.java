package io.backstride.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector of run-all.sh: which lines become rows, in which order, with which command. */
class ResultsTableTest {

  @Test
  void aRowLineGivesItsSevenFieldsAndOtherLinesNone() {
    assertThat(
            ResultsTable.parse(
                "ROW | 15.3 | alert p99, file | 427 ms | 134 ms | 3.19x | <= 1.5 s | yes", "alert"))
        .contains(
            new ResultsTable.Row(
                "15.3",
                "alert p99, file",
                "427 ms",
                "134 ms",
                "3.19x",
                "<= 1.5 s",
                "yes",
                "alert"));
    assertThat(ResultsTable.parse("| ROW | 15.3 | a table cell, not a row", "alert")).isEmpty();
    assertThat(ResultsTable.parse("ROWS | 15.3 | x", "alert")).isEmpty();
  }

  @Test
  void aFailedBlocksRowMayStopAfterItsReasonAndIsNotMet() {
    ResultsTable.Row row =
        ResultsTable.parse("ROW | 15.5 | topology | failed: exit 1 (OutOfMemoryError)", "topo")
            .orElseThrow();

    assertThat(row.backstride()).isEqualTo("failed: exit 1 (OutOfMemoryError)");
    assertThat(row.met()).isEqualTo("no");
    assertThat(List.of(row.reference(), row.ratio(), row.target())).containsOnly("-");
  }

  @Test
  void aRowWithTheWrongNumberOfFieldsShowsAsMalformedNotMet() {
    ResultsTable.Row row =
        ResultsTable.parse("ROW | 15.1 | cpu | 1.2x | yes", "ingest").orElseThrow();

    assertThat(row.id()).isEqualTo("15.1");
    assertThat(row.what()).startsWith("malformed ROW line (4 fields, not 7)");
    assertThat(row.met()).isEqualTo("no");
  }

  @Test
  void rowsAreOrderedByTargetIdNumericallyThenByRunOrder() {
    Map<String, List<String>> outputs = new LinkedHashMap<>();
    outputs.put(
        "a",
        List.of(
            "ROW | earlier | state | 1 KB | - | - | <= 4 KB | yes",
            "noise",
            "ROW | 15.10 | ten | 1 | - | - | - | yes"));
    outputs.put(
        "b",
        List.of(
            "ROW | 15.2 | second of 15.2 | 1 | - | - | - | yes",
            "ROW | 11.6 | restart | 1 | - | - | - | yes"));
    outputs.put("c", List.of("ROW | 15.2 | third of 15.2 | 1 | - | - | - | yes"));

    assertThat(ResultsTable.rows(outputs))
        .extracting(r -> r.id() + " " + r.block())
        .containsExactly("11.6 b", "15.2 b", "15.2 c", "15.10 a", "earlier a");
  }

  @Test
  void eachRowCarriesItsBlocksCommandAndSaysSoWhenNoneWasRecorded() {
    Map<String, ResultsTable.Block> blocks =
        ResultsTable.blocks(
            List.of(
                "alert\t0\t612\tjava -cp x.jar AlertLatency 140 3 1000 100 | tee out.txt",
                "a broken line without tabs"));
    List<ResultsTable.Row> rows =
        ResultsTable.rows(
            Map.of(
                "alert", List.of("ROW | 15.3 | alert | 427 ms | - | - | <= 1.5 s | yes"),
                "orphan", List.of("ROW | 15.4 | import | 3 s | - | - | - | no")));

    assertThat(ResultsTable.table(rows, blocks))
        .containsExactly(
            "| target | what | backstride | reference | ratio | target | met? | command |",
            "|---|---|---|---|---|---|---|---|",
            "| 15.3 | alert | 427 ms | - | - | <= 1.5 s | yes"
                + " | `java -cp x.jar AlertLatency 140 3 1000 100 \\| tee out.txt` |",
            "| 15.4 | import | 3 s | - | - | - | **no** | not recorded (orphan.txt) |");
  }

  @Test
  void theMachineLineGivesTheRunsSpanAndItsLoadAtBothEndsAndInBetween() {
    Map<String, String> machine =
        ResultsTable.keyValues(
            List.of(
                "started 2026-12-02T06:00:00Z",
                "commit 0e507c4",
                "dirty no",
                "cores 2",
                "java openjdk version \"17.0.15\" 2025-04-15",
                "load-start 0.12 0.30 0.40",
                "load-every 30",
                "finished 2026-12-02T06:21:05Z",
                "load-end 0.80 0.90 1.00"));
    List<String> samples =
        List.of(
            "2026-12-02T06:00:00Z 0.12 0.30 0.40",
            "2026-12-02T06:00:30Z 2.50 0.50 0.40",
            "2026-12-02T06:01:00Z 1.00 0.60 0.40",
            "2026-12-02T06:01:30Z 1."); // cut off when the sampler stopped: still a number

    assertThat(ResultsTable.machine(machine, samples))
        .isEqualTo(
            "Commit `0e507c4`, 2026-12-02T06:00:00Z to 2026-12-02T06:21:05Z (21 min 05 s);"
                + " 2 cores, openjdk version \"17.0.15\" 2025-04-15. Load average (1 min) 0.12 at"
                + " the start, 0.80 at the end; sampled during the run (4 samples, every 30 s):"
                + " median 1.00, max 2.50 at 2026-12-02T06:00:30Z.");
  }

  @Test
  void aRunOfSomeBlocksOnlySaysSoFirst() {
    assertThat(
            ResultsTable.machine(
                Map.of("commit", "abc", "only", "state-formats,alert-latency"), List.of()))
        .startsWith(
            "**Only the blocks state-formats,alert-latency** (`RUN_ALL_ONLY`). Commit `abc`");
    assertThat(ResultsTable.machine(Map.of("commit", "abc"), List.of())).startsWith("Commit `abc`");
  }

  @Test
  void mainWritesResultsMdFromTheRunsDirectoryIncludingFilesNoBlockRecorded(@TempDir Path dir)
      throws Exception {
    write(dir, "blocks.tsv", "state\t0\t20\tjava StateFormatBenchmark 15 200\n");
    write(dir, "machine.txt", "started 2026-12-02T06:00:00Z\ncommit abc\n");
    write(dir, "state.txt", "table\nROW | earlier | state | 1 KB | - | - | <= 4 KB | yes\n");
    write(dir, "extra.txt", "ROW | 15.1 | cpu | failed: exit 3\n");
    write(dir, "load.txt", "");

    ResultsTable.main(new String[] {dir.toString()});

    List<String> page = Files.readAllLines(dir.resolve("results.md"));
    assertThat(page.get(0)).startsWith("Commit `abc`, 2026-12-02T06:00:00Z to unfinished;");
    assertThat(page)
        .filteredOn(l -> l.startsWith("| 15.1 ") || l.startsWith("| earlier "))
        .containsExactly(
            "| 15.1 | cpu | failed: exit 3 | - | - | - | **no** | not recorded (extra.txt) |",
            "| earlier | state | 1 KB | - | - | <= 4 KB | yes | `java StateFormatBenchmark 15 200` |");
  }

  private static void write(Path dir, String name, String text) throws Exception {
    Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }
}
