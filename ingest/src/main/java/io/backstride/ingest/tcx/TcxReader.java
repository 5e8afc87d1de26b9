package io.backstride.ingest.tcx;

import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.ingest.InvalidActivityException;
import io.backstride.ingest.ParsedActivity;
import io.backstride.ingest.SampleOrder;
import io.backstride.ingest.xml.SecureXml;
import io.backstride.ingest.xml.SecureXml.Prolog;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
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
    return SecureXml.read(in, "TCX", (xml, prolog) -> new Parse(xml, prolog).run(), stax);
  }

  /** The state of one read: which elements are open, the point being read, what was found. */
  private static final class Parse {
    private final XMLStreamReader xml;
    private final Prolog prolog;
    private final Deque<String> open = new ArrayDeque<>();
    private final List<Sample> samples = new ArrayList<>();
    private int pointsWithoutTime;
    private String activitySport;
    private Optional<Sport> sport;
    private Point point;
    private boolean trackBegins;

    Parse(XMLStreamReader xml, Prolog prolog) {
      this.xml = xml;
      this.prolog = prolog;
    }

    ParsedActivity run() throws XMLStreamException, InvalidActivityException {
      while (xml.hasNext()) {
        switch (xml.next()) {
          case XMLStreamConstants.DTD ->
              throw invalid("DTDs are not accepted", SecureXml.dtdLocation(xml));
          case XMLStreamConstants.ENTITY_REFERENCE ->
              throw invalid("entity references are not accepted", xml.getLocation());
          case XMLStreamConstants.START_ELEMENT -> start(SecureXml.elementName(xml));
          case XMLStreamConstants.END_ELEMENT -> end(SecureXml.elementName(xml));
          default -> {
            // text between the elements we read, comments, processing instructions
          }
        }
      }
      if (samples.isEmpty()) {
        throw new InvalidActivityException(
            pointsWithoutTime == 0
                ? "no trackpoints with a time: the file has no trackpoints"
                : "no trackpoints with a time: " + pointsWithoutTime + " points have none",
            null,
            null);
      }
      return new ParsedActivity(
          FORMAT,
          sport == null ? Optional.empty() : sport,
          SampleOrder.sortedUnique(samples),
          pointsWithoutTime);
    }

    private void start(String name) throws XMLStreamException, InvalidActivityException {
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
        trackBegins = true;
      } else if (name.equals("Trackpoint") && "Track".equals(parent)) {
        point = new Point();
      }
      open.push(name);
    }

    private void end(String name) {
      open.pop();
      if (name.equals("Trackpoint") && point != null) {
        if (point.time == null) {
          pointsWithoutTime++;
        } else {
          if (sport == null) {
            // The points' own activity decides, not an empty one that happens to come first.
            sport = Sport.fromExportName(activitySport);
          }
          Sample sample = point.toSample();
          // a new track is where the watch was paused (or a new lap began: its first point
          // repeats the last one's time, and only the earlier is kept)
          samples.add(trackBegins && !samples.isEmpty() ? sample.afterPause() : sample);
          trackBegins = false;
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
      Location at = xml.getLocation();
      if (direct && name.equals("Time")) {
        point.time = time(SecureXml.elementText(xml), at);
      } else if ("Position".equals(parent) && name.equals("LatitudeDegrees")) {
        point.lat = number(SecureXml.elementText(xml), "latitude", at);
        if (Math.abs(point.lat) > 90) {
          throw invalid("latitude outside the globe (" + point.lat + ")", at);
        }
      } else if ("Position".equals(parent) && name.equals("LongitudeDegrees")) {
        point.lon = number(SecureXml.elementText(xml), "longitude", at);
        if (Math.abs(point.lon) > 180) {
          throw invalid("longitude outside the globe (" + point.lon + ")", at);
        }
      } else if (direct && name.equals("AltitudeMeters")) {
        point.elevation = number(SecureXml.elementText(xml), "altitude", at);
      } else if (direct && name.equals("DistanceMeters")) {
        point.distance = number(SecureXml.elementText(xml), "distance", at);
      } else if ("HeartRateBpm".equals(parent) && name.equals("Value")) {
        point.heartRate = (int) Math.round(number(SecureXml.elementText(xml), "heart rate", at));
      } else if ("TPX".equals(parent) && name.equals("Speed")) {
        point.speed = number(SecureXml.elementText(xml), "speed", at);
      } else if ("TPX".equals(parent) && name.equals("RunCadence")) {
        // strides per minute of one foot: both feet take twice as many steps
        point.cadence = number(SecureXml.elementText(xml), "run cadence", at) * 2;
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

    private double number(String text, String what, Location at) throws InvalidActivityException {
      try {
        double value = Double.parseDouble(text.trim());
        if (Double.isFinite(value)) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below together with the non-finite case
      }
      throw invalid("invalid " + what + " '" + SecureXml.abbreviate(text) + "'", at);
    }

    private Instant time(String text, Location at) throws InvalidActivityException {
      try {
        return SecureXml.instant(text);
      } catch (DateTimeParseException e) {
        throw invalid("invalid time '" + SecureXml.abbreviate(text) + "'", at);
      }
    }

    private InvalidActivityException invalid(String what, Location at) {
      return SecureXml.invalid(what, at, prolog);
    }
  }

  /** A trackpoint while it is being read. */
  private static final class Point {
    Double lat;
    Double lon;
    Double elevation;
    Double speed;
    Double distance;
    Integer heartRate;
    Double cadence;
    Instant time;

    Sample toSample() {
      // A position needs both halves; one alone is as good as none.
      boolean positioned = lat != null && lon != null;
      return new Sample(
          time,
          positioned ? lat : null,
          positioned ? lon : null,
          elevation,
          speed,
          distance,
          heartRate,
          cadence,
          null);
    }
  }
}
