package io.backstride.ingest.tcx;

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
 * Reads Garmin Training Center (TCX v2) trackpoints as a stream of StAX events: {@code Time},
 * {@code Position}, {@code AltitudeMeters}, {@code DistanceMeters}, {@code HeartRateBpm/Value}, and
 * the ActivityExtension v2 {@code TPX} values {@code Speed} (m/s) and {@code RunCadence}. The sport
 * is the {@code Sport} attribute of the activity the points belong to; the points of every lap are
 * read as one activity. The first point of every {@code Track} but the first is marked {@link
 * Sample#pauseBefore()}: Garmin starts a new track where the watch was paused, and the way to it
 * was not recorded. The {@code DistanceMeters} are the device's own, which stop while paused.
 *
 * <p>A trackpoint without a {@code Position} (a treadmill or indoor run) is kept with its {@code
 * DistanceMeters}, from which the metrics take the distance. {@code RunCadence} counts one foot, so
 * it is doubled to steps per minute; the trackpoint's own {@code Cadence} is a bike's crank rate
 * and is not a step rate, so it is not read.
 *
 * <p>Safety as for GPX: {@link SecureXml} refuses DTDs and resolves nothing. Instances are
 * stateless and thread-safe.
 */
public final class TcxReader {
  private static final String FORMAT = "tcx";

  private final SecureXml.Stax stax;

  /** A reader on Aalto, the fastest safe StAX here. */
  public TcxReader() {
    this(SecureXml.Stax.AALTO);
  }

  /** A reader on the StAX implementation given (the benchmark compares them). */
  public TcxReader(SecureXml.Stax stax) {
    this.stax = stax;
  }

  /** Reads one TCX document; does not close {@code in}. */
  public ParsedActivity read(InputStream in) throws InvalidActivityException {
    return SecureXml.read(in, "TCX", (xml, prolog) -> new Parse(xml, prolog, false).run(), stax);
  }

  /**
   * The time of the first trackpoint with one, in the file's order, read up to the end of that
   * trackpoint and no further (as {@link io.backstride.ingest.gpx.GpxReader#firstTime} for GPX).
   */
  public Instant firstTime(InputStream in) throws InvalidActivityException {
    return SecureXml.read(
        in,
        "TCX",
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
    private final TrackPoints points = new TrackPoints("trackpoints");
    private String activitySport;
    private Optional<Sport> sport;
    private TrackPoint point;

    /** Whether the read stops at the first trackpoint with a time. */
    private final boolean firstOnly;

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
      return points.activity(FORMAT, sport == null ? Optional.empty() : sport);
    }

    @Override
    public void start(String name) throws XMLStreamException, InvalidActivityException {
      String parent = open.peek();
      if (parent == null && !name.equals("TrainingCenterDatabase")) {
        throw new InvalidActivityException(
            "not a TCX file: root element is <" + xml.getLocalName() + ">", null, null);
      }
      if (point != null) {
        if (readPointChild(name, parent)) {
          return; // the value was read up to and including its end tag
        }
      } else if (name.equals("Activity")) {
        activitySport = attribute("Sport");
      } else if (name.equals("Track")) {
        // a new track is where the watch was paused (or a new lap began: its first point
        // repeats the last one's time, and only the earlier is kept)
        points.trackBegins();
      } else if (name.equals("Trackpoint") && "Track".equals(parent)) {
        point = new TrackPoint();
      }
      open.push(name);
    }

    @Override
    public void end(String name) {
      open.pop();
      if (name.equals("Trackpoint") && point != null) {
        if (points.add(point) && sport == null) {
          // The points' own activity decides, not an empty one that happens to come first.
          sport = Sport.fromExportName(activitySport);
        }
        point = null;
      } else if (name.equals("Activity")) {
        activitySport = null;
      }
    }

    /** Reads a value inside {@code <Trackpoint>}; false when the element is not one we take. */
    private boolean readPointChild(String name, String parent)
        throws XMLStreamException, InvalidActivityException {
      boolean direct = "Trackpoint".equals(parent);
      if (direct && name.equals("Time")) {
        Location at = xml.getLocation();
        point.time = SecureXml.time(value(), at, prolog);
      } else if ("Position".equals(parent) && name.equals("LatitudeDegrees")) {
        Location at = xml.getLocation();
        point.lat = number(value(), "latitude", at);
        if (Math.abs(point.lat) > 90) {
          throw SecureXml.invalid("latitude outside the globe (" + point.lat + ")", at, prolog);
        }
      } else if ("Position".equals(parent) && name.equals("LongitudeDegrees")) {
        Location at = xml.getLocation();
        point.lon = number(value(), "longitude", at);
        if (Math.abs(point.lon) > 180) {
          throw SecureXml.invalid("longitude outside the globe (" + point.lon + ")", at, prolog);
        }
      } else if (direct && name.equals("AltitudeMeters")) {
        point.elevation = numberValue("altitude");
      } else if (direct && name.equals("DistanceMeters")) {
        point.distance = numberValue("distance");
      } else if ("HeartRateBpm".equals(parent) && name.equals("Value")) {
        point.heartRate = (int) Math.round(numberValue("heart rate"));
      } else if ("TPX".equals(parent) && name.equals("Speed")) {
        point.speed = numberValue("speed");
      } else if ("TPX".equals(parent) && name.equals("RunCadence")) {
        // strides per minute of one foot: both feet take twice as many steps
        point.cadence = numberValue("run cadence") * 2;
      } else {
        return false;
      }
      return true;
    }

    private String attribute(String wanted) {
      for (int i = 0; i < xml.getAttributeCount(); i++) {
        if (SecureXml.attributeName(xml, i).equals(wanted)) {
          return xml.getAttributeValue(i);
        }
      }
      return null;
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
}
