package io.backstride.ingest.gpx;

import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.ingest.InvalidActivityException;
import io.backstride.ingest.ParsedActivity;
import io.backstride.ingest.xml.SecureXml;
import io.backstride.ingest.xml.SecureXml.Prolog;
import io.backstride.ingest.xml.TextBuffer;
import io.backstride.ingest.xml.TrackPoint;
import io.backstride.ingest.xml.TrackPoints;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads GPX 1.0 and 1.1 track points as a stream of StAX events, so that a large file is never held
 * as a tree. Takes position, {@code <ele>}, {@code <time>}, GPX 1.0 {@code <speed>}, and the heart
 * rate and cadence of Garmin's TrackPointExtension (or any extension using the same local names);
 * the sport comes from the {@code <type>} of the track the points belong to. The first point of
 * every track segment but the first is marked {@link Sample#pauseBefore()}: a segment ends where
 * the recording was stopped, and the way to the next one was not recorded.
 *
 * <p>Safety: the file comes from the internet, so it is read with {@link SecureXml}'s factory: DTDs
 * are refused outright (no entity expansion, no external entities, no billion laughs) and nothing
 * is ever resolved.
 *
 * <p>Elements are matched by local name with namespace processing off: exporters write extension
 * elements under every prefix imaginable and some forget to declare it, which a namespace-aware
 * parser rejects as malformed. Without namespaces an undeclared {@code gpxtpx:hr} is just a name.
 *
 * <p>Instances are stateless and thread-safe.
 */
public final class GpxReader {
  private static final String FORMAT = "gpx";

  /**
   * Above this median the cadence values are already steps per minute. Garmin's TrackPointExtension
   * {@code cad} counts one foot (strides/min: 75-95 when running), while a few exporters write both
   * feet (150-200). No runner strides 120 times a minute with one foot, and no runner takes only
   * 120 steps, so 120 separates the two.
   */
  private static final double STRIDES_MAX = 120;

  private final SecureXml.Stax stax;

  /** A reader on Aalto, the fastest safe StAX here. */
  public GpxReader() {
    this(SecureXml.Stax.AALTO);
  }

  /** A reader on the StAX implementation given (the benchmark compares them). */
  public GpxReader(SecureXml.Stax stax) {
    this.stax = stax;
  }

  /** Reads one GPX document; does not close {@code in}. */
  public ParsedActivity read(InputStream in) throws InvalidActivityException {
    return SecureXml.read(in, "GPX", (xml, prolog) -> new Parse(xml, prolog, false).run(), stax);
  }

  /**
   * The time of the first track point with one, in the file's order, read up to the end of that
   * point and no further: what a history's import orders its files by. Everything read on the way
   * is refused as {@link #read} refuses it (a DTD, malformed XML, a point without a position); what
   * lies after that point is for the full read to judge. The start of {@link #read}'s activity,
   * unless the points are out of order.
   */
  public Instant firstTime(InputStream in) throws InvalidActivityException {
    return SecureXml.read(
        in,
        "GPX",
        (xml, prolog) -> {
          Parse first = new Parse(xml, prolog, true);
          SecureXml.readElements(xml, prolog, first);
          return first.points.firstTime();
        },
        stax);
  }

  /** The state of one read: which elements are open, the point being read, what was found. */
  private static final class Parse implements SecureXml.ElementHandler {
    private final XMLStreamReader xml;
    private final Prolog prolog;
    private final Deque<String> open = new ArrayDeque<>();
    private final TrackPoints points = new TrackPoints("track points");
    private String trackType;
    private Optional<Sport> sport;
    private TrackPoint point;

    /** Whether the read stops at the first point with a time. */
    private final boolean firstOnly;

    /** How many {@code <extensions>} elements are open: a value inside one is an extension's. */
    private int extensions;

    /** The text of the value being read, reused from value to value. */
    private final TextBuffer text = new TextBuffer();

    Parse(XMLStreamReader xml, Prolog prolog, boolean firstOnly) {
      this.xml = xml;
      this.prolog = prolog;
      this.firstOnly = firstOnly;
    }

    @Override
    public boolean done() {
      return firstOnly && points.anyTimed();
    }

    ParsedActivity run() throws XMLStreamException, InvalidActivityException {
      SecureXml.readElements(xml, prolog, this);
      return points.activity(
          FORMAT, sport == null ? Optional.empty() : sport, GpxReader::cadenceFactor);
    }

    @Override
    public void start(String name) throws XMLStreamException, InvalidActivityException {
      String parent = open.peek();
      if (parent == null && !name.equals("gpx")) {
        throw new InvalidActivityException(
            "not a GPX file: root element is <" + xml.getLocalName() + ">", null, null);
      }
      if (point != null) {
        if (readPointChild(name, parent)) {
          return; // the value was read up to and including its end tag
        }
      } else if (name.equals("type") && "trk".equals(parent)) {
        trackType = SecureXml.elementText(xml).trim();
        return;
      } else if (name.equals("trk")) {
        trackType = null;
      } else if (name.equals("trkseg")) {
        // a new segment is where the device stopped and restarted recording
        points.trackBegins();
      } else if (name.equals("trkpt") && "trkseg".equals(parent)) {
        point = new TrackPoint();
        readPosition();
      }
      if (name.equals("extensions")) {
        extensions++;
      }
      open.push(name);
    }

    @Override
    public void end(String name) {
      open.pop();
      if (name.equals("extensions")) {
        extensions--;
      } else if (name.equals("trkpt") && point != null) {
        if (points.add(point) && sport == null) {
          // The points' own track decides, not an empty track that happens to come first.
          sport = sportOf(trackType);
        }
        point = null;
      }
    }

    /** Reads a value inside {@code <trkpt>}; false when the element is not one we take. */
    private boolean readPointChild(String name, String parent)
        throws XMLStreamException, InvalidActivityException {
      boolean direct = "trkpt".equals(parent);
      boolean inExtensions = extensions > 0;
      if (direct && name.equals("ele")) {
        point.elevation = numberValue("elevation");
      } else if (direct && name.equals("time")) {
        Location at = xml.getLocation();
        point.time = SecureXml.time(value(), at, prolog);
      } else if ((direct || inExtensions) && name.equals("speed")) {
        // GPX 1.0 <speed> and TrackPointExtension v2 <speed> are both metres per second.
        point.speed = numberValue("speed");
      } else if (inExtensions && (name.equals("hr") || name.equals("heartrate"))) {
        point.heartRate = (int) Math.round(numberValue("heart rate"));
      } else if (inExtensions && (name.equals("cad") || name.equals("cadence"))) {
        point.cadence = numberValue("cadence");
      } else {
        return false;
      }
      return true;
    }

    private void readPosition() throws XMLStreamException, InvalidActivityException {
      int lat = -1;
      int lon = -1;
      for (int i = 0; i < xml.getAttributeCount(); i++) {
        String attribute = SecureXml.attributeName(xml, i);
        if (attribute.equals("lat")) {
          lat = i;
        } else if (attribute.equals("lon")) {
          lon = i;
        }
      }
      Location at = xml.getLocation();
      if (lat < 0 || lon < 0) {
        throw SecureXml.invalid("track point without lat and lon", at, prolog);
      }
      point.lat = number(SecureXml.attributeText(xml, lat, text), "latitude", at);
      point.lon = number(SecureXml.attributeText(xml, lon, text), "longitude", at);
      if (Math.abs(point.lat) > 90 || Math.abs(point.lon) > 180) {
        throw SecureXml.invalid(
            "track point outside the globe ("
                + xml.getAttributeValue(lat)
                + ", "
                + xml.getAttributeValue(lon)
                + ")",
            at,
            prolog);
      }
    }

    /**
     * The number of the value element just started, up to and including its end tag; the place in a
     * rejection is the element's, taken only for a value read.
     */
    private double numberValue(String what) throws XMLStreamException, InvalidActivityException {
      Location at = xml.getLocation();
      return number(value(), what, at);
    }

    /** The text of the value element just started; valid until the next value is read. */
    private TextBuffer value() throws XMLStreamException {
      return SecureXml.elementText(xml, text);
    }

    private double number(CharSequence text, String what, Location at)
        throws InvalidActivityException {
      return SecureXml.number(text, what, at, prolog);
    }
  }

  /**
   * 2 when the file counts strides (one foot), else 1: decided once per file from the median of its
   * positive cadences, sorted, not per point. The unit belongs to the exporter, and a per-point
   * test would double the slow walking breaks of a file that already counts steps (110 steps/min
   * would become 220).
   */
  private static double cadenceFactor(double[] cadences) {
    return cadences.length == 0 || cadences[cadences.length / 2] > STRIDES_MAX ? 1 : 2;
  }

  /**
   * The track's {@code <type>} as a sport. A type with no letter or digit ("...", seen in real
   * GPSBabel output) names nothing, so the sport is left to be inferred from speed.
   */
  private static Optional<Sport> sportOf(String type) {
    if (type == null || type.codePoints().noneMatch(Character::isLetterOrDigit)) {
      return Optional.empty();
    }
    return Sport.fromExportName(type);
  }
}
