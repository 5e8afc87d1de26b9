package io.backstride.core.load;

import static io.backstride.core.activity.MetricRules.SPEED_BAND_MPS;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.NavigableMap;

/** Acute and chronic loads of RULES.md ("Daily loads and trends"), as pure functions. */
public final class TrendCalculator {
  /** The acute window: this day and the six before. */
  public static final int ACUTE_DAYS = 7;

  /** The chronic window ends 35 days back (days 8-35: four weeks before the acute one). */
  public static final int CHRONIC_LAST_DAY = 35;

  /** Before this many days of history no ramp rule has anything to compare with. */
  public static final int FIRST_COMPARABLE_DAY = 14;

  /** History days the chronic window needs before ratios are trusted. */
  public static final int BASELINE_MIN_CHRONIC_DAYS = 14;

  /** Runs the chronic window needs before ratios are trusted. */
  public static final int BASELINE_MIN_RUNS = 4;

  /** A speed band counts as fast from this multiple of the chronic mean moving speed. */
  public static final double FAST_SPEED_FACTOR = 1.15;

  /**
   * The trend on {@code day}.
   *
   * @param firstActivity the athlete's first day with an activity: days before it are not history
   *     and do not dilute the chronic average; a break inside the history counts as zeros
   * @param loads daily loads by athlete-local date (days without runs may be absent)
   */
  public static Trend trendOn(
      LocalDate day, LocalDate firstActivity, NavigableMap<LocalDate, DailyLoad> loads) {
    Window acute = Window.sum(loads, day.minusDays(ACUTE_DAYS - 1), day);
    Window previousWeek =
        Window.sum(loads, day.minusDays(2 * ACUTE_DAYS - 1), day.minusDays(ACUTE_DAYS));
    LocalDate chronicFrom = day.minusDays(CHRONIC_LAST_DAY - 1);
    LocalDate chronicTo = day.minusDays(ACUTE_DAYS);
    Window chronic = Window.sum(loads, chronicFrom, chronicTo);
    LocalDate historyFrom = chronicFrom.isBefore(firstActivity) ? firstActivity : chronicFrom;
    long chronicHistoryDays =
        historyFrom.isAfter(chronicTo) ? 0 : ChronoUnit.DAYS.between(historyFrom, chronicTo) + 1;
    double perWeek = chronicHistoryDays == 0 ? 0 : 7.0 / chronicHistoryDays;
    int historyDays = (int) ChronoUnit.DAYS.between(firstActivity, day) + 1;

    Double chronicSpeed = chronic.meanSpeed();
    double fastFrom =
        chronicSpeed == null ? Double.POSITIVE_INFINITY : chronicSpeed * FAST_SPEED_FACTOR;

    BaselineState baseline;
    if (historyDays < FIRST_COMPARABLE_DAY) {
      baseline = BaselineState.NONE;
    } else if (chronicHistoryDays >= BASELINE_MIN_CHRONIC_DAYS
        && chronic.runs >= BASELINE_MIN_RUNS) {
      baseline = BaselineState.READY;
    } else {
      baseline = BaselineState.BUILDING;
    }
    return new Trend(
        day,
        historyDays,
        baseline,
        acute.runs,
        chronic.runs,
        acute.distanceM,
        previousWeek.distanceM,
        chronic.distanceM * perWeek,
        acute.descentM,
        chronic.descentM * perWeek,
        acute.meanSpeed(),
        chronicSpeed,
        acute.distanceFrom(fastFrom),
        chronic.distanceFrom(fastFrom) * perWeek);
  }

  /** Sums of daily loads over a closed date range. */
  private record Window(
      int runs,
      double distanceM,
      double movingDistanceM,
      double movingTimeS,
      double descentM,
      double[] bands) {

    static Window sum(NavigableMap<LocalDate, DailyLoad> loads, LocalDate from, LocalDate to) {
      int runs = 0;
      double distance = 0;
      double movingDistance = 0;
      double movingTime = 0;
      double descent = 0;
      double[] bands = new double[0];
      for (DailyLoad d : loads.subMap(from, true, to, true).values()) {
        runs += d.runs();
        distance += d.distanceM();
        movingDistance += d.movingDistanceM();
        movingTime += d.movingTimeS();
        descent += d.descentM();
        List<Double> b = d.bandDistanceM();
        if (b.size() > bands.length) {
          bands = java.util.Arrays.copyOf(bands, b.size());
        }
        for (int i = 0; i < b.size(); i++) {
          bands[i] += b.get(i);
        }
      }
      return new Window(runs, distance, movingDistance, movingTime, descent, bands);
    }

    Double meanSpeed() {
      return movingTimeS > 0 ? movingDistanceM / movingTimeS : null;
    }

    /** Distance in the bands whose lower edge is at least {@code speedMps}. */
    double distanceFrom(double speedMps) {
      double total = 0;
      for (int i = 0; i < bands.length; i++) {
        if (i * SPEED_BAND_MPS >= speedMps) {
          total += bands[i];
        }
      }
      return total;
    }
  }

  private TrendCalculator() {}
}
