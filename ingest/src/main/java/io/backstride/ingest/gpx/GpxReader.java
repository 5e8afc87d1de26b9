package io.backstride.ingest.gpx;

import io.backstride.core.Sample;
import io.backstride.core.Sport;
import io.backstride.ingest.InvalidActivityException;
import io.backstride.ingest.ParsedActivity;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads GPX 1.0 and 1.1 track points as a stream of StAX events, so that a large file is never held
 * as a tree. Takes position, {@code <ele>}, {@code <time>}, GPX 1.0 {@code <speed>}, and the heart
 * rate and cadence of Garmin's TrackPointExtension (or any extension using the same local names);
 * the sport comes from the {@code <type>} of the track the points belong to.
 *
 * <p>Safety: the file comes from the internet, so DTDs are refused outright (no entity expansion,
 * no external entities, no billion laughs) and nothing is ever resolved.
 *
 * <p>Elements are matched by local name with namespace processing off: exporters write extension
 * elements under every prefix imaginable and some forget to declare it, which a namespace-aware
 * parser rejects as malformed. Without namespaces an undeclared {@code gpxtpx:hr} is just a name.
 *
 * <p>Instances are stateless and thread-safe.
 */
public final class GpxReader {
  private static final String FORMAT = "gpx";

  /** GPX times are UTC; some writers omit the offset, which then means UTC as well. */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_DATE_TIME;

  /**
   * Above this median the cadence values are already steps per minute. Garmin's TrackPointExtension
   * {@code cad} counts one foot (strides/min: 75-95 when running), while a few exporters write both
   * feet (150-200). No runner strides 120 times a minute with one foot, and no runner takes only
   * 120 steps, so 120 separates the two.
   */
  private static final double STRIDES_MAX = 120;

  /** Reads one GPX document; does not close {@code in}. */
  public ParsedActivity read(InputStream in) throws InvalidActivityException {
    Prolog prolog = skipProlog(in);
    XMLStreamReader xml = null;
    try {
      xml = newFactory().createXMLStreamReader(prolog.stream());
      return new Parse(xml, prolog).run();
    } catch (XMLStreamException e) {
      throw malformed(e, prolog);
    } finally {
      if (xml != null) {
        try {
          xml.close();
        } catch (XMLStreamException ignored) {
          // closing a reader releases nothing of ours: the stream belongs to the caller
        }
      }
    }
  }

