package io.backstride.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * {@link TrendUpdates#between(AthleteRuns, AthleteRuns, ZoneId)}, which walks the kept runs once,
 * against the reference it replaces in the processor: both histories built in full and compared day
 * by day ({@link TrendUpdates#between(LoadHistory, LoadHistory)}). The trends must be the same to
 * the last bit, on random histories and random changes, including the ones the window lets go.
 */
class TrendUpdatesOfRunsTest {
  private static final Instant FIRST = Instant.parse("2026-01-05T05:30:00Z");
  private static final List<ZoneId> ZONES =
      List.of(
          ZoneId.of("UTC"),
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("Pacific/Auckland"),
          ZoneId.of("America/Los_Angeles"));

  @Property(tries = 2000)
  void sameTrendsAsBothHistoriesCompared(@ForAll long seed) {
    Random random = new Random(seed);
    ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
    AthleteRuns runs = AthleteRuns.EMPTY;
    List<String> ids = new ArrayList<>();
    int changes = 1 + random.nextInt(60);
    for (int i = 0; i < changes; i++) {
      AthleteRuns before = runs;
      AthleteRuns after = change(before, ids, random, zone);
      assertThat(TrendUpdates.between(before, after, zone))
          .as("change %d of seed %d in %s", i, seed, zone)
          .isEqualTo(TrendUpdates.between(before.history(zone), after.history(zone)));
      runs = after.pruned(zone); // as the processor keeps it
    }
  }

  @Example
  void aReUploadOnTheSameDayWithOtherNumbersSendsTheTrendsFromThatDay() {
    ZoneId utc = ZoneId.of("UTC");
    AthleteRuns before =
        AthleteRuns.EMPTY
            .with("a", run(FIRST, 5000.5), utc)
            .with("b", run(FIRST.plus(Duration.ofDays(2)), 7000.25), utc);
    AthleteRuns after = before.with("a", run(FIRST, 5100.75), utc);

    List<Trend> trends = TrendUpdates.between(before, after, utc);

    assertThat(trends).isNotEmpty();
    assertThat(trends.get(0).date()).isEqualTo(FIRST.atZone(utc).toLocalDate());
    assertThat(trends).isEqualTo(TrendUpdates.between(before.history(utc), after.history(utc)));
  }

  @Example
  void theSameRunAgainSendsNothing() {
    ZoneId utc = ZoneId.of("UTC");
    AthleteRuns before = AthleteRuns.EMPTY.with("a", run(FIRST, 5000.5), utc);

    assertThat(TrendUpdates.between(before, before.with("a", run(FIRST, 5000.5), utc), utc))
        .isEmpty();
  }

  /** One change as the processor makes them: a new run, a re-upload, a moved run, a removal. */
  private static AthleteRuns change(
      AthleteRuns runs, List<String> ids, Random random, ZoneId zone) {
    int kind = ids.isEmpty() ? 0 : random.nextInt(10);
    if (kind <= 4) { // a new activity, mostly after the others, sometimes late or far ahead
      String id = "act-" + ids.size();
      ids.add(id);
      return runs.with(id, randomRun(random, ids.size()), zone);
    }
    String id = ids.get(random.nextInt(ids.size()));
    RunLoad old = runs.runs().get(id);
    if (kind <= 6 || old == null) { // a re-upload with other numbers, or of one let go
      return runs.with(id, randomRun(random, ids.size()), zone);
    }
    if (kind == 7) { // the same run moved by up to a day (a watch clock fixed)
      Instant start = old.start().plusSeconds(random.nextInt(2 * 86_400) - 86_400L);
      return runs.with(
          id,
          new RunLoad(
              start,
              old.distanceM(),
              old.movingDistanceM(),
              old.movingTimeS(),
              old.descentM(),
              old.bandDistanceM(),
              old.run()),
          zone);
    }
    if (kind == 8) { // the same numbers again: no change at all
      return runs.with(id, old, zone);
    }
    return runs.without(id); // a tombstone
  }

  private static RunLoad randomRun(Random random, int index) {
    // mostly every other day or so, with runs on the same day, late uploads and long breaks
    long day = index * 2L + random.nextInt(5) - 3;
    if (random.nextInt(20) == 0) {
      day += 150 + random.nextInt(100);
    }
    if (random.nextInt(15) == 0) {
      day -= 100 + random.nextInt(150);
    }
    Instant start =
        FIRST.plus(Duration.ofDays(Math.max(0, day))).plusSeconds(random.nextInt(86_400));
    if (random.nextInt(8) == 0) {
      return RunLoad.notARun(start);
    }
    List<Double> bands = new ArrayList<>();
    int n = random.nextInt(25);
    for (int i = 0; i < n; i++) {
      bands.add(random.nextInt(3) == 0 ? 0.0 : random.nextDouble() * 900);
    }
    double distance = 2000 + random.nextDouble() * 20_000;
    return new RunLoad(
        start,
        distance,
        distance * 0.97,
        distance / (2 + random.nextDouble() * 3),
        random.nextDouble() * 400,
        bands);
  }

  private static RunLoad run(Instant start, double distanceM) {
    return new RunLoad(start, distanceM, distanceM, distanceM / 3, 20.5, List.of(100.5, 200.25));
  }
}
