package io.backstride.core.load;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The runs of one athlete that can still change a trend, by activity id: all the training-load
 * state keeps per athlete. A re-upload replaces its run under the same id and a removal takes it
 * out, so nothing is counted twice; the daily loads are summed from the runs whenever they are
 * needed ({@link #history}), in whatever zone the athlete lives in now. Activities that are not
 * runs are kept too, without load ({@link RunLoad#notARun}): the history starts at the athlete's
 * first activity, and an athlete who only hikes still has a trend for every day.
 *
 * <p>State stays bounded: a run more than {@link #RETAINED_DAYS} days before the athlete's latest
 * run is dropped, since no trend the rules still judge reaches back that far. What is dropped is
 * remembered in two dates: the athlete's first run day (history length and the chronic average's
 * divisor depend on it) and the day from which runs are complete, so that no trend is computed from
 * a window with runs missing.
 *
 * @param prunedFirstDay the earliest day of any dropped run; null while nothing was dropped
 * @param retainedFrom runs from this day on are all kept; null while nothing was dropped
 */
public record AthleteRuns(
    Map<String, RunLoad> runs, LocalDate prunedFirstDay, LocalDate retainedFrom) {

  /**
   * How many days back from the latest run the runs are kept: 26 weeks. A trend looks back 35 days
   * (one more for a change of zone), so a run uploaded up to 146 days late still corrects every
   * trend it touches exactly, and a history imported in any order over that span gives the same
   * trends; an athlete running three times a week keeps about 2 KB.
   */
  public static final int RETAINED_DAYS = 182;

  public static final AthleteRuns EMPTY = new AthleteRuns(Map.of(), null, null);

  public AthleteRuns {
    runs = Map.copyOf(runs);
  }

  /**
   * With {@code run} under {@code activityId}, replacing any earlier version. A run from before the
   * retained window is not taken (and an earlier version under the same id goes): it could only
   * change trends whose windows are no longer complete. Call {@link #pruned} to let go of what the
   * new run pushed out of the window.
   */
  public AthleteRuns with(String activityId, RunLoad run, ZoneId zone) {
    if (refusal(activityId, run, zone).isPresent()) {
      return without(activityId); // an earlier version must not stay counted either
    }
    return withAccepted(activityId, run);
  }

  /**
   * With {@code run} under {@code activityId}, replacing any earlier version, for a run whose
   * {@link #refusal} was asked already and was empty: {@link #with} without walking the runs a
   * second time to ask again.
   */
  public AthleteRuns withAccepted(String activityId, RunLoad run) {
    Map<String, RunLoad> next = new HashMap<>(runs);
    next.put(activityId, run);
    return new AthleteRuns(next, prunedFirstDay, retainedFrom);
  }

  /**
   * Runs before this are a watch clock that was reset, not history (ingest refuses them too): one
   * would make the athlete's history decades long.
   */
  public static final Instant EARLIEST_START = Instant.parse("2000-01-01T00:00:00Z");

  /**
   * How far ahead of the moment it is counted a run may start. Ingest takes samples up to a day
   * ahead of its clock (a watch set a little fast); one more day covers the two services' clocks
   * disagreeing. A run beyond it is a broken clock or a writer that skipped ingest's checks.
   */
  public static final Duration MAX_AHEAD = Duration.ofDays(2);

  /**
   * Whether {@code run} starts more than {@link #MAX_AHEAD} after {@code now}. Such a run must not
   * be counted: as the athlete's latest run it would move the kept window past every real run and
   * let all of them go.
   */
  public static boolean startsTooFarAhead(RunLoad run, Instant now) {
    return run.start().isAfter(now.plus(MAX_AHEAD));
  }

  /**
   * Why {@link #with} would not keep a run: one reason, with the dates behind it.
   *
   * @param keptFrom the first day of the kept window; null for {@link Reason#BEFORE_EARLIEST_START}
   * @param latestDay the day of the athlete's latest run; null when no run is kept
   */
  public record Refusal(Reason reason, LocalDate keptFrom, LocalDate latestDay) {
    /** The one reason that applies. */
    public enum Reason {
      /** Before {@link #EARLIEST_START}: a watch clock that was reset, not history. */
      BEFORE_EARLIEST_START,
      /**
       * Before the kept window: more than {@link #RETAINED_DAYS} days before the latest run, or
       * before where older runs were already let go.
       */
      BEFORE_KEPT_WINDOW
    }

    /** Whether the window starts where the latest run puts it, not later (older runs let go). */
    public boolean windowFromLatestRun() {
      return latestDay != null && keptFrom.equals(latestDay.minusDays(RETAINED_DAYS - 1L));
    }
  }

  /**
   * Whether {@link #with} would keep {@code run}: it is not older than the retained window, nor
   * from before {@link #EARLIEST_START}.
   */
  public boolean accepts(RunLoad run, ZoneId zone) {
    return refusal(null, run, zone).isEmpty();
  }

  /**
   * Why {@link #with} would not keep {@code run} under {@code activityId}, if it would not. The
   * window reaches {@link #RETAINED_DAYS} days back from the latest of the other runs (a correction
   * of the latest run is not judged against its own earlier version), and never before where runs
   * were already let go. Judged before the run is taken, so that even the first run behind the
   * window is refused, not taken and let go at once.
   */
  public Optional<Refusal> refusal(String activityId, RunLoad run, ZoneId zone) {
    if (run.start().isBefore(EARLIEST_START)) {
      return Optional.of(new Refusal(Refusal.Reason.BEFORE_EARLIEST_START, null, null));
    }
    LocalDate latest = null;
    for (Map.Entry<String, RunLoad> e : runs.entrySet()) {
      LocalDate day = e.getValue().dayIn(zone);
      if (!e.getKey().equals(activityId) && (latest == null || day.isAfter(latest))) {
        latest = day;
      }
    }
    LocalDate keptFrom = latest == null ? null : latest.minusDays(RETAINED_DAYS - 1L);
    if (retainedFrom != null && (keptFrom == null || retainedFrom.isAfter(keptFrom))) {
      keptFrom = retainedFrom;
    }
    if (keptFrom != null && run.dayIn(zone).isBefore(keptFrom)) {
      return Optional.of(new Refusal(Refusal.Reason.BEFORE_KEPT_WINDOW, keptFrom, latest));
    }
    return Optional.empty();
  }

  /** Without the run under {@code activityId}; the same when there is none. */
  public AthleteRuns without(String activityId) {
    if (!runs.containsKey(activityId)) {
      return this;
    }
    Map<String, RunLoad> next = new HashMap<>(runs);
    next.remove(activityId);
    return new AthleteRuns(next, prunedFirstDay, retainedFrom);
  }

  /** The daily loads in {@code zone}, with the first day and the day trends are complete from. */
  public LoadHistory history(ZoneId zone) {
    return historyOf(dated(zone));
  }

  /** One kept run with its id and its day in the zone it was dated in. */
  record DatedRun(String activityId, RunLoad run, LocalDate day) {
    /** The run on its day. */
    ActivityLoad load() {
      return new ActivityLoad(
          day,
          run.distanceM(),
          run.movingDistanceM(),
          run.movingTimeS(),
          run.descentM(),
          run.bandDistanceM(),
          run.run());
    }
  }

  /** Start order, then id: the order the daily loads are summed in. */
  static final Comparator<DatedRun> SUM_ORDER =
      Comparator.comparing((DatedRun r) -> r.run().start()).thenComparing(DatedRun::activityId);

  /** The kept runs with their days in {@code zone}, in {@link #SUM_ORDER}. */
  List<DatedRun> dated(ZoneId zone) {
    List<DatedRun> ordered = new ArrayList<>(runs.size());
    for (Map.Entry<String, RunLoad> e : runs.entrySet()) {
      ordered.add(new DatedRun(e.getKey(), e.getValue(), e.getValue().dayIn(zone)));
    }
    ordered.sort(SUM_ORDER);
    return ordered;
  }

  /** The daily loads of {@code ordered}, the runs of this athlete dated in one zone. */
  LoadHistory historyOf(List<DatedRun> ordered) {
    TreeMap<LocalDate, DailyLoad> days = new TreeMap<>();
    // summed in start order (then id): floating-point sums depend on their order, and the map's
    // own order varies between JVMs, which would make an untouched day look changed
    for (DatedRun dated : ordered) {
      ActivityLoad load = dated.load();
      days.merge(dated.day(), DailyLoad.EMPTY.plus(load), (day, one) -> day.plus(load));
    }
    LocalDate first = days.isEmpty() ? null : days.firstKey();
    if (prunedFirstDay != null && (first == null || prunedFirstDay.isBefore(first))) {
      first = prunedFirstDay;
    }
    // a trend needs the 35 days up to it; one more day covers a move to another zone, which can
    // shift the days of the kept runs by one
    LocalDate completeFrom =
        retainedFrom == null ? null : retainedFrom.plusDays(TrendCalculator.CHRONIC_LAST_DAY);
    return new LoadHistory(days, first, completeFrom);
  }

  /**
   * Without the runs more than {@link #RETAINED_DAYS} days before the latest one (days in {@code
   * zone}); their first day and the new start of the window are remembered.
   */
  public AthleteRuns pruned(ZoneId zone) {
    LocalDate latest = null;
    LocalDate earliest = null;
    for (RunLoad run : runs.values()) {
      LocalDate day = run.dayIn(zone);
      if (latest == null || day.isAfter(latest)) {
        latest = day;
      }
      if (earliest == null || day.isBefore(earliest)) {
        earliest = day;
      }
    }
    if (latest == null) {
      return this;
    }
    LocalDate keepFrom = latest.minusDays(RETAINED_DAYS - 1L);
    if (!earliest.isBefore(keepFrom)) {
      return this; // nothing to let go: the usual case, without a second walk over the runs
    }
    Map<String, RunLoad> kept = new HashMap<>();
    LocalDate dropped = prunedFirstDay;
    for (Map.Entry<String, RunLoad> e : runs.entrySet()) {
      LocalDate day = e.getValue().dayIn(zone);
      if (day.isBefore(keepFrom)) {
        dropped = dropped == null || day.isBefore(dropped) ? day : dropped;
      } else {
        kept.put(e.getKey(), e.getValue());
      }
    }
    LocalDate from =
        retainedFrom == null || keepFrom.isAfter(retainedFrom) ? keepFrom : retainedFrom;
    return new AthleteRuns(kept, dropped, Objects.requireNonNull(from));
  }
}
