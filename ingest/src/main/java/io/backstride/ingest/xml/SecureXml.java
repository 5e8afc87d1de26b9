package io.backstride.ingest.xml;

import io.backstride.ingest.InvalidActivityException;
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
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What every XML activity reader (GPX, TCX) shares: a StAX factory that is safe for files from the
 * internet, the skipping of real-world junk before {@code <?xml}, and errors that name the line and
 * column of the file the user has.
 *
 * <p>The factory refuses DTDs outright, so there is no entity expansion (billion laughs, quadratic
 * blow-up), no external entity (XXE) and no parameter entity fetching a remote DTD; a resolver that
 * refuses everything stays in place in case a parser ignores one of the switches. Namespace
 * processing is off: exporters write extension elements under prefixes they never declare, which a
 * namespace-aware parser rejects, so elements are matched by {@link #localName local name}.
 */
public final class SecureXml {
  /** XML Schema dateTime as GPX and TCX write it; without an offset it means UTC. */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_DATE_TIME;

  /** A new factory with DTDs, external entities and every resolution switched off. */
  public static XMLInputFactory newInputFactory() {
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

  /** The part of a name after its prefix: {@code gpxtpx:hr} is {@code hr}. */
  public static String localName(String name) {
    return name.substring(name.lastIndexOf(':') + 1);
  }

  /** A value shortened to one line of at most 40 characters, to quote it in a reason. */
  public static String abbreviate(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 40) + "...";
  }

  /**
   * An XML Schema dateTime as an instant, at millisecond resolution: Kafka keeps milliseconds (Avro
   * timestamp-millis), so duplicates are compared at that resolution.
   *
   * @throws DateTimeParseException when the text is not a dateTime
   */
  public static Instant instant(String text) {
    TemporalAccessor parsed =
        TIME.parseBest(text.trim(), OffsetDateTime::from, LocalDateTime::from);
    Instant instant =
        parsed instanceof OffsetDateTime offset
            ? offset.toInstant()
            : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }

  /** A rejection at a parser location, translated to the user's line and column. */
  public static InvalidActivityException invalid(String what, Location at, Prolog prolog) {
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
   *
   * @param format the format expected, for the message about an empty body ("GPX")
   */
  public static InvalidActivityException malformed(
      XMLStreamException e, Prolog prolog, String format) {
    Throwable cause = e.getNestedException() != null ? e.getNestedException() : e.getCause();
    if (cause instanceof IOException io && !(cause instanceof CharConversionException)) {
      throw new UncheckedIOException(io);
    }
    if (prolog.empty()) {
      return new InvalidActivityException(
          "not a " + format + " file: the body is empty", null, null);
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
  /** One format's pass over an opened document. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(XMLStreamReader xml, Prolog prolog) throws XMLStreamException, InvalidActivityException;
  }

  /**
   * Opens {@code in} with the secure factory (after any BOM and whitespace), runs {@code parser}
   * over it and closes the XML reader, but not the stream, which belongs to the caller; XML that is
   * not well formed becomes an {@link InvalidActivityException} naming {@code format} and the
   * place.
   */
  public static <T> T read(InputStream in, String format, Parser<T> parser)
      throws InvalidActivityException {
    Prolog prolog = skipProlog(in);
    XMLStreamReader xml = null;
    try {
      xml = newInputFactory().createXMLStreamReader(prolog.stream());
      return parser.parse(xml, prolog);
    } catch (XMLStreamException e) {
      throw malformed(e, prolog, format);
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

  public static Prolog skipProlog(InputStream in) {
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
  public record Prolog(InputStream stream, int skippedLines, int skippedColumns, boolean empty) {
    public int line(int parserLine) {
      return parserLine + skippedLines;
    }

    public int column(int parserLine, int parserColumn) {
      return parserLine == 1 ? parserColumn + skippedColumns : parserColumn;
    }
  }

  private SecureXml() {}
}
