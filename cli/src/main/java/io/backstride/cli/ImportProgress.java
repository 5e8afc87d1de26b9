package io.backstride.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;

/**
 * The import's progress line, e.g. {@code import 45% [=========> ] 9/20 files 1.5 files/s ETA
 * 0:00:07 | 8 new, 1 dup, 0 rejected}. Unlike the library's own line, the bar keeps a readable
 * width and the counts never run into the rate: when the line is too long for the terminal, the
 * rate and the ETA go first, then the bar narrows.
 */
final class ImportProgress implements ProgressBarRenderer {
  static final int BAR_WIDTH = 20;

  @Override
  public String render(ProgressState state, int maxLength) {
    long max = Math.max(state.getMax(), 1);
    long current = state.getCurrent();
    double done = Math.min(1.0, (double) current / max);
    String head =
        String.format(Locale.ROOT, "%s %3d%% ", state.getTaskName(), (int) Math.floor(done * 100));
    String count = String.format(Locale.ROOT, " %d/%d files", current, state.getMax());
    List<String> optional = new ArrayList<>();
    Duration elapsed = state.getElapsedAfterStart();
    long processed = current - state.getStart();
    if (processed > 0 && elapsed.toMillis() > 0) {
      double perSecond = processed * 1000.0 / elapsed.toMillis();
      optional.add(String.format(Locale.ROOT, " %.1f files/s", perSecond));
      long left = (long) ((state.getMax() - current) / perSecond);
      optional.add(
          String.format(Locale.ROOT, " ETA %d:%02d:%02d", left / 3600, left / 60 % 60, left % 60));
    }
    String extra = state.getExtraMessage();
    String tail = extra == null || extra.isBlank() ? "" : " | " + extra.strip();
    int fixed = head.length() + 2 + count.length() + tail.length();
    // drop the optional parts, rate first, until the whole bar fits
    while (!optional.isEmpty()
        && fixed + String.join("", optional).length() + BAR_WIDTH > maxLength) {
      optional.remove(0);
    }
    String rest = count + String.join("", optional) + tail;
    int room = maxLength - head.length() - 2 - rest.length();
    int width = Math.max(3, Math.min(BAR_WIDTH, room));
    String line = head + "[" + bar(done, width) + "]" + rest;
    return line.length() <= maxLength ? line : line.substring(0, maxLength);
  }

  private static String bar(double done, int width) {
    int full = (int) Math.floor(done * width);
    StringBuilder b = new StringBuilder(width);
    b.append("=".repeat(full));
    if (full < width) {
      b.append('>');
      b.append(" ".repeat(width - full - 1));
    }
    return b.toString();
  }
}