  private static XMLInputFactory newFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    factory.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external resources are not accepted: " + systemId);
        });
    return factory;
  }

  /** The state of one read: which elements are open, the point being read, what was found. */
  private static final class Parse {
    private final XMLStreamReader xml;
    private final Prolog prolog;
    private final Deque<String> open = new ArrayDeque<>();
    private final List<Sample> samples = new ArrayList<>();
    private int pointsWithoutTime;
    private String trackType;
    private Optional<Sport> sport;
    private Point point;

    Parse(XMLStreamReader xml, Prolog prolog) {
      this.xml = xml;
      this.prolog = prolog;
    }

    ParsedActivity run() throws XMLStreamException, InvalidActivityException {
      while (xml.hasNext()) {
        switch (xml.next()) {
          case XMLStreamConstants.DTD ->
              throw invalid("DTDs are not accepted", xml.getLocation(), prolog);
          case XMLStreamConstants.START_ELEMENT -> start(localName(xml.getLocalName()));
          case XMLStreamConstants.END_ELEMENT -> end(localName(xml.getLocalName()));
          default -> {
            // text between the elements we read, comments, processing instructions
          }
        }
      }
      if (samples.isEmpty()) {
        throw new InvalidActivityException(
            pointsWithoutTime == 0
                ? "no track points with a time: the file has no track points"
                : "no track points with a time: " + pointsWithoutTime + " points have none",
            null,
            null);
      }
      return new ParsedActivity(
          FORMAT, sport == null ? Optional.empty() : sport, tidy(samples), pointsWithoutTime);
    }

    private void start(String name) throws XMLStreamException, InvalidActivityException {
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
        trackType = xml.getElementText().trim();
        return;
      } else if (name.equals("trk")) {
        trackType = null;
      } else if (name.equals("trkpt") && "trkseg".equals(parent)) {
        point = new Point();
        readPosition();
      }
      open.push(name);
    }

    private void end(String name) {
      open.pop();
      if (name.equals("trkpt") && point != null) {
        if (point.time == null) {
          pointsWithoutTime++;
        } else {
          if (sport == null) {
            // The points' own track decides, not an empty track that happens to come first.
            sport = sportOf(trackType);
          }
          samples.add(point.toSample());
        }
        point = null;
      }
    }

    /** Reads a value inside {@code <trkpt>}; false when the element is not one we take. */
    private boolean readPointChild(String name, String parent)
        throws XMLStreamException, InvalidActivityException {
      boolean direct = "trkpt".equals(parent);
      boolean inExtensions = open.contains("extensions");
      Location at = xml.getLocation();
      if (direct && name.equals("ele")) {
        point.elevation = number(xml.getElementText(), "elevation", at);
      } else if (direct && name.equals("time")) {
        point.time = time(xml.getElementText(), at);
      } else if ((direct || inExtensions) && name.equals("speed")) {
        // GPX 1.0 <speed> and TrackPointExtension v2 <speed> are both metres per second.
        point.speed = number(xml.getElementText(), "speed", at);
      } else if (inExtensions && (name.equals("hr") || name.equals("heartrate"))) {
        point.heartRate = (int) Math.round(number(xml.getElementText(), "heart rate", at));
      } else if (inExtensions && (name.equals("cad") || name.equals("cadence"))) {
        point.cadence = number(xml.getElementText(), "cadence", at);
      } else {
        return false;
      }
      return true;
    }

    private void readPosition() throws InvalidActivityException {
      Location at = xml.getLocation();
      String lat = null;
      String lon = null;
      for (int i = 0; i < xml.getAttributeCount(); i++) {
        String attribute = localName(xml.getAttributeLocalName(i));
        if (attribute.equals("lat")) {
          lat = xml.getAttributeValue(i);
        } else if (attribute.equals("lon")) {
          lon = xml.getAttributeValue(i);
        }
      }
      if (lat == null || lon == null) {
        throw invalid("track point without lat and lon", at, prolog);
      }
      point.lat = number(lat, "latitude", at);
      point.lon = number(lon, "longitude", at);
      if (Math.abs(point.lat) > 90 || Math.abs(point.lon) > 180) {
        throw invalid("track point outside the globe (" + lat + ", " + lon + ")", at, prolog);
      }
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
      throw invalid("invalid " + what + " '" + abbreviate(text) + "'", at, prolog);
    }

    private Instant time(String text, Location at) throws InvalidActivityException {
      try {
        TemporalAccessor parsed =
            TIME.parseBest(text.trim(), OffsetDateTime::from, LocalDateTime::from);
        Instant instant =
            parsed instanceof OffsetDateTime offset
                ? offset.toInstant()
                : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        // Kafka keeps milliseconds (Avro timestamp-millis): compare duplicates at that resolution.
        return instant.truncatedTo(ChronoUnit.MILLIS);
      } catch (DateTimeParseException e) {
        throw invalid("invalid time '" + abbreviate(text) + "'", at, prolog);
      }
    }
  }

  /** A track point while it is being read. */
  private static final class Point {
    Double lat;
    Double lon;
    Double elevation;
    Double speed;
    Integer heartRate;
    Double cadence;
    Instant time;

    Sample toSample() {
      return new Sample(time, lat, lon, elevation, speed, null, heartRate, cadence, null);
    }
  }

  /**
   * Sorted by time (stable, so the first of equal times is the one kept), exact duplicates of a
   * time dropped, cadence in steps per minute.
   */
  private static List<Sample> tidy(List<Sample> samples) {
    List<Sample> sorted = new ArrayList<>(samples);
    sorted.sort(Comparator.comparing(Sample::time));
    List<Sample> unique = new ArrayList<>(sorted.size());
    for (Sample sample : sorted) {
      if (unique.isEmpty() || !unique.get(unique.size() - 1).time().equals(sample.time())) {
        unique.add(sample);
      }
    }
    return stepsPerMinute(unique);
  }

  /**
   * Doubles the cadence when the file counts strides (one foot). Decided once per file from the
   * median, not per point: the unit belongs to the exporter, and a per-point test would double the
   * slow walking breaks of a file that already counts steps (110 steps/min would become 220).
   */
  private static List<Sample> stepsPerMinute(List<Sample> samples) {
    double[] cadences =
        samples.stream()
            .map(Sample::cadenceSpm)
            .filter(c -> c != null && c > 0)
            .mapToDouble(Double::doubleValue)
            .sorted()
            .toArray();
    if (cadences.length == 0 || cadences[cadences.length / 2] > STRIDES_MAX) {
      return samples;
    }
    return samples.stream()
        .map(
            s ->
                s.cadenceSpm() == null
                    ? s
                    : new Sample(
                        s.time(),
                        s.lat(),
                        s.lon(),
                        s.elevationM(),
                        s.speedMps(),
                        s.distanceM(),
                        s.heartRateBpm(),
                        s.cadenceSpm() * 2,
                        s.verticalOscillationMm()))
        .toList();
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

  private static String localName(String name) {
    return name.substring(name.lastIndexOf(':') + 1);
  }

  private static String abbreviate(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 40) + "...";
  }

  private static InvalidActivityException invalid(String what, Location at, Prolog prolog) {
    if (at == null || at.getLineNumber() < 1) {
      return new InvalidActivityException(what, null, null);
    }
    int line = prolog.line(at.getLineNumber());
    int column = prolog.column(at.getLineNumber(), at.getColumnNumber());
    return new InvalidActivityException(
        what + " at line " + line + ", column " + column, line, column);
  }

  /**
   * A parse error as a one-line reason. An I/O failure of the stream itself (the client went away,
   * the body exceeded its cap) is not the file's fault and is rethrown as such; undecodable bytes
   * are the file's fault.
   */
  private static InvalidActivityException malformed(XMLStreamException e, Prolog prolog) {
    Throwable cause = e.getNestedException() != null ? e.getNestedException() : e.getCause();
    if (cause instanceof IOException io && !(cause instanceof CharConversionException)) {
      throw new UncheckedIOException(io);
    }
    if (prolog.empty()) {
      return new InvalidActivityException("not a GPX file: the body is empty", null, null);
    }
    String message = e.getMessage() == null ? "unreadable" : e.getMessage();
    int marker = message.indexOf("Message: ");
    String detail = abbreviateLine(marker >= 0 ? message.substring(marker + 9) : message);
    Location at = e.getLocation();
    if (at == null || at.getLineNumber() < 1) {
      return new InvalidActivityException("malformed XML: " + detail, null, null);
    }
    int line = prolog.line(at.getLineNumber());
    int column = prolog.column(at.getLineNumber(), at.getColumnNumber());
    return new InvalidActivityException(
        "malformed XML at line " + line + ", column " + column + ": " + detail, line, column);
  }

  private static String abbreviateLine(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }

  /**
   * Skips a UTF-8 byte-order mark and whitespace before the XML declaration, which XML forbids but
   * real uploads contain; remembers how many lines and columns were skipped so that reported
   * positions still match the file the user has. UTF-16 input is left alone for the parser.
   */
  private static Prolog skipProlog(InputStream in) {
    try {
      PushbackInputStream stream = new PushbackInputStream(in, 3);
      byte[] head = stream.readNBytes(3);
      boolean bom =
          head.length == 3
              && (head[0] & 0xff) == 0xef
              && (head[1] & 0xff) == 0xbb
              && (head[2] & 0xff) == 0xbf;
      if (!bom) {
        stream.unread(head);
      }
      int lines = 0;
      int columns = 0;
      int b;
      while ((b = stream.read()) == ' ' || b == '\t' || b == '\r' || b == '\n') {
        if (b == '\n') {
          lines++;
          columns = 0;
        } else if (b != '\r') {
          columns++;
        }
      }
      if (b != -1) {
        stream.unread(b);
      }
      return new Prolog(stream, lines, columns, b == -1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The stream after the skipped prolog, and what was skipped. */
  private record Prolog(InputStream stream, int skippedLines, int skippedColumns, boolean empty) {
    int line(int parserLine) {
      return parserLine + skippedLines;
    }

    int column(int parserLine, int parserColumn) {
      return parserLine == 1 ? parserColumn + skippedColumns : parserColumn;
    }
  }
}
