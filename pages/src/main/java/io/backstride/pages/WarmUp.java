package io.backstride.pages;

import io.backstride.platform.topic.CompactedTopicCache;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each piece of the load page once right after start, on a thread of its own, so that the
 * first athlete who follows a link does not pay for it: the trends' JSON (Jackson's record and
 * {@code java.time} deserializers), the page and its three SVG charts (class loading, the first
 * formatters), the trends API's route and a connection to it, and a read-your-writes round of the
 * profile cache. Measured cold before and after in BENCHMARKS.md. Nothing it does is seen by an
 * athlete; a piece that fails (the trends API not up yet) is only skipped.
 */
final class WarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

  /** An athlete id no athlete has (ids are a client's own, this one is the pages'). */
  static final String PROBE_ATHLETE = "backstride-pages-warm-up";

  private WarmUp() {}

  static void start(ApiClients apis, CompactedTopicCache<?> profiles, LocalDate today) {
    Thread t =
        new Thread(
            () -> run(apis, () -> profiles.awaitCaughtUp(Duration.ofSeconds(5)), today),
            "pages-warm-up");
    t.setDaemon(true);
    t.start();
  }

  /**
   * @param profileRound one read-your-writes round of the profile cache
   * @return whether every piece ran (a failing one ends the warm-up, logged at debug)
   */
  static boolean run(ApiClients apis, Runnable profileRound, LocalDate today) {
    long start = System.nanoTime();
    try {
      List<TrendDay> days = ApiClients.readTrends(ApiClients.writeTrends(sampleDays(today)));
      for (boolean metric : new boolean[] {true, false}) {
        Views.load(
            new AthleteView("warm-up", "Warm Up", "UTC", metric, true), days, List.of(), today);
      }
      try {
        // no such athlete (a 404): the trends API's route, its store lookup and this client's
        // connection are warm, though not the writing of days, which needs an athlete's
        apis.trends(PROBE_ATHLETE, 7);
      } catch (PagesException notUpYet) {
        // the first page opens the connection itself
      }
      profileRound.run();
      LOG.debug("Pages warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
      return true;
    } catch (RuntimeException e) {
      LOG.debug("Pages warm-up cut short: {}", e.toString());
      return false;
    }
  }

  /** Sixteen weeks of a made-up athlete running every other day, the baseline known. */
  static List<TrendDay> sampleDays(LocalDate today) {
    List<TrendDay> days = new ArrayList<>();
    for (int d = 7 * Weeks.SHOWN + 27; d >= 0; d--) {
      boolean run = d % 2 == 0;
      days.add(
          new TrendDay(
              today.minusDays(d),
              run ? 1 : 0,
              run ? 8_000 : 0,
              run ? 2_400 : 0,
              run ? 60 : 0,
              "ready",
              28_000,
              28_000.0,
              210,
              210.0,
              3.3,
              3.3));
    }
    return days;
  }
}
