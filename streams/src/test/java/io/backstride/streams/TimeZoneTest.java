package io.backstride.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.backstride.avro.AthleteProfile;
import io.backstride.avro.AthleteTrend;
import io.backstride.streams.state.AthleteState;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The day of a run is its start in the athlete's own zone, from the profile; UTC without one. */
class TimeZoneTest {
  private static final String ATHLETE = "mojca";

  @TempDir Path stateDir;
  private Fixture f;

  @BeforeEach
  void start() {
    f = new Fixture(stateDir, Map.of());
  }

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aRunAtHalfPastElevenLocalInLjubljanaLandsOnTheLocalDay() {
    f.profile(ATHLETE, "Europe/Ljubljana");
    // 23:30 CET on 2 March is 22:30 UTC, still 2 March in UTC too; the next run, at 00:30 CET on
    // 4 March, is 23:30 UTC on 3 March: the UTC calendar would put it a day early
    f.upload(ATHLETE, "late", Instant.parse("2026-03-02T22:30:00Z"), 5000, 10);
    f.upload(ATHLETE, "after-midnight", Instant.parse("2026-03-03T23:30:00Z"), 5000, 10);

    Map<LocalDate, AthleteTrend> trends = f.latestTrends();

    assertThat(trends.keySet())
        .containsExactlyInAnyOrder(
            LocalDate.parse("2026-03-02"),
            LocalDate.parse("2026-03-03"),
            LocalDate.parse("2026-03-04"));
    assertThat(trends.get(LocalDate.parse("2026-03-03")).getAcuteRuns()).isEqualTo(1);
    assertThat(trends.get(LocalDate.parse("2026-03-04")).getAcuteRuns()).isEqualTo(2);
  }

  @Test
  void withoutAProfileTheDefaultZoneDecides() {
    f.upload(ATHLETE, "after-midnight", Instant.parse("2026-03-03T23:30:00Z"), 5000, 10);

    assertThat(f.latestTrends()).containsOnlyKeys(LocalDate.parse("2026-03-03"));
  }

  @Test
  void aRunOnTheNightTheClocksGoForwardLandsOnThatDay() {
    f.profile(ATHLETE, "Europe/Ljubljana");
    // 29 March 2026: 02:00 CET becomes 03:00 CEST. 23:30 local on the 29th is 21:30 UTC (CEST),
    // and 00:30 local on the 29th (still CET) is 23:30 UTC on the 28th
    f.upload(ATHLETE, "before-change", Instant.parse("2026-03-28T23:30:00Z"), 5000, 10);
    f.upload(ATHLETE, "after-change", Instant.parse("2026-03-29T21:30:00Z"), 5000, 10);

    Map<LocalDate, AthleteTrend> trends = f.latestTrends();

    assertThat(trends).containsOnlyKeys(LocalDate.parse("2026-03-29"));
    assertThat(trends.get(LocalDate.parse("2026-03-29")).getAcuteRuns()).isEqualTo(2);
  }

  @Test
  void aRunOnTheNightTheClocksGoBackLandsOnThatDay() {
    f.profile(ATHLETE, "America/New_York");
    // 1 November 2026: 02:00 EDT becomes 01:00 EST. 23:30 local on 1 November is 04:30 UTC on
    // the 2nd (EST, -5); 23:30 UTC on the 1st is 19:30 local (EST)
    f.upload(ATHLETE, "evening", Instant.parse("2026-11-01T23:30:00Z"), 5000, 10);
    f.upload(ATHLETE, "late-evening", Instant.parse("2026-11-02T04:30:00Z"), 5000, 10);

    Map<LocalDate, AthleteTrend> trends = f.latestTrends();

    assertThat(trends).containsOnlyKeys(LocalDate.parse("2026-11-01"));
    assertThat(trends.get(LocalDate.parse("2026-11-01")).getAcuteDistanceM())
        .isCloseTo(10000, within(20.0));
  }

  @Test
  void aZoneChangeMovesTheAthletesRunsToTheirNewLocalDays() {
    f.upload(ATHLETE, "late", Instant.parse("2026-03-03T23:30:00Z"), 5000, 10);
    assertThat(f.latestTrends()).containsOnlyKeys(LocalDate.parse("2026-03-03"));

    f.profile(ATHLETE, "Europe/Ljubljana");

    Map<LocalDate, AthleteTrend> moved = f.latestTrends();
    assertThat(moved.get(LocalDate.parse("2026-03-04")).getAcuteRuns()).isEqualTo(1);
    AthleteState stored =
        f.driver.<String, AthleteState>getKeyValueStore(StoreNames.ATHLETE_LOADS).get(ATHLETE);
    assertThat(stored.zone()).isEqualTo("Europe/Ljubljana");
    // the profile's zone wins over the fallback
    assertThat(stored.history(ZoneOffset.UTC).days())
        .containsOnlyKeys(LocalDate.parse("2026-03-04"));
  }

  @Test
  void anUnknownZoneFallsBackToTheDefault() {
    f.profile(ATHLETE, "Mars/Olympus_Mons");
    f.upload(ATHLETE, "late", Instant.parse("2026-03-03T23:30:00Z"), 5000, 10);

    assertThat(f.latestTrends()).containsOnlyKeys(LocalDate.parse("2026-03-03"));
  }

  @Test
  void aProfileWithoutAnAthleteIdIsSkipped() {
    f.profiles.pipeInput(
        null,
        AthleteProfile.newBuilder().setAthleteId("").setTimeZone("Europe/Ljubljana").build(),
        Instant.parse("2026-03-03T00:00:00Z"));
    f.upload(ATHLETE, "late", Instant.parse("2026-03-03T23:30:00Z"), 5000, 10);

    assertThat(f.latestTrends()).containsOnlyKeys(LocalDate.parse("2026-03-03"));
  }
}
