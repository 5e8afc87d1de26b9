package io.backstride.core.activity;

/** Distances on the Earth's surface. */
public final class Geo {
  /** Mean Earth radius (IUGG), metres. Haversine on a sphere errs by under 0.5%: plenty here. */
  static final double EARTH_RADIUS_M = 6_371_008.8;

  /**
   * Below this separation in latitude and longitude (radians, about 6 km) {@link #distanceM} uses
   * the flat projection at the mean latitude.
   */
  static final double SHORT_RAD = 1e-3;

  /**
   * Great-circle distance in metres between two WGS84 positions given in degrees.
   *
   * <p>Between neighbouring samples of a track, metres apart, the flat projection at the pair's
   * mean latitude gives the same distance to well under a millimetre with one cosine, where the
   * haversine takes four sines and cosines and an arcsine; this runs once per sample, so the
   * cheaper form is used for short steps and the haversine for everything else.
   */
  public static double distanceM(double lat1, double lon1, double lat2, double lon2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    double dPhi = phi2 - phi1;
    double dLambda = Math.toRadians(lon2 - lon1);
    if (Math.abs(dPhi) < SHORT_RAD && Math.abs(dLambda) < SHORT_RAD) {
      double x = dLambda * Math.cos((phi1 + phi2) / 2);
      return EARTH_RADIUS_M * Math.sqrt(x * x + dPhi * dPhi);
    }
    return haversineM(phi1, phi2, dPhi, dLambda);
  }

  static double haversineM(double phi1, double phi2, double dPhi, double dLambda) {
    double h =
        Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
            + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /**
   * The position {@code metres} north-east-wise of a point: for generating tracks in tests and
   * demos.
   */
  public static double[] offset(double lat, double lon, double northM, double eastM) {
    double dLat = Math.toDegrees(northM / EARTH_RADIUS_M);
    double dLon = Math.toDegrees(eastM / (EARTH_RADIUS_M * Math.cos(Math.toRadians(lat))));
    return new double[] {lat + dLat, lon + dLon};
  }

  private Geo() {}
}
