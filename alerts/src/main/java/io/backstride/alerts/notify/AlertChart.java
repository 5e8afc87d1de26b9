package io.backstride.alerts.notify;

import io.backstride.core.load.Trend;
import io.backstride.core.profile.Units;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * The email's chart: eight weeks of one metric (a bar per week, the seven days up to each of the
 * eight week ends) against the athlete's usual week at the time (a line). Drawn with XChart into a
 * PNG, headless: the notifier runs on servers without a display.
 */
final class AlertChart {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private static final DateTimeFormatter LABEL =
      DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

  /** What the chart shows and how to read it from a trend. */
  enum Metric {
    DESCENT,
    SPEED,
    FAST_DISTANCE,
    DISTANCE;

    static Metric of(String alertMetric) {
      return switch (alertMetric) {
        case "descentM" -> DESCENT;
        case "speedMps" -> SPEED;
        case "fastDistanceM" -> FAST_DISTANCE;
        default -> DISTANCE;
      };
    }
  }

  /**
   * One week of the chart: its last day, the week's value and the usual week then; null while the
   * baseline was still building (a few days scaled up to a week is not a usual week), which leaves
   * a gap in the line.
   */
  record Week(LocalDate end, double value, Double usual) {}

  /**
   * The eight week-end points up to {@code lastDay}, oldest first; weeks without a trend are 0 with
   * no usual week.
   */
  static List<Week> weeks(List<Trend> history, LocalDate lastDay, Metric metric, Units units) {
    NavigableMap<LocalDate, Trend> byDate = new TreeMap<>();
    history.forEach(t -> byDate.put(t.date(), t));
    List<Week> weeks = new ArrayList<>();
    for (int k = 7; k >= 0; k--) {
      LocalDate end = lastDay.minusDays(7L * k);
      // the latest trend of that week stands for it: trends exist only on days something changed
      Map.Entry<LocalDate, Trend> e = byDate.floorEntry(end);
      if (e == null || e.getKey().isBefore(end.minusDays(6))) {
        weeks.add(new Week(end, 0, null));
        continue;
      }
      Trend t = e.getValue();
      weeks.add(
          new Week(
              end,
              value(metric, units, true).applyAsDouble(t),
              t.baselineProgress().ready() ? value(metric, units, false).applyAsDouble(t) : null));
    }
    return weeks;
  }

  private static ToDoubleFunction<Trend> value(Metric metric, Units u, boolean acute) {
    return switch (metric) {
      case DESCENT -> t -> u.elevationValue(acute ? t.acuteDescentM() : t.chronicWeeklyDescentM());
      case SPEED ->
          t -> {
            Double v = acute ? t.acuteSpeedMps() : t.chronicSpeedMps();
            return v == null ? 0 : u.speedValue(v);
          };
      case FAST_DISTANCE ->
          t -> u.distanceValue(acute ? t.acuteFastDistanceM() : t.chronicWeeklyFastDistanceM());
      case DISTANCE ->
          t -> u.distanceValue(acute ? t.acuteDistanceM() : t.chronicWeeklyDistanceM());
    };
  }

  static String title(Metric metric, Units u) {
    return switch (metric) {
      case DESCENT -> "Downhill per week (" + u.elevationUnit() + ")";
      case SPEED -> "Average running speed (" + u.speedUnit() + ")";
      case FAST_DISTANCE -> "Fast running per week (" + u.distanceUnit() + ")";
      case DISTANCE -> "Running distance per week (" + u.distanceUnit() + ")";
    };
  }

  /** The PNG bytes of the chart. */
  static byte[] png(List<Week> weeks, Metric metric, Units units) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(560)
            .height(280)
            .title(title(metric, units))
            .xAxisTitle("week ending")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setPlotGridVerticalLinesVisible(false);
    chart.getStyler().setOverlapped(true);
    List<String> labels = weeks.stream().map(w -> LABEL.format(w.end())).toList();
    chart.addSeries("your week", labels, weeks.stream().map(Week::value).toList());
    CategorySeries usual =
        chart.addSeries("your usual week then", labels, weeks.stream().map(Week::usual).toList());
    usual.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot draw the alert chart", e);
    }
  }

  private AlertChart() {}
}
