package io.backstride.pages;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/**
 * A week-by-week bar chart as inline SVG, drawn on the server: bars for the weeks, a dashed step
 * for the usual week, a triangle over weeks in which an alert fired. Colours are presentation
 * attributes, not style, so the page's CSP (no inline style) holds; the title and description say
 * in words what the picture shows, and the table under the charts gives every figure.
 */
final class LoadChart {
  private static final int WIDTH = 600;
  private static final int HEIGHT = 220;
  private static final int LEFT = 48;
  private static final int RIGHT = 12;
  private static final int TOP = 24;
  private static final int BOTTOM = 34;
  private static final DateTimeFormatter LABEL =
      DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

  /** Which figure a chart shows, and how to read it from a week. */
  record Series(
      String id,
      String title,
      String unit,
      Function<Weeks.Week, Double> value,
      Function<Weeks.Week, Double> usual) {

    /**
     * A series of a week's figure and of the usual week's, both read in metric units and shown in
     * the athlete's through {@code toUnit}; a week without one (null) shows none.
     */
    static Series inUnits(
        String id,
        String title,
        String unit,
        Function<Weeks.Week, Double> metric,
        Function<Weeks.Week, Double> usualMetric,
        DoubleUnaryOperator toUnit) {
      return new Series(
          id,
          title,
          unit,
          w -> converted(metric.apply(w), toUnit),
          w -> converted(usualMetric.apply(w), toUnit));
    }

    private static Double converted(Double metric, DoubleUnaryOperator toUnit) {
      return metric == null ? null : toUnit.applyAsDouble(metric);
    }
  }

  static String svg(Series s, List<Weeks.Week> weeks) {
    double max = 0;
    for (Weeks.Week w : weeks) {
      max = Math.max(max, orZero(s.value().apply(w)));
      max = Math.max(max, orZero(s.usual().apply(w)));
    }
    double top = niceCeiling(max);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    double slot = weeks.isEmpty() ? plotW : (double) plotW / weeks.size();
    StringBuilder h = new StringBuilder(4096);
    h.append("<svg class=\"chart\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" aria-labelledby=\"")
        .append(s.id())
        .append("-title ")
        .append(s.id())
        .append("-desc\" xmlns=\"http://www.w3.org/2000/svg\">")
        .append("<title id=\"")
        .append(s.id())
        .append("-title\">")
        .append(Html.text(s.title() + " per week, " + s.unit()))
        .append("</title><desc id=\"")
        .append(s.id())
        .append("-desc\">")
        .append(Html.text(describe(s, weeks)))
        .append("</desc>");
    // axis and three grid lines, labelled
    for (int i = 0; i <= 2; i++) {
      double v = top * i / 2;
      double y = TOP + plotH - plotH * (v / top);
      h.append(line(LEFT, y, WIDTH - RIGHT, y, "#c8c8c8", null))
          .append("<text x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(fmt(y + 4))
          .append("\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">")
          .append(number(v))
          .append("</text>");
    }
    for (int i = 0; i < weeks.size(); i++) {
      Weeks.Week w = weeks.get(i);
      double x = LEFT + slot * i;
      double value = orZero(s.value().apply(w));
      double barH = plotH * (value / top);
      boolean alert = !w.alerts().isEmpty();
      h.append("<rect x=\"")
          .append(fmt(x + slot * 0.15))
          .append("\" y=\"")
          .append(fmt(TOP + plotH - barH))
          .append("\" width=\"")
          .append(fmt(slot * 0.7))
          .append("\" height=\"")
          .append(fmt(barH))
          .append("\" fill=\"")
          .append(alert ? "#b3261e" : "#2f5f8f")
          .append("\"/>");
      Double usual = s.usual().apply(w);
      if (usual != null) {
        double y = TOP + plotH - plotH * (usual / top);
        h.append(line(x, y, x + slot, y, "#111", "5 3"));
      }
      if (alert) {
        double cx = x + slot / 2;
        double ty = TOP + plotH - barH - 6;
        h.append("<path d=\"M")
            .append(fmt(cx - 6))
            .append(' ')
            .append(fmt(ty - 10))
            .append(" L")
            .append(fmt(cx + 6))
            .append(' ')
            .append(fmt(ty - 10))
            .append(" L")
            .append(fmt(cx))
            .append(' ')
            .append(fmt(ty))
            .append(" Z\" fill=\"#b3261e\"/>");
      }
      if (i % 2 == weeks.size() % 2 || i == weeks.size() - 1) {
        h.append("<text x=\"")
            .append(fmt(x + slot / 2))
            .append("\" y=\"")
            .append(HEIGHT - BOTTOM + 16)
            .append("\" text-anchor=\"middle\" font-size=\"12\" fill=\"#333\">")
            .append(LABEL.format(w.to()))
            .append("</text>");
      }
    }
    h.append("</svg>");
    return h.toString();
  }

  /** The chart in one sentence, for those who cannot see it. */
  static String describe(Series s, List<Weeks.Week> weeks) {
    if (weeks.isEmpty()) {
      return "No weeks to show yet.";
    }
    Weeks.Week last = weeks.get(weeks.size() - 1);
    long alerted = weeks.stream().filter(w -> !w.alerts().isEmpty()).count();
    Double usual = s.usual().apply(last);
    return weeks.size()
        + " weeks up to "
        + LABEL.format(last.to())
        + "; the last week "
        + number(orZero(s.value().apply(last)))
        + " "
        + s.unit()
        + (usual == null
            ? ", no usual week yet"
            : " against a usual " + number(usual) + " " + s.unit())
        + "; "
        + alerted
        + (alerted == 1 ? " week" : " weeks")
        + " with an alert, marked with a triangle.";
  }

  private static String line(
      double x1, double y1, double x2, double y2, String colour, String dash) {
    return "<line x1=\""
        + fmt(x1)
        + "\" y1=\""
        + fmt(y1)
        + "\" x2=\""
        + fmt(x2)
        + "\" y2=\""
        + fmt(y2)
        + "\" stroke=\""
        + colour
        + "\" stroke-width=\"2\""
        + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"")
        + "/>";
  }

  /** A round top for the axis: 1, 2 or 5 times a power of ten, at least the largest value. */
  static double niceCeiling(double max) {
    if (max <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(max)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * power >= max) {
        return step * power;
      }
    }
    return 10 * power;
  }

  private static double orZero(Double v) {
    return v == null ? 0 : v;
  }

  static String number(double v) {
    return v >= 100 || v == Math.rint(v)
        ? String.format(Locale.ENGLISH, "%.0f", v)
        : String.format(Locale.ENGLISH, "%.1f", v);
  }

  private static String fmt(double v) {
    return String.format(Locale.ENGLISH, "%.1f", v);
  }

  private LoadChart() {}
}
