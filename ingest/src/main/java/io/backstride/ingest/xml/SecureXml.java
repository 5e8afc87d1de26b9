package io.backstride.ingest.xml;

import com.fasterxml.aalto.UncheckedStreamException;
import io.backstride.ingest.InvalidActivityException;
import java.io.ByteArrayInputStream;
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
import java.util.Arrays;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.XMLStreamReader2;
import org.codehaus.stax2.io.Stax2ByteArraySource;

/**
 * What every XML activity reader (GPX, TCX) shares: a StAX parser that is safe for files from the
 * internet, the skipping of real-world junk before {@code <?xml}, and errors that name the line and
 * column of the file the user has.
 *
 * <p>The parser is Aalto ({@link Stax#AALTO}), about 1.7 times as fast as the JDK's built-in StAX
 * on a GPX track. It never reads a DTD's declarations (it reports the DOCTYPE as one event and our
 * readers reject that event), so there is no entity expansion (billion laughs, quadratic blow-up),
 * no external entity (XXE) and no parameter entity fetching a remote DTD; DTD support, external
 * entities and entity replacement are switched off as well, and a resolver that refuses everything
 * stays in place in case a switch is ignored.
 *
 * <p>Aalto is always namespace-aware, and exporters write extension elements under prefixes they
 * never declare, which it rejects. Such a file is read again by the JDK's parser with namespace
 * processing off ({@link Stax#JDK}, the same safety switches), where an undeclared {@code
 * gpxtpx:hr} is just a name. That is why the file is held in memory while Aalto reads it; the
 * caller caps its size. Elements are matched by {@link #localName local name} on either parser.
 */
public final class SecureXml {
  /** XML Schema dateTime as GPX and TCX write it; without an offset it means UTC. */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_DATE_TIME;

  /** The StAX implementations a reader can run on. */
  public enum Stax {
    /** Aalto, falling back to {@link #JDK} for a file with an undeclared prefix: the default. */
    AALTO,
    /**
     * The JDK's built-in StAX with namespace processing off, streaming: the readers before Aalto.
     */
    JDK
  }

  /**
   * One configured factory per thread and implementation: building a factory costs more than
   * reading a small file, and a StAX factory is not promised to be thread-safe.
   */
  private static final ThreadLocal<XMLInputFactory> AALTO =
      ThreadLocal.withInitial(SecureXml::newInputFactory);

  private static final ThreadLocal<XMLInputFactory> JDK =
      ThreadLocal.withInitial(SecureXml::newJdkInputFactory);

  /** This thread's factory for {@code stax}: the one {@link #read} opens documents with. */
  static XMLInputFactory factory(Stax stax) {
    return (stax == Stax.AALTO ? AALTO : JDK).get();
  }

  /** Aalto's message for an element or attribute whose prefix no {@code xmlns:} declares. */
  private static final String UNBOUND_PREFIX = "Unbound namespace prefix";

  /**
   * A new Aalto factory with DTDs, external entities, entity replacement and every resolution
   * switched off. Named explicitly rather than looked up, so that no other StAX on the class path
   * can take its place.
   */
  public static XMLInputFactory newInputFactory() {
    XMLInputFactory factory = new com.fasterxml.aalto.stax.InputFactoryImpl();
    refuseDtdsAndExternalEntities(factory);
    // An entity reference becomes an ENTITY_REFERENCE event, which the readers reject.
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    return factory;
  }

