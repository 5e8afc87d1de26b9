package io.backstride.ingest.tcx;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** TCX documents made up for tests, written the way Garmin Connect exports them. */
public final class TestTcx {
  public static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  /** One trackpoint; any value but the time may be null and is then left out. */
  public record Point(
      Instant time,
      Double lat,
      Double lon,
      Double altitude,
      Double distance,
      Integer heartRate,
      Double speed,
      Integer runCadence) {}

  /** An activity of {@code sport} with one lap per list of points. */
  public static String activity(String sport, List<List<Point>> laps) {
    StringBuilder tcx =
        new StringBuilder(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <TrainingCenterDatabase
                xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
                xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
              <Activities>
            """);
    tcx.append("    <Activity Sport=\"").append(sport).append("\">\n");
    tcx.append("      <Id>").append(T0).append("</Id>\n");
    for (List<Point> lap : laps) {
      tcx.append("      <Lap StartTime=\"")
          .append(lap.isEmpty() ? T0 : lap.get(0).time())
          .append("\">\n");
      // Lap totals use the same element names as trackpoints: they must not be read as points.
      tcx.append("        <TotalTimeSeconds>600.0</TotalTimeSeconds>\n");
      tcx.append("        <DistanceMeters>99999.0</DistanceMeters>\n");
      tcx.append("        <AverageHeartRateBpm><Value>222</Value></AverageHeartRateBpm>\n");
      tcx.append("        <Track>\n");
      for (Point p : lap) {
        tcx.append("          <Trackpoint>\n");
        tcx.append("            <Time>").append(p.time()).append("</Time>\n");
        if (p.lat() != null) {
          tcx.append(
              String.format(
                  Locale.ROOT,
                  "            <Position><LatitudeDegrees>%.7f</LatitudeDegrees>"
                      + "<LongitudeDegrees>%.7f</LongitudeDegrees></Position>%n",
                  p.lat(),
                  p.lon()));
        }
        element(tcx, "AltitudeMeters", p.altitude());
        element(tcx, "DistanceMeters", p.distance());
        if (p.heartRate() != null) {
          tcx.append("            <HeartRateBpm><Value>")
              .append(p.heartRate())
              .append("</Value></HeartRateBpm>\n");
        }
        if (p.speed() != null || p.runCadence() != null) {
          tcx.append("            <Extensions><ns3:TPX>");
          if (p.speed() != null) {
            tcx.append("<ns3:Speed>").append(p.speed()).append("</ns3:Speed>");
          }
          if (p.runCadence() != null) {
            tcx.append("<ns3:RunCadence>").append(p.runCadence()).append("</ns3:RunCadence>");
          }
          tcx.append("</ns3:TPX></Extensions>\n");
        }
        tcx.append("          </Trackpoint>\n");
      }
      tcx.append("        </Track>\n      </Lap>\n");
    }
    tcx.append("    </Activity>\n  </Activities>\n</TrainingCenterDatabase>\n");
    return tcx.toString();
  }

  private static void element(StringBuilder tcx, String name, Double value) {
    if (value != null) {
      tcx.append("            <")
          .append(name)
          .append('>')
          .append(value)
          .append("</")
          .append(name)
          .append(">\n");
    }
  }

  private TestTcx() {}
}
