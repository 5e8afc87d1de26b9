package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarConsumer;
import org.junit.jupiter.api.Test;

/** The import's progress line as drawn on an 80-column terminal. */
class ImportProgressTest {
  /** What a terminal of {@code width} columns would show: every line drawn, in order. */
  private static final class Screen implements ProgressBarConsumer {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final int width;

    Screen(int width) {
      this.width = width;
    }

    @Override
    public int getMaxRenderedLength() {
      return width;
    }

    @Override
    public void accept(String rendered) {
      lines.add(rendered);
    }

    @Override
    public void close() {}
  }

  private static String lastLine(int width, int total, int steps, String extra) {
    Screen screen = new Screen(width);
    try (ProgressBar bar = ImportCommand.progressBar(total, screen)) {
      for (int i = 0; i < steps; i++) {
        bar.step();
        bar.setExtraMessage(extra);
      }
    }
    return screen.lines.get(screen.lines.size() - 1);
  }

  @Test
  void theBarKeepsItsWidthAndTheCountsStandApartFromTheRate() {
    String line = lastLine(80, 1240, 1240, "1180 new, 55 dup, 5 rejected");

    assertThat(line).hasSizeLessThanOrEqualTo(80);
    // 80 columns hold no rate or ETA beside these counts, and the bar gives a little room
    assertThat(line)
        .matches("import 100% \\[={15,20}\\] 1240/1240 files \\| 1180 new, 55 dup, 5 rejected");
  }

  @Test
  void halfWayTheBarIsHalfFull() {
    String line = lastLine(80, 40, 20, "20 new, 0 dup, 0 rejected");

    assertThat(line)
        .startsWith("import  50% [==========>         ] 20/40 files ")
        .endsWith(" | 20 new, 0 dup, 0 rejected");
  }

  @Test
  void onANarrowTerminalTheRateGoesBeforeTheBarShrinks() {
    String line = lastLine(66, 1240, 620, "600 new, 15 dup, 5 rejected");

    assertThat(line).hasSizeLessThanOrEqualTo(66);
    assertThat(line)
        .isEqualTo("import  50% [===>   ] 620/1240 files | 600 new, 15 dup, 5 rejected");
    assertThat(line).doesNotContain("files/s");
  }
}
