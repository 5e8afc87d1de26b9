package io.backstride.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/** GPX documents made up for tests: a run along a meridian, one point a second from {@link #T0}. */
public final class TestGpx {
  public static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  /**
   * A GPX 1.1 run with Garmin TrackPointExtension heart rate and cadence (strides per minute, as
   * Garmin writes it): point {@code i} at {@code T0 + i s}, heart rate {@code 140 + i % 20},
   * cadence 85.
   */
  public static String run(int points) {
    StringBuilder gpx =
        new StringBuilder(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <gpx version="1.1" creator="backstride tests"
                 xmlns="http://www.topografix.com/GPX/1/1"
                 xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
              <metadata><time>2026-03-02T06:59:00Z</time></metadata>
              <trk>
                <name>Morning run</name>
                <type>running</type>
                <trkseg>
            """);
    for (int i = 0; i < points; i++) {
      gpx.append(
          String.format(
              Locale.ROOT,
              """
                    <trkpt lat="%.6f" lon="16.370000">
                      <ele>%.1f</ele>
                      <time>%s</time>
                      <extensions>
                        <gpxtpx:TrackPointExtension>
                          <gpxtpx:hr>%d</gpxtpx:hr>
                          <gpxtpx:cad>85</gpxtpx:cad>
                        </gpxtpx:TrackPointExtension>
                      </extensions>
                    </trkpt>
              """,
              48.2 + i * 0.00003,
              170.0 + (i % 10),
              T0.plusSeconds(i),
              140 + i % 20));
    }
    gpx.append(
        """
            </trkseg>
          </trk>
        </gpx>
        """);
    return gpx.toString();
  }

  public static byte[] runBytes(int points) {
    return run(points).getBytes(StandardCharsets.UTF_8);
  }

  private TestGpx() {}
}
