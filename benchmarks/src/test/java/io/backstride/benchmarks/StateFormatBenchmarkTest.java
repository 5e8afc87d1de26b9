package io.backstride.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.core.load.AthleteRuns;
import io.backstride.streams.OpenActivity;
import io.backstride.streams.state.AthleteState;
import io.backstride.streams.state.AthleteStateSerde;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two policies the benchmark compares must keep the same: each reads back the value it got. */
class StateFormatBenchmarkTest {

  @Test
  void bothPoliciesReadBackTheBenchmarkedValuesEqual() {
    for (String value : new String[] {"athleteState", "openActivity"}) {
      for (String format : new String[] {"binary", "avro"}) {
        StateFormatBenchmark b = new StateFormatBenchmark();
        b.value = value;
        b.format = format;
        b.setUp();

        assertThat(b.decode())
            .as(value + " " + format)
            .isEqualTo(StateFormatBenchmark.value(value));
      }
    }
  }

  @Test
  void theValuesAreTheRealisticOnesTheBenchmarkNames() {
    AthleteState athlete = StateFormatBenchmark.twelveWeeks();
    OpenActivity open = StateFormatBenchmark.halfARun();

    assertThat(athlete.runs().runs()).hasSize(36);
    assertThat(open.state().track().sampleCount()).isEqualTo(1_000);
    assertThat(open.pending()).singleElement().satisfies(p -> assertThat(p.samples()).hasSize(200));
  }

  @Test
  void theHarnessPrintsARowForEachValueAndPolicy() {
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      StateFormatBenchmark.main(new String[] {"1", "1"});
    } finally {
      System.setOut(out);
    }

    assertThat(printed.toString(StandardCharsets.UTF_8).lines())
        .filteredOn(line -> line.matches("\\| (athleteState|openActivity) \\| (binary|avro) \\|.*"))
        .hasSize(4);
    assertThat(printed.toString(StandardCharsets.UTF_8).lines())
        .filteredOn(line -> line.startsWith("ROW | earlier |"))
        .hasSize(2);
  }

  @Test
  void theRowsGiveTheStoredBytesOfBothStatesAgainstTheFourKilobyteTarget() {
    AthleteState daily = StateFormatBenchmark.dailyRunnerAtTheBound();
    int twelveWeeks =
        new AthleteStateSerde()
            .serializer()
            .serialize("", StateFormatBenchmark.twelveWeeks())
            .length;
    int atTheBound = new AthleteStateSerde().serializer().serialize("", daily).length;

    List<String> rows = StateFormatBenchmark.rows();

    assertThat(daily.runs().runs()).hasSize(AthleteRuns.RETAINED_DAYS);
    assertThat(rows).hasSize(2).allMatch(r -> r.startsWith("ROW | earlier | state per athlete"));
    assertThat(rows.get(0))
        .contains(Stats.format("| %,d B |", twelveWeeks))
        .endsWith("| <= 4 KB | " + (twelveWeeks <= 4096 ? "yes" : "no"));
    assertThat(rows.get(1))
        .contains("182 days kept (182 runs)", Stats.format("| %,d B |", atTheBound))
        .endsWith("| <= 4 KB | " + (atTheBound <= 4096 ? "yes" : "no"));
  }
}
