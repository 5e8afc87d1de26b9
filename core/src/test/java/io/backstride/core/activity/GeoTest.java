package io.backstride.core.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GeoTest {

  private static double haversine(double lat1, double lon1, double lat2, double lon2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    return Geo.haversineM(phi1, phi2, phi2 - phi1, Math.toRadians(lon2 - lon1));
  }

  @Test
  void shortStepsMatchTheGreatCircleToUnderAMillimetre() {
    for (double lat = -80; lat <= 80; lat += 10) {
      for (double step : new double[] {0.5, 3, 12, 150, 2_000}) {
        for (double bearing = 0; bearing < 360; bearing += 45) {
          double north = step * Math.cos(Math.toRadians(bearing));
          double east = step * Math.sin(Math.toRadians(bearing));
          double[] to = Geo.offset(lat, 14.5, north, east);

          assertThat(Geo.distanceM(lat, 14.5, to[0], to[1]))
              .as("lat %s, %s m at %s deg", lat, step, bearing)
              .isCloseTo(haversine(lat, 14.5, to[0], to[1]), within(1e-3));
        }
      }
    }
  }

  @Test
  void longDistancesAreGreatCircles() {
    // Ljubljana to Vienna: 277 km
    double d = Geo.distanceM(46.0569, 14.5058, 48.2082, 16.3738);

    assertThat(d).isEqualTo(haversine(46.0569, 14.5058, 48.2082, 16.3738));
    assertThat(d).isCloseTo(277_000, within(3_000.0));
  }

  @Test
  void theSamePointIsNoDistance() {
    assertThat(Geo.distanceM(46.05, 14.5, 46.05, 14.5)).isZero();
  }
}