  /**
   * A new factory of the JDK's own StAX (not whatever the class path provides: Aalto registers
   * itself as the default) with the same switches and namespace processing off.
   */
  public static XMLInputFactory newJdkInputFactory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    refuseDtdsAndExternalEntities(factory);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    return factory;
  }

  private static void refuseDtdsAndExternalEntities(XMLInputFactory factory) {
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external resources are not accepted: " + systemId);
        });
  }

  /**
   * The text of the element just started, up to and including its end tag, as {@link
   * XMLStreamReader#getElementText()} but refusing an entity reference rather than reading it as
   * nothing: with replacement off, Aalto reports {@code &name;} as an event of its own.
   */
  public static String elementText(XMLStreamReader xml) throws XMLStreamException {
    String first = null;
    StringBuilder more = null;
    while (true) {
      switch (xml.next()) {
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          if (first == null) {
            first = xml.getText();
          } else {
            if (more == null) {
              more = new StringBuilder(first);
            }
            more.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
          }
        }
        case XMLStreamConstants.END_ELEMENT -> {
          return more != null ? more.toString() : first == null ? "" : first;
        }
        case XMLStreamConstants.ENTITY_REFERENCE ->
            throw new XMLStreamException(
                "entity reference &" + xml.getLocalName() + "; is not accepted", xml.getLocation());
        case XMLStreamConstants.START_ELEMENT ->
            throw new XMLStreamException(
                "element <" + xml.getLocalName() + "> where only text belongs", xml.getLocation());
        default -> {
          // comments and processing instructions inside a value are not part of it
        }
      }
    }
  }

  /**
   * As {@link #elementText(XMLStreamReader)}, into {@code into} (emptied first), which is returned:
   * a number or a time is read straight off it, so a track point's values cost no string each. The
   * parser's own characters are copied, never made a string first.
   */
  public static TextBuffer elementText(XMLStreamReader xml, TextBuffer into)
      throws XMLStreamException {
    into.clear();
    while (true) {
      switch (xml.next()) {
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
            into.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
        case XMLStreamConstants.END_ELEMENT -> {
          return into;
        }
        case XMLStreamConstants.ENTITY_REFERENCE ->
            throw new XMLStreamException(
                "entity reference &" + xml.getLocalName() + "; is not accepted", xml.getLocation());
        case XMLStreamConstants.START_ELEMENT ->
            throw new XMLStreamException(
                "element <" + xml.getLocalName() + "> where only text belongs", xml.getLocation());
        default -> {
          // comments and processing instructions inside a value are not part of it
        }
      }
    }
  }

  /**
   * The value of attribute {@code index} of the current element, into {@code into}, which is
   * returned. Aalto copies its own characters of the value in (its {@code getAttributeValue} builds
   * a string of all the element's values and cuts one out of it: three strings for a track point's
   * position), without the whitespace around it, which the numbers read from it ignore anyway.
   */
  public static TextBuffer attributeText(XMLStreamReader xml, int index, TextBuffer into)
      throws XMLStreamException {
    if (xml instanceof XMLStreamReader2 stax2) {
      stax2.getAttributeAs(index, into.attributeCopier());
    } else {
      into.set(xml.getAttributeValue(index));
    }
    return into;
  }

  /**
   * The local name of the current element: Aalto, namespace-aware, has split any prefix off
   * already; without namespaces the JDK's parser reports the prefixed name, which is cut here.
   */
  public static String elementName(XMLStreamReader xml) {
    return xml instanceof XMLStreamReader2 ? xml.getLocalName() : localName(xml.getLocalName());
  }

  /** The local name of attribute {@code index} of the current element, as {@link #elementName}. */
  public static String attributeName(XMLStreamReader xml, int index) {
    String name = xml.getAttributeLocalName(index);
    return xml instanceof XMLStreamReader2 ? name : localName(name);
  }

  /** The part of a name after its prefix: {@code gpxtpx:hr} is {@code hr}. */
  public static String localName(String name) {
    return name.substring(name.lastIndexOf(':') + 1);
  }

  /** A value shortened to one line of at most 40 characters, to quote it in a reason. */
  public static String abbreviate(CharSequence text) {
    String oneLine = text.toString().strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 40) + "...";
  }

  /**
   * An XML Schema dateTime as an instant, at millisecond resolution: Kafka keeps milliseconds (Avro
   * timestamp-millis), so duplicates are compared at that resolution.
   *
   * @throws DateTimeParseException when the text is not a dateTime
   */
  public static Instant instant(CharSequence text) {
    CharSequence t = trimmed(text);
    Instant fast = utcInstant(t);
    if (fast != null) {
      return fast;
    }
    TemporalAccessor parsed = TIME.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
    Instant instant =
        parsed instanceof OffsetDateTime offset
            ? offset.toInstant()
            : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }

  /** {@link UtcInstants#orNull} at the millisecond resolution the general path gives. */
  static Instant utcInstant(CharSequence t) {
    Instant fast = UtcInstants.orNull(t);
    return fast == null ? null : fast.truncatedTo(ChronoUnit.MILLIS);
  }

  /** {@code text} without the whitespace (and controls) around it, as {@link String#trim}. */
  private static CharSequence trimmed(CharSequence text) {
    int n = text.length();
    return n > 0 && text.charAt(0) > ' ' && text.charAt(n - 1) > ' '
        ? text
        : text.toString().trim();
  }

  /**
   * Where the DOCTYPE of a document ends. Aalto's own location of the event is where the prolog's
   * whitespace before it begins, often the line before; the JDK's is already the end.
   */
  public static Location dtdLocation(XMLStreamReader xml) throws XMLStreamException {
    return xml instanceof XMLStreamReader2 stax2
        ? stax2.getLocationInfo().getEndLocation()
        : xml.getLocation();
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
    String reason = marker >= 0 ? message.substring(marker + 9) : message;
    int aaltoLocation = reason.indexOf("\n at [");
    String detail =
        abbreviateLine(aaltoLocation >= 0 ? reason.substring(0, aaltoLocation) : reason);
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

  /** What a format does at the start and the end of each element {@link #readElements} meets. */
  public interface ElementHandler {
    /** At a start tag; {@code name} is the local name. */
    void start(String name) throws XMLStreamException, InvalidActivityException;

    /** At an end tag; {@code name} is the local name. */
    void end(String name) throws XMLStreamException, InvalidActivityException;

    /**
     * Whether the handler has what it came for and the rest of the document is not to be read (a
     * start-time read stops at the first timed point); a full read never is.
     */
    default boolean done() {
      return false;
    }
  }

  /**
   * Reads the rest of the document, or until {@code elements} is {@link ElementHandler#done done},
   * handing every start and end tag to {@code elements}. A DTD or an entity reference is refused
   * where it stands; text between the elements, comments and processing instructions are passed
   * over (a handler reads the text of a value itself, with {@link #elementText}).
   */
  public static void readElements(XMLStreamReader xml, Prolog prolog, ElementHandler elements)
      throws XMLStreamException, InvalidActivityException {
    while (!elements.done() && xml.hasNext()) {
      switch (xml.next()) {
        case XMLStreamConstants.DTD ->
            throw invalid("DTDs are not accepted", dtdLocation(xml), prolog);
        case XMLStreamConstants.ENTITY_REFERENCE ->
            throw invalid("entity references are not accepted", xml.getLocation(), prolog);
        case XMLStreamConstants.START_ELEMENT -> elements.start(elementName(xml));
        case XMLStreamConstants.END_ELEMENT -> elements.end(elementName(xml));
        default -> {
          // text between the elements, comments, processing instructions
        }
      }
    }
  }

  /**
   * The text of a value as a finite number.
   *
   * @param what the value's name for the message ("heart rate")
   * @throws InvalidActivityException naming the value and the place when it is not one
   */
  public static double number(CharSequence text, String what, Location at, Prolog prolog)
      throws InvalidActivityException {
    try {
      double value = DecimalText.parse(text);
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below together with the non-finite case
    }
    throw invalid("invalid " + what + " '" + abbreviate(text) + "'", at, prolog);
  }

  /**
   * The text of a value as an {@link #instant}.
   *
   * @throws InvalidActivityException naming the place when it is not a dateTime
   */
  public static Instant time(CharSequence text, Location at, Prolog prolog)
      throws InvalidActivityException {
    try {
      return instant(text);
    } catch (DateTimeParseException e) {
      throw invalid("invalid time '" + abbreviate(text) + "'", at, prolog);
    }
  }

  /** One format's pass over an opened document. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(XMLStreamReader xml, Prolog prolog) throws XMLStreamException, InvalidActivityException;
  }

  /**
   * Opens {@code in} with the secure Aalto factory (after any BOM and whitespace), runs {@code
   * parser} over it and closes the XML reader, but not the stream, which belongs to the caller; XML
   * that is not well formed becomes an {@link InvalidActivityException} naming {@code format} and
   * the place.
   */
  public static <T> T read(InputStream in, String format, Parser<T> parser)
      throws InvalidActivityException {
    return read(in, format, parser, Stax.AALTO);
  }

  /** As {@link #read(InputStream, String, Parser)}, on the StAX implementation given. */
  public static <T> T read(InputStream in, String format, Parser<T> parser, Stax stax)
      throws InvalidActivityException {
    Prolog prolog = skipProlog(in);
    if (stax == Stax.JDK) {
      return parse(
          () -> factory(Stax.JDK).createXMLStreamReader(prolog.stream()),
          prolog,
          format,
          parser,
          false);
    }
    Bytes file = readAll(prolog.stream());
    try {
      return parse(
          () ->
              file.utf16()
                  // Aalto 1.3.3 reads only UTF-8 and the Latin encodings from a byte array: for
                  // anything else it builds a decoder over no stream at all and fails with a
                  // NullPointerException (a 500 for a valid UTF-16 GPX). From a stream it decodes
                  // through the JDK's charset, with the same locked-down factory.
                  ? factory(Stax.AALTO)
                      .createXMLStreamReader(
                          new ByteArrayInputStream(file.buffer(), 0, file.length()))
                  : factory(Stax.AALTO)
                      .createXMLStreamReader(
                          new Stax2ByteArraySource(file.buffer(), 0, file.length())),
          prolog,
          format,
          parser,
          true);
    } catch (UnboundPrefix e) {
      // An undeclared prefix is no fault of the track: read it again without namespaces.
      return parse(
          () ->
              factory(Stax.JDK)
                  .createXMLStreamReader(new ByteArrayInputStream(file.buffer(), 0, file.length())),
          prolog,
          format,
          parser,
          false);
    }
  }

  /** The first {@code length} bytes of {@code buffer} are the file. */
  private record Bytes(byte[] buffer, int length) {
    /**
     * Starts as UTF-16 does: a byte-order mark either way round, or {@code <} as a 16-bit unit (the
     * signatures of XML 1.0, appendix F, that are not UTF-8).
     */
    boolean utf16() {
      if (length < 2) {
        return false;
      }
      int first = buffer[0] & 0xff;
      int second = buffer[1] & 0xff;
      return (first == 0xfe && second == 0xff)
          || (first == 0xff && second == 0xfe)
          || (first == 0 && second == '<')
          || (first == '<' && second == 0);
    }
  }

  /**
   * The rest of the stream, in a buffer sized by what the stream says it has ready, so that a file
   * already in memory is copied once (not in 8 KB pieces and then again into one array).
   */
  private static Bytes readAll(InputStream in) {
    try {
      byte[] buffer = new byte[Math.max(8192, Math.min(in.available(), 1 << 26) + 1)];
      int length = 0;
      int n;
      while ((n = in.read(buffer, length, buffer.length - length)) >= 0) {
        length += n;
        if (length == buffer.length) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
      }
      return new Bytes(buffer, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens a reader: a factory call that may fail on the first bytes. */
  @FunctionalInterface
  private interface Opener {
    XMLStreamReader open() throws XMLStreamException;
  }

  /** Aalto stopped at a prefix no declaration binds; the JDK's parser will read the file. */
  private static final class UnboundPrefix extends RuntimeException {
    UnboundPrefix(XMLStreamException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  private static <T> T parse(
      Opener opener, Prolog prolog, String format, Parser<T> parser, boolean onAalto)
      throws InvalidActivityException {
    XMLStreamReader xml = null;
    try {
      xml = opener.open();
      return parser.parse(xml, prolog);
    } catch (XMLStreamException e) {
      throw failed(e, prolog, format, onAalto);
    } catch (UncheckedStreamException e) {
      // Aalto parses text lazily, so getText() can fail and, not allowed to throw, wraps the error
      throw failed((XMLStreamException) e.getCause(), prolog, format, onAalto);
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

  private static InvalidActivityException failed(
      XMLStreamException e, Prolog prolog, String format, boolean onAalto) {
    if (onAalto && e.getMessage() != null && e.getMessage().startsWith(UNBOUND_PREFIX)) {
      throw new UnboundPrefix(e);
    }
    return malformed(e, prolog, format);
  }

  /**
   * Skips a UTF-8 byte-order mark and whitespace before the XML declaration, which XML forbids but
   * real uploads contain; remembers how many lines and columns were skipped so that reported
   * positions still match the file the user has. UTF-16 input is left alone for the parser.
   */
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
