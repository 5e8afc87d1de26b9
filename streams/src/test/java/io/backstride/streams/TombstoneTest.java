package io.backstride.streams;

import static io.backstride.streams.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.backstride.avro.AthleteTrend;
import io.backstride.streams.state.AthleteState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tombstone on activity-summaries.v1 takes the activity out of its day and of every trend. */
class TombstoneTest {
  private static final String ATHLETE = "ana";
  private static final LocalDate DAY = LocalDate.parse("2026-03-02");

  @TempDir Path stateDir;
  private Fixture f;

  @BeforeEach
  void start() {
    f = new Fixture(stateDir, Map.of());
  }

  private AthleteState stored() {
    return f.driver.<String, AthleteState>getKeyValueStore(StoreNames.ATHLETE_LOADS).get(ATHLETE);
  }

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aTombstoneRemovesTheActivityFromItsDay() {
    f.upload(ATHLETE, "morning", T0, 8000, 50);
    f.upload(ATHLETE, "evening", T0.plus(Duration.ofHours(10)), 5000, 20);
    assertThat(f.latestTrends().get(DAY).getAcuteRuns()).isEqualTo(2);

    f.summariesIn.pipeInput("ana:evening", null, T0.plus(Duration.ofHours(12)));

    AthleteTrend after = f.latestTrends().get(DAY);
    assertThat(after.getAcuteRuns()).isEqualTo(1);
    assertThat(after.getAcuteDistanceM()).isCloseTo(8000, within(10.0));
    assertThat(stored().runs().runs()).containsOnlyKeys("morning");
  }

  @Test
  void aTombstoneOfTheOnlyRunOfADayEmptiesItAndCorrectsLaterTrends() {
    f.upload(ATHLETE, "a1", T0, 8000, 50);
    f.upload(ATHLETE, "a2", T0.plus(Duration.ofDays(1)), 6000, 30);
    f.upload(ATHLETE, "a3", T0.plus(Duration.ofDays(3)), 7000, 40);
    f.trends.readValuesToList();

    f.summariesIn.pipeInput("ana:a2", null, T0.plus(Duration.ofDays(4)));

    Map<LocalDate, AthleteTrend> updated = f.latestTrends();
    assertThat(updated.get(DAY.plusDays(1)).getAcuteRuns()).isEqualTo(1);
    assertThat(updated.get(DAY.plusDays(3)).getAcuteRuns()).isEqualTo(2);
    assertThat(updated.get(DAY.plusDays(3)).getAcuteDistanceM()).isCloseTo(15000, within(20.0));
    assertThat(stored().history(ZoneOffset.UTC).days()).doesNotContainKey(DAY.plusDays(1));
  }

  @Test
  void aTombstoneForAnUnknownActivityChangesNothing() {
    f.upload(ATHLETE, "a1", T0, 8000, 50);
    f.trends.readValuesToList();

    f.summariesIn.pipeInput("ana:never-seen", null, T0.plus(Duration.ofHours(2)));

    assertThat(f.trends.isEmpty()).isTrue();
  }
}
